// Symbol chunks carry exact line ranges for every language the index parses.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct SymbolExtractionTests {
    static let expected: [(path: String, symbols: [String])] = [
        ("Sources/App/Greeter.swift", [
            "struct Greeter 4-14", "initializer Greeter.init 7-9", "method Greeter.greet 11-13",
            "extension Greeter 16-21", "method Greeter.shout 17-20", "function topLevel 23-23",
            "protocol Speaker 25-27", "method Speaker.speak 26-26", "enum Mood 29-29",
            "actor Counter 31-33", "class Box 35-35",
        ]),
        ("tools/parser.py", ["class Parser 3-10", "method Parser.parse 6-7", "method Parser.reset 9-10", "function main 13-15"]),
        ("web/app.js", ["function hello 1-3", "class Animal 5-10", "method Animal.speak 6-9"]),
        ("web/greeter.ts", ["interface Named 1-3", "class Greeter 5-10", "method Greeter.greet 7-9", "function add 12-14"]),
        ("cmd/server.go", ["struct main.Server 3-5", "method main.Server.Start 7-9", "function main.main 11-12"]),
        ("src/lib.rs", ["struct Point 1-3", "impl Point 5-10", "method Point.norm 6-9", "function origin 12-14"]),
    ]

    /// Swift symbols both ways: the swift-syntax helper built with the tests, and the scanner.
    static let swiftExtractors: [SwiftSymbolExtractor] = [.helper(HealerBinary.builtExecutable(SwiftSymbolExtractor.helperName)), .scanner]

    @Test(arguments: swiftExtractors)
    func indexedFilesCarryExactSymbolLineRanges(swift: SwiftSymbolExtractor) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path), settings: .init(swiftSymbols: swift))
        try index.index(revision: "HEAD")
        for (path, symbols) in Self.expected {
            let outline = try index.outline(of: path).map { hit in
                "\(hit.kind.rawValue) \(hit.container.map { $0 + "." } ?? "")\(hit.symbol ?? "") \(hit.startLine)-\(hit.endLine)"
            }
            #expect(outline == symbols, "\(path)")
        }
        #expect(index.warnings.isEmpty)
    }

    @Test(arguments: swiftExtractors)
    func swiftExtractorNamesNestedTypes(swift: SwiftSymbolExtractor) {
        let (found, failure) = swift.symbols(in: [Array("enum A {\n  struct B {\n    func c() {}\n  }\n}\n".utf8)])
        #expect(failure == nil)
        let symbols = found.first ?? []
        #expect(symbols.map(\.description) == ["enum A 1-5", "struct A.B 2-4", "method A.B.c 3-3"])
    }

    @Test(arguments: [
        ("fn a() {\n  let s = \"}\";\n  let c = '}';\n}\n", 1, true, 4),
        ("function f() { /* } */\n  return `${x}}`;\n}\n", 1, false, 3),
        ("fn prototype();\nfn next() {}\n", 1, true, 1),
        ("fn life<'a>(x: &'a str) {\n  x\n}\n", 1, true, 3),
    ])
    func blockEndsAreFoundOutsideStringsAndComments(source: String, start: Int, rust: Bool, end: Int) {
        let bytes = Array(source.utf8)
        #expect(BlockEndFinder.endLine(in: bytes, lineStarts: CtagsSymbolExtractor.lineStarts(bytes), startLine: start, rustCharLiterals: rust) == end)
    }
}
