// similarity_search: symbol names first, BM25 over code-aware terms, snippets by chunk id.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct SearchTests {
    @Test func codeTermsSplitIdentifiers() {
        #expect(CodeTerms.indexText(Array("parseHTTPHeader2 max_retry_count".utf8))
            == "parsehttpheader2 parse http header max_retry_count max retry count")
        #expect(CodeTerms.queryTerms("How is the retry count parsed?") == ["how", "retry", "count", "parsed"])
        #expect(CodeTerms.indexText(Array("Sources/App/URLSession+Extras.swift".utf8)) == "sources app urlsession url session extras swift")
    }

    @Test func aBareSymbolNameRanksItsDefinitionFirst() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        let hits = try index.similaritySearch("greet", k: 5)
        #expect(hits.prefix(2).allSatisfy { $0.symbol == "greet" && $0.matchedBy == ["symbol"] })
        #expect(Set(hits.prefix(2).map(\.path)) == ["Sources/App/Greeter.swift", "web/greeter.ts"])
        let qualified = try index.similaritySearch("Server.Start", k: 1)
        #expect(qualified.first?.path == "cmd/server.go")
        #expect(qualified.first?.startLine == 7)
    }

    @Test func wordsFindCodeThroughSplitIdentifiers() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory, files: [
            "Sources/Net/RetryPolicy.swift": "/// Backs off exponentially.\nstruct RetryPolicy {\n    func nextDelay(attempt: Int) -> Double { 0 }\n}\n",
            "Sources/Net/Cache.swift": "struct ResponseCache {\n    func store() {}\n}\n",
        ])
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        let hits = try index.similaritySearch("how long is the delay before the next retry", k: 3)
        #expect(hits.first?.path == "Sources/Net/RetryPolicy.swift")
        #expect(hits.first?.matchedBy == ["bm25"])
    }

    @Test func snippetsReturnTheChunkText() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        let hit = try #require(try index.similaritySearch("origin", k: 1).first)
        let snippet = try index.snippet(hit.chunkID)
        #expect(snippet.path == "src/lib.rs")
        #expect(snippet.text == "pub fn origin() -> Point {\n    Point { x: 0 }\n}")
        #expect((snippet.startLine, snippet.endLine) == (12, 14))
        #expect(throws: RAGError.self) { try index.snippet("nonsense") }
        #expect(throws: RAGError.self) { try index.snippet(String(repeating: "a", count: 40) + ":0") }
        #expect(throws: RAGError.self) { try index.similaritySearch("  ", k: 3) }
    }

    @Test func queriesBeforeIndexingSayWhatToDo() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        let error = try #require(throws: RAGError.self) { try index.similaritySearch("x", k: 1) }
        #expect(error.code == .notIndexed)
        #expect(error.message.contains("healer rag index"))
    }
}
