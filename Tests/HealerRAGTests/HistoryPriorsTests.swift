// History priors: recency-weighted change counts and commit subjects, read from a real history.
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite struct HistoryPriorsTests {
    @Test func recencyWeighsNewerChangesMore() {
        let log = "\u{1e}Tune the backoff\n\nSources/Retry.swift\n\u{1e}Add a cache\n\nSources/Cache.swift\nSources/Retry.swift\n"
            + "\u{1e}Start\n\nREADME.md\n"
        let priors = HistoryPriors(revision: "x", log: log, halfLife: 1)
        #expect(priors.recency["Sources/Retry.swift"] == 1.5)
        #expect(priors.recency["Sources/Cache.swift"] == 0.5)
        #expect(priors.recency["README.md"] == 0.25)
        #expect(priors.messageRanking(["cache"], limit: 5) == ["Sources/Cache.swift", "Sources/Retry.swift"])
        #expect(priors.messageRanking(["backoff", "tune"], limit: 5) == ["Sources/Retry.swift"])
        #expect(priors.coChangeRanking(with: ["Sources/Cache.swift"], limit: 5) == ["Sources/Retry.swift"])
        #expect(priors.coChangeRanking(with: ["README.md"], limit: 5).isEmpty)
    }

    @Test func commitSubjectsFindFilesWhoseTextDoesNot() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        fixture.commit(files: ["cmd/server.go": Fixtures.go + "\n// v2\n"], message: "Listen on the telemetry socket")
        fixture.commit(files: ["src/lib.rs": Fixtures.rust + "\n// v2\n"], message: "Faster point maths")
        let repository = try Repository.discover(at: fixture.path)

        let plain = try RAGIndex.open(repository: repository, settings: RAGIndex.Settings(historyPriors: false))
        try plain.index()
        #expect(try plain.similaritySearch("telemetry socket", k: 5).isEmpty)

        let index = try RAGIndex.open(repository: repository, settings: RAGIndex.Settings(historyPriors: true))
        let hits = try index.similaritySearch("telemetry socket", k: 5)
        #expect(hits.first?.path == "cmd/server.go")
        #expect(hits.first?.matchedBy == ["history"])
        #expect(hits.first?.kind == .file)
        // Recency re-ranks BM25's candidates only: a word in two files puts the newer change first.
        index.historyFusion = HistoryFusion(recency: 5)
        let both = try index.similaritySearch("point server", k: 10).map(\.path)
        #expect(both.first == "src/lib.rs")
        #expect(index.warnings.isEmpty)
    }
}
