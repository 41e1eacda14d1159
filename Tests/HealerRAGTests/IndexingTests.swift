// Indexing reads only new blobs, follows the skip rule and answers for the indexed revision.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct IndexingTests {
    @Test func aCommitChangingOneFileReindexesOnlyThatBlob() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        let first = try index.index(revision: "HEAD")
        #expect(first.filesSeen == Fixtures.files.count)
        #expect(first.filesSkipped == 4)  // vendor/, node_modules/, *.pb.swift, package-lock.json
        #expect(first.blobsIndexed == 8)
        #expect(first.blobsReused == 0)

        fixture.commit(files: ["tools/parser.py": Fixtures.python + "\ndef extra():\n    return 2\n"], message: "change one file")
        let second = try index.index(revision: "HEAD")
        #expect(second.blobsIndexed == 1)
        #expect(second.blobsReused == 7)
        #expect(second.chunks == 6)  // the file and its five symbols
        #expect(try index.similaritySearch("extra", k: 1).first?.path == "tools/parser.py")

        // Indexing the same revision again, or going back to the first, reads nothing new.
        let again = try index.index(revision: "HEAD")
        #expect((again.filesSeen, again.filesSkipped, again.blobsIndexed, again.blobsReused) == (12, 4, 0, 8))
        let back = try index.index(revision: "HEAD~1")
        #expect(back.blobsIndexed == 0)
        #expect(back.blobsReused == 8)
        #expect(back.filesSeen == 12)
        #expect(try index.similaritySearch("extra", k: 5).allSatisfy { $0.symbol != "extra" })
    }

    /// Indexes `fixture` with one index object, runs `change` on it, then opens a second one.
    static func reopen(_ fixture: GitFixture, after change: (RAGIndex) throws -> Void) throws -> RAGIndex {
        do {
            let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
            try index.index()
            try change(index)
        }
        return try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
    }

    @Test func theIndexSurvivesReopeningAndLivesUnderGitHealer() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let reopened = try Self.reopen(fixture) { index in #expect(index.path == fixture.path + "/.git/healer/rag.sqlite") }
        #expect(try reopened.revision == fixture.head())
        #expect(try reopened.similaritySearch("Greeter", k: 1).first?.kind == .struct)
    }

    @Test func anIndexOfAnotherSchemaIsRebuiltNotRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let reopened = try Self.reopen(fixture) { index in
            // What an earlier healer left: FTS5 tables and schema 1.
            try index.store.database.execute("""
                CREATE VIRTUAL TABLE chunk_terms USING fts5(symbol, path, body, content='', tokenize='unicode61');
                CREATE VIRTUAL TABLE chunk_vocabulary USING fts5vocab(chunk_terms, 'row');
                INSERT INTO chunk_terms(rowid, symbol, path, body) VALUES(1, 'a', 'b', 'c');
                UPDATE meta SET value = '1' WHERE key = 'schema';
                """)
        }
        let error = try #require(throws: RAGError.self) { try reopened.similaritySearch("greet", k: 1) }
        #expect(error.code == .notIndexed)
        #expect(try reopened.store.storedSchemaVersion() == IndexStore.schemaVersion)
        #expect(try reopened.store.database.rows("SELECT name FROM sqlite_master WHERE name LIKE 'chunk_terms%'") { $0.text(0) }.isEmpty)
        let report = try reopened.index()
        #expect(report.blobsIndexed == 8)
        #expect(try reopened.similaritySearch("greet", k: 1).first?.symbol == "greet")
    }

    @Test func skippedFilesAreNeitherSearchedNorGrepped() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var files = Fixtures.files
        files["assets/logo.bin"] = "PNG\u{0}\u{1}binary"
        let fixture = Fixtures.repository(in: directory, files: files)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        #expect(try index.grepLike("Vendored|vendored|Generated|Schema|binary").isEmpty)
        #expect(try index.similaritySearch("Vendored", k: 5).allSatisfy { !$0.path.contains("vendor") })
    }

    @Test(arguments: [
        ("vendor/a/b.go", SkipRule.vendored), ("x/node_modules/y.js", .vendored), ("Pods/A/B.m", .vendored),
        ("third_party/z.c", .vendored), (".build/debug/x.swift", .vendored), ("A/Model.pb.swift", .generated),
        ("web/app.min.js", .generated), ("Cargo.lock", .generated), ("api_generated.ts", .generated),
        ("a//b/Types.generated.swift", .generated), ("x/vendor/y/go.sum", .vendored), ("", .notAFile),
    ])
    func pathRule(path: String, rule: SkipRule) {
        #expect(SkipRule.forPath(path) == rule)
    }

    @Test(arguments: ["vendorish/a.swift", "x/Pods.swift", "docs/generated.md", "lock/Cargo.lock.md", "É/vendor.txt", "a.pb.swift.txt"])
    func pathsThatAreIndexed(path: String) {
        #expect(SkipRule.forPath(path) == nil)
    }

    @Test func contentRule() {
        #expect(SkipRule.forContent(Array("ok\n".utf8)) == nil)
        #expect(SkipRule.forContent([65, 0, 66]) == .binary)
        #expect(SkipRule.forContent(Array("// @generated by protoc\nx\n".utf8)) == .generated)
        #expect(SkipRule.forContent(Array(repeating: 65, count: (1 << 20) + 1)) == .tooLarge)
        #expect(SkipRule.forPath("Sources/App/Server.swift") == nil)
    }
}
