// The Swift scanner finds what swift-syntax finds, and the index falls back to it when the helper fails.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct SwiftSymbolTests {
    static let helper = SwiftSymbolExtractor.helper(HealerBinary.builtExecutable(SwiftSymbolExtractor.helperName))

    /// Sources whose braces hide in strings, comments and regex literals, and declarations the
    /// scanner must tell from expressions; with the symbols swift-syntax reports.
    static let tricky: [(source: String, symbols: [String])] = [
        ("struct S {\n  let a = \"}\"\n  let b = \"\"\"\n  {\n  \\(x.map { \"}\" })\n  \"\"\"\n  func f() {}\n}\n",
         ["struct S 1-8", "method S.f 7-7"]),
        ("/* { /* nested } */ { */\nenum E {\n  case a\n  // }\n  func g() -> String { #\"\\(}\"# }\n}\n",
         ["enum E 2-6", "method E.g 5-5"]),
        ("final class C {\n  @available(*, deprecated)\n  public private(set) static var x = 0\n  class func make() -> C { C() }\n  convenience init?(s: String) {\n    self.init()\n  }\n  required init() {}\n}\n",
         ["class C 1-9", "method C.make 4-4", "initializer C.init 5-7", "initializer C.init 8-8"]),
        ("protocol P {\n  associatedtype T\n  func a()\n  func b() async throws\n    -> Int\n  init(x: Int)\n  subscript(i: Int) -> Int { get }\n  var v: Int { get }\n}\n",
         ["protocol P 1-9", "method P.a 3-3", "method P.b 4-5", "initializer P.init 6-6", "subscript P.subscript 7-7"]),
        ("extension Dictionary<String, Int>: CustomThing where Value == Int {\n  static func == (l: Self, r: Self) -> Bool { true }\n}\nlet actor = 1\nlet c = Foo.init(x: 1)\n",
         ["extension Dictionary<String, Int> 1-3", "method Dictionary<String, Int>.== 2-2"]),
        ("func outer() {\n  struct Local {}\n  func inner() {}\n}\n@MainActor\npublic actor A<T>: Sendable {\n  nonisolated func n() {}\n}\n",
         ["function outer 1-4", "actor A 5-8", "method A.n 7-7"]),
        ("struct R {\n  let r = /[{]+/\n  func m() { _ = #/\\}{/# }\n}\n#if os(Linux)\nfunc linux() {}\n#else\nfunc other() {}\n#endif\n",
         ["struct R 1-4", "method R.m 3-3", "function linux 6-6", "function other 8-8"]),
        ("import struct Foundation.Data\nimport class Foundation.JSONDecoder\nextension [String: Int] {\n  func f() {}\n}\n",
         ["extension [String: Int] 3-5", "method [String: Int].f 4-4"]),
    ]

    @Test(arguments: 0..<tricky.count)
    func scannerFindsTheDeclarationsSwiftSyntaxFinds(number: Int) {
        let source = Array(Self.tricky[number].source.utf8)
        #expect(SwiftDeclarationScanner.symbols(in: source).map(\.description) == Self.tricky[number].symbols)
        let (fromHelper, failure) = Self.helper.symbols(in: [source])
        #expect(failure == nil)
        #expect(fromHelper.first?.map(\.description) == Self.tricky[number].symbols)
    }

    @Test func aHelperThatFailsLeavesSwiftSymbolsToTheScannerWithOneWarning() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let broken = SwiftSymbolExtractor.helper(directory.path + "/no-such-helper")
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path), settings: .init(swiftSymbols: broken))
        try index.index(revision: "HEAD")
        #expect(try index.outline(of: "Sources/App/Greeter.swift").map { "\($0.kind.rawValue) \($0.symbol ?? "")" }.prefix(2) == ["struct Greeter", "initializer init"])
        #expect(index.warnings.count == 1)
        #expect(index.warnings.first?.contains("no-such-helper") == true)
        #expect(index.warnings.first?.contains("HEALER_SWIFT_SYMBOLS=scanner") == true)
    }

    @Test func theEnvironmentChoosesTheExtractor() {
        #expect(SwiftSymbolExtractor.installed(environment: ["HEALER_SWIFT_SYMBOLS": "scanner"]) == .scanner)
        #expect(SwiftSymbolExtractor.installed(environment: ["HEALER_SWIFT_SYMBOLS": "/opt/x/healer-swift-symbols"]) == .helper("/opt/x/healer-swift-symbols"))
    }

    @Test func theHelperSaysWhatItCannotRead() {
        let output = runProcess(HealerBinary.builtExecutable(SwiftSymbolExtractor.helperName), ["/no/such/File.swift"], in: "/")
        #expect(output.status == 2)
        #expect(output.stderr.contains("cannot read '/no/such/File.swift'"))
    }
}
