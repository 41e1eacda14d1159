// File-level ranking: source apart from context, the history's votes, symbol names, reuse by tree.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct FileRankingTests {
    @Test func rolesComeFromThePath() {
        #expect(FileRole.classify("src/jinja2/filters.py") == .source)
        #expect(FileRole.classify("more_itertools/more.pyi") == .source)
        #expect(FileRole.classify("Sources/Logging/Logging.swift") == .source)
        #expect(FileRole.classify("entry.go") == .source)
        #expect(FileRole.classify("entry_test.go") == .test)
        #expect(FileRole.classify("tests/test_filters.py") == .test)
        #expect(FileRole.classify("Tests/LoggingTests/LoggingTest.swift") == .test)
        #expect(FileRole.classify("CHANGES.rst") == .changelog)
        #expect(FileRole.classify("CHANGELOG.md") == .changelog)
        #expect(FileRole.classify("docs/api.rst") == .documentation)
        #expect(FileRole.classify("README.md") == .documentation)
        #expect(FileRole.classify("examples/basic/main.go") == .other)
        #expect(FileRole.classify("Package.swift") == .source)
        #expect(FileRole.classify("pyproject.toml") == .other)
    }

    @Test func capitalisedWordsOpeningASentenceAreNotTypeNames() {
        let words = RAGIndex.identifierWords("Add WithField to the Logger. Fix strip_tags\nFilter it. the Filter")
        #expect(words.contains("WithField") && words.contains("Logger") && words.contains("strip_tags"))
        #expect(!words.contains("Add") && !words.contains("Fix") && words.contains("Filter"))
        #expect(RAGIndex.identifierWords("Filter: a").isEmpty)
    }

    @Test func sourceRanksApartFromContextAndTheHistoryVotes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var files = Fixtures.files
        files["cmd/server_test.go"] = "package main\n\nfunc TestStart(t *testing.T) { s := Server{}; s.Start() }\n"
        files["CHANGES.md"] = "# Changes\n\n- Server: Start listens\n"
        let fixture = Fixtures.repository(in: directory, files: files)
        fixture.commit(files: ["cmd/server.go": Fixtures.go + "\n// v2\n"], message: "Listen on the telemetry socket")
        fixture.commit(files: ["src/lib.rs": Fixtures.rust + "\n// v2\n"], message: "Faster point maths")
        let repository = try Repository.discover(at: fixture.path)
        let index = try RAGIndex.open(repository: repository)
        try index.index()

        let ranking = try index.rankFiles("Start the Server", k: 5)
        #expect(ranking.source.first?.path == "cmd/server.go")
        #expect(ranking.source.allSatisfy { $0.role == .source })
        #expect(Set(ranking.context.map(\.path)).isSuperset(of: ["cmd/server_test.go", "CHANGES.md"]))
        #expect(ranking.context.allSatisfy { $0.role != .source })
        #expect(ranking.source.first?.evidence["names"] == 1)
        #expect(ranking.source.first?.bestChunk?.path == "cmd/server.go")

        // No file holds these words; the commit that used them changed cmd/server.go.
        let history = try index.rankFiles("telemetry socket", k: 10)
        #expect(history.source.first?.path == "cmd/server.go")
        #expect(history.source.first?.evidence["commits"] == 1)
        #expect(history.source.first?.bestChunk == nil)
        // The source files without evidence follow, with no score.
        #expect(history.source.dropFirst().allSatisfy { $0.score == 0 && $0.evidence.isEmpty })
        #expect(Set(history.source.map(\.path)).isSuperset(of: ["src/lib.rs", "web/app.js", "Sources/App/Greeter.swift"]))

        // The history read for this revision is kept in the index: the next process reads no log.
        let head = try repository.resolve("HEAD").hex
        #expect(try index.store.meta("history:\(head):2000")?.contains("telemetry socket") == true)

        let plain = try RAGIndex.open(repository: repository, settings: RAGIndex.Settings(historyPriors: false))
        #expect(try plain.rankFiles("telemetry socket", k: 5).source.allSatisfy { $0.score == 0 })
        #expect(throws: RAGError.self) { try plain.rankFiles("  ", k: 5) }
        #expect(index.warnings.isEmpty)
    }

    @Test func aCommitWithAnIndexedTreeIsNotListedAgain() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let repository = try Repository.discover(at: fixture.path)
        let index = try RAGIndex.open(repository: repository)
        let first = try index.index()
        #expect(first.blobsIndexed > 0)
        let again = try index.index()
        #expect(again.blobsIndexed == 0 && again.filesSeen == first.filesSeen && again.blobsReused == first.blobsIndexed)

        fixture.git("commit", "--amend", "-q", "-m", "A new message, the same tree")
        let amended = try repository.resolve("HEAD")
        let reused = try index.index()
        #expect(reused.revision == amended.hex && reused.revision != first.revision)
        #expect(reused.blobsIndexed == 0 && reused.filesSeen == first.filesSeen && reused.filesSkipped == first.filesSkipped)
        #expect(try index.revision == amended.hex)
        #expect(try index.similaritySearch("Greeter", k: 1).first?.path == "Sources/App/Greeter.swift")
        // Back to the first commit: indexed before, so it only becomes current.
        try index.use(revision: first.revision)
        #expect(try index.index(revision: first.revision).blobsIndexed == 0)
    }
}
