// Context ids: path:start-end, path:line (grep's) and a bare path resolve to lines of the indexed revision.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct ContextIDTests {
    private static let files = [
        "src/calc.py": "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n",
        "src/empty.py": "",
        "docs/a:b.txt": "one\ntwo\n",
    ]

    private func indexed(_ directory: TemporaryDirectory, files: [String: String] = files) throws -> RAGIndex {
        let fixture = Fixtures.repository(in: directory, files: files)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        return index
    }

    @Test func rangesLinesAndPathsResolveToTheIndexedRevision() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let index = try indexed(directory)
        let range = try index.snippet("src/calc.py:5-6")
        #expect(range.text == "def sub(a, b):\n    return a - b")
        #expect((range.path, range.startLine, range.endLine, range.chunkID) == ("src/calc.py", 5, 6, "src/calc.py:5-6"))
        #expect(try index.snippet("src/calc.py:2").text == "    return a + b")
        #expect(try index.snippet("./src/calc.py:1-99").endLine == 6, "a range past the end stops at the last line")
        let whole = try index.snippet("src/calc.py")
        #expect((whole.startLine, whole.endLine) == (1, 6))
        #expect(try index.snippet("docs/a:b.txt:2").text == "two", "a path may hold a colon")
        #expect(try index.snippet("docs/a:b.txt").text == "one\ntwo")
    }

    @Test func grepHitsAreSnippetIds() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let index = try indexed(directory)
        let match = try #require(try index.grepLike("return a - b").first)
        #expect(try index.snippet("\(match.path):\(match.line)").text == match.text)
    }

    @Test func ranksAreBounded() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let long = (1...500).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let index = try indexed(directory, files: ["long.txt": long])
        let snippet = try index.snippet("long.txt")
        #expect(snippet.endLine == RAGIndex.maxSnippetLines)
        #expect(try index.snippet("long.txt:450-2000").endLine == 500)
    }

    @Test func unresolvableIdsSayWhatWasWrongAndWhatIdsLookLike() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let index = try indexed(directory)
        for (id, says) in [("src/nope.py:1-3", "is not a file"), ("src/calc.py:40-41", "has 6 lines"), ("src/calc.py:5-2", "ends before it starts"),
                           ("src/empty.py", "is empty"), (String(repeating: "a", count: 40) + ":0", "not in the index")] {
            do {
                _ = try index.snippet(id)
                Issue.record("\(id) resolved")
            } catch {
                #expect(error.code == .unknownChunk && error.message.contains(says), "\(id): \(error.message)")
            }
        }
        #expect(throws: RAGError.self) { try index.snippet("") }
    }

    /// A retry's role reads its task's ids at the branch head: a chunk of a file changed since
    /// follows to the same symbol, the whole file, or the same lines.
    @Test func chunkIdsOfChangedFilesFollowToTheCurrentRevision() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory, files: Self.files)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        let sub = try #require(try index.similaritySearch("sub", k: 1).first)
        let whole = try #require(try index.similaritySearch("calc", k: 20).first { $0.chunkID.hasSuffix(":0") && $0.path == "src/calc.py" })
        #expect(try index.currentSnippet(sub.chunkID) == index.snippet(sub.chunkID), "an unchanged file answers as is")
        fixture.commit(files: ["src/calc.py": "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n\n\ndef sub(a, b):\n    return b - a\n"],
                       message: "mul")
        try index.index()
        #expect(try index.snippet(sub.chunkID).text.contains("a - b"), "the id itself still names the old code")
        let followed = try index.currentSnippet(sub.chunkID)
        #expect(followed.text == "def sub(a, b):\n    return b - a")
        #expect((followed.startLine, followed.symbol) == (9, "sub"))
        #expect(try index.currentSnippet(whole.chunkID).text.contains("def mul"), "a whole-file chunk follows to the whole file")
        fixture.commit(files: ["src/calc.py": "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n"], message: "no sub")
        try index.index()
        let lines = try index.currentSnippet(sub.chunkID)
        #expect((lines.chunkID, lines.text) == ("src/calc.py:5-6", "def mul(a, b):\n    return a * b"), "a symbol that is gone: the same lines now")
    }
}
