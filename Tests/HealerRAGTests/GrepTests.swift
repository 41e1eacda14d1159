// grep_like agrees exactly with a plain per-line regex scan of the same files.
import Foundation
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite(.serialized) struct GrepTests {
    static let patterns = [
        "greet", "Greeter", "func ", "return", "hello \\\\\\(name\\)", "self\\.name", "struct\\s+\\w+",
        "^\\s*pub fn", "a.b", "\\w+", "[A-Z][a-z]+er", "x", "(?i)GREETER", "def (parse|reset)",
        "Point \\{ x: 0 \\}", "retry|Parser", "\\}$", "^$", "nomatchanywhere", "\\d", "ab?c", "s{2,}",
        "(Greeter|Animal) ", "ÿ", "\\Qa + b\\E", "name(?=:)",
    ]

    static let fixture: (directory: TemporaryDirectory, fixture: GitFixture) = {
        let directory = TemporaryDirectory()
        var files = Fixtures.files
        files["unicode/notes.txt"] = "ÿes\r\ncafé au lait\nsss\nline without break"
        return (directory, Fixtures.repository(in: directory, files: files))
    }()

    /// The reference: every indexed file of HEAD, split on "\n", each line matched alone.
    static func plainScan(_ pattern: String, repository: Repository) throws -> [GrepMatch] {
        let regex = try NSRegularExpression(pattern: pattern)
        var matches: [GrepMatch] = []
        for entry in try repository.listTree(at: "HEAD").sorted(by: { $0.path < $1.path }) {
            let bytes = [UInt8](try repository.blob(entry.id))
            guard SkipRule.forPath(entry.path) == nil, SkipRule.forContent(bytes) == nil else { continue }
            // Split the bytes, not the String: "\r\n" is one Character and would hide the break.
            var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if bytes.last == 10 { lines.removeLast() }
            for (number, line) in lines.enumerated()
            where regex.firstMatch(in: line, range: NSRange(location: 0, length: line.utf16.count)) != nil {
                matches.append(GrepMatch(path: entry.path, line: number + 1, text: line))
            }
        }
        return matches
    }

    @Test(arguments: patterns)
    func agreesWithAPlainScan(pattern: String) throws {
        let repository = try Repository.discover(at: Self.fixture.fixture.path)
        let index = try RAGIndex.open(repository: repository, path: Self.fixture.directory.appending("grep-\(UUID().uuidString).sqlite"))
        try index.index()
        #expect(try index.grepLike(pattern, limit: 10_000) == Self.plainScan(pattern, repository: repository))
    }

    @Test func limitAndBadPatterns() throws {
        let repository = try Repository.discover(at: Self.fixture.fixture.path)
        let index = try RAGIndex.open(repository: repository, path: Self.fixture.directory.appending("limit.sqlite"))
        try index.index()
        #expect(try index.grepLike("\\w+", limit: 3).count == 3)
        let error = try #require(throws: RAGError.self) { try index.grepLike("(unclosed", limit: 3) }
        #expect(error.code == .invalidRegex)
    }

    @Test(arguments: [
        ("greet", [["greet"]]), ("a.b", nil), ("\\w+", nil), ("foo(bar)?baz", [["foo", "baz"]]),
        ("abcd?e", [["abc"]]), ("x|abcd", nil), ("abcd|wxyz", [["abcd"], ["wxyz"]]), ("(?i)abc", nil),
        ("self\\.name", [["self.name"]]), ("[abc]def", [["def"]]), ("ab{0,2}cde", [["cde"]]), ("\\Qa.b*c\\E", [["a.b*c"]]),
    ] as [(String, [[String]]?)])
    func literalRuns(pattern: String, branches: [[String]]?) {
        #expect(TrigramQuery(pattern: pattern)?.branches == branches)
    }
}
