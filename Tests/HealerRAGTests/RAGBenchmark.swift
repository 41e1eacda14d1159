// Benchmark figures on the Swift package corpus; runs only with HEALER_BENCH set (see bench/rag/run.sh).
import Foundation
import HealerGit
import Testing
@testable import HealerRAG

@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["HEALER_BENCH"] != nil))
struct RAGBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let corpus = environment["HEALER_BENCH_REPO"] ?? root + "/bench/out/rag-corpus"
    static let database = environment["HEALER_BENCH_DB"] ?? root + "/bench/out/rag-bench.sqlite"
    static var phase: String { environment["HEALER_BENCH"] ?? "all" }

    static func report(_ line: String) {
        FileHandle.standardError.write(Data(("BENCH " + line + "\n").utf8))
    }

    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
    }

    @Test func coldIndex() throws {
        guard Self.phase == "index" || Self.phase == "all" else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: Self.database + suffix) }
        let index = try RAGIndex.open(repository: try Repository.discover(at: Self.corpus), path: Self.database)
        let (report, seconds) = try Self.time { try index.index(revision: "main") }
        let size = ((try? FileManager.default.attributesOfItem(atPath: Self.database)[.size]) as? Int ?? 0) >> 20
        let phases = index.phaseSeconds.sorted { $0.key < $1.key }.map { String(format: "%@ %.1f s", $0.key, $0.value) }
        Self.report(String(format: "commit %.1f s", index.store.database.commitSeconds))
        Self.report("cold index phases (main thread: tree, known, read, write, wait, revision; extract.* on other threads): " + phases.joined(separator: ", "))
        Self.report(String(format: "cold index: %.1f s, %d files seen, %d skipped by path, %d blobs, %d chunks, peak RSS %.0f MB, index %d MB",
                           seconds, report.filesSeen, report.filesSkipped, report.blobsIndexed, report.chunks, Self.peakRSSMegabytes(), size))
    }

    @Test func queries() throws {
        guard Self.phase == "query" || Self.phase == "all" else { return }
        let repository = try Repository.discover(at: Self.corpus)
        let index = try RAGIndex.open(repository: repository, path: Self.database)
        try index.index(revision: "main")

        let (change, changeSeconds) = try Self.time { try index.index(revision: "one-change") }
        Self.report(String(format: "re-index after a one-file commit: %.3f s (%d blob indexed, %d reused)", changeSeconds, change.blobsIndexed, change.blobsReused))
        Self.report("re-index phases: " + index.phaseSeconds.sorted { $0.key < $1.key }.map { String(format: "%@ %.3f s", $0.key, $0.value) }.joined(separator: ", "))
        try index.use(revision: "main")

        let cases = try QualitySet.make(index: index, repository: repository, count: Int(Self.environment["HEALER_BENCH_QUERIES"] ?? "") ?? 300)
        Self.report("quality set: \(cases.count) doc-comment queries (symbol name removed), answer = defining file")
        var latencies: [Double] = []
        for variant in QualitySet.variants {
            index.columnWeights = variant.weights
            index.commonTermFraction = variant.commonTermFraction
            var variantLatencies: [Double] = []
            let scores = try QualitySet.evaluate(cases, index: index) { variantLatencies.append($0) }
            Self.report(String(format: "%@: recall@1 %.3f  recall@5 %.3f  recall@10 %.3f  MRR %.3f  latency median %.1f ms p95 %.1f ms",
                               variant.name, scores.recall1, scores.recall5, scores.recall10, scores.mrr,
                               Self.percentile(variantLatencies, 0.5) * 1000, Self.percentile(variantLatencies, 0.95) * 1000))
            if variant.weights == RAGIndex.defaultColumnWeights && variant.commonTermFraction == 1 { latencies = variantLatencies }
        }
        index.columnWeights = RAGIndex.defaultColumnWeights
        index.commonTermFraction = 1
        Self.report(String(format: "default ranking, query latency (k=30, %d queries): median %.1f ms, p95 %.1f ms",
                           latencies.count, Self.percentile(latencies, 0.5) * 1000, Self.percentile(latencies, 0.95) * 1000))
        var symbolLatencies: [Double] = []
        for name in cases.prefix(100).map(\.symbol) {
            symbolLatencies.append(try Self.time { try index.similaritySearch(name, k: 10) }.1)
        }
        Self.report(String(format: "bare-symbol query latency: median %.1f ms, p95 %.1f ms",
                           Self.percentile(symbolLatencies, 0.5) * 1000, Self.percentile(symbolLatencies, 0.95) * 1000))

        // What a one-shot `healer rag query` pays besides process start: a new index object's first query.
        for priors in [true, false] {
            let fresh = try RAGIndex.open(repository: repository, settings: RAGIndex.Settings(historyPriors: priors), path: Self.database)
            let (_, seconds) = try Self.time { try fresh.similaritySearch(cases[0].query, k: 10) }
            Self.report(String(format: "first query of a new index object (history priors %@): %.0f ms", priors ? "on" : "off", seconds * 1000))
        }

        for pattern in [Self.environment["HEALER_BENCH_LITERAL"] ?? "NIOAsyncChannelOutboundWriter", "func\\s+test\\w*Timeout\\w*\\(", "\\bfatalError\\(\"unreachable"] {
            var runs: [Double] = []
            var count = 0
            for _ in 0..<5 {
                let (matches, seconds) = try Self.time { try index.grepLike(pattern, limit: 100_000) }
                runs.append(seconds)
                count = matches.count
            }
            var rgRuns: [Double] = []
            var rgCount = 0
            for _ in 0..<3 {
                let (output, seconds) = Self.time { Self.ripgrep(pattern) }
                rgRuns.append(seconds)
                rgCount = output
            }
            let ours = Self.percentile(runs, 0.5), theirs = Self.percentile(rgRuns, 0.5)
            Self.report(String(format: "grep_like %@: %d lines in %.1f ms; rg: %d lines in %.1f ms; %.1fx",
                               pattern, count, ours * 1000, rgCount, theirs * 1000, theirs / max(ours, 1e-9)))
        }
    }

    /// Runs ripgrep over the corpus work tree; returns the number of matching lines.
    static func ripgrep(_ pattern: String) -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/rg")
        process.arguments = ["--no-ignore", "--count-matches", "-c", "--no-filename", "-e", pattern, "."]
        process.currentDirectoryURL = URL(fileURLWithPath: corpus)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }.reduce(0, +)
    }
}

/// Retrieval-quality cases: the first sentence of a symbol's doc comment, its name removed,
/// should find the file that defines the symbol.
struct QualitySet {
    struct Case {
        var query: String
        var symbol: String
        var path: String
    }

    struct Variant {
        var name: String
        var weights: (symbol: Double, path: Double, body: Double)
        var commonTermFraction: Double
    }

    static let variants = [
        Variant(name: "postings BM25 plain (weights 1/1/1)", weights: (1, 1, 1), commonTermFraction: 1),
        Variant(name: "postings BM25 weights 3/1/1", weights: (3, 1, 1), commonTermFraction: 1),
        Variant(name: "postings BM25 weights 8/2/1", weights: (8, 2, 1), commonTermFraction: 1),
        Variant(name: "postings BM25 3/1/1, terms in <= 20% of chunks", weights: (3, 1, 1), commonTermFraction: 0.2),
    ]

    static func make(index: RAGIndex, repository: Repository, count: Int) throws -> [Case] {
        let files = try index.currentFiles()
        let rows = try index.store.database.rows("""
            SELECT \(ChunkRow.columns) FROM chunks c JOIN blobs b ON b.id = c.blob_id
            WHERE b.language = 'swift' AND c.ordinal > 0 AND c.kind IN ('struct','class','enum','protocol','actor','function','method')
            AND c.blob_id IN (SELECT blob_id FROM revision_files WHERE commit_id = ?)
            ORDER BY (c.id * 2654435761) % 1000003
            """, [.text(files.commit)], ChunkRow.init)
        var cases: [Case] = []
        var usedSymbols = Set<String>()
        for row in rows where cases.count < count {
            guard let symbol = row.symbol, symbol.count >= 4, usedSymbols.insert(symbol).inserted,
                  let path = files.pathsByBlobID[row.blobID], !path.contains("/Tests/") else { continue }
            let table = LineTable([UInt8](try repository.blob(try #require(ObjectID(hex: row.blob)))))
            var docLines: [String] = []
            var line = row.startLine - 1
            while line >= 1 {
                let text = String(decoding: table.line(line), as: UTF8.self).trimmingCharacters(in: .whitespaces)
                guard text.hasPrefix("///") else { break }
                docLines.insert(String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces), at: 0)
                line -= 1
            }
            let paragraph = docLines.prefix { !$0.isEmpty }.joined(separator: " ")
            var sentence = paragraph.components(separatedBy: ". ").first ?? ""
            sentence = sentence.replacingOccurrences(of: "`", with: " ")
            sentence = sentence.replacingOccurrences(of: "\\b\(NSRegularExpression.escapedPattern(for: symbol))\\b", with: " ", options: [.regularExpression, .caseInsensitive])
            guard sentence.split(separator: " ").count >= 4 else { continue }
            cases.append(Case(query: sentence, symbol: symbol, path: path))
        }
        return cases
    }

    struct Scores { var recall1 = 0.0, recall5 = 0.0, recall10 = 0.0, mrr = 0.0 }

    static func evaluate(_ cases: [Case], index: RAGIndex, latency: (Double) -> Void) throws -> Scores {
        var scores = Scores()
        for item in cases {
            let start = DispatchTime.now().uptimeNanoseconds
            let hits = try index.similaritySearch(item.query, k: 30)
            latency(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            // A file ranks where its best chunk ranks.
            var paths: [String] = []
            for hit in hits where !paths.contains(hit.path) { paths.append(hit.path) }
            if let rank = paths.firstIndex(of: item.path) {
                if rank < 1 { scores.recall1 += 1 }
                if rank < 5 { scores.recall5 += 1 }
                if rank < 10 { scores.recall10 += 1 }
                scores.mrr += 1 / Double(rank + 1)
            }
        }
        let count = Double(max(cases.count, 1))
        return Scores(recall1: scores.recall1 / count, recall5: scores.recall5 / count, recall10: scores.recall10 / count, mrr: scores.mrr / count)
    }
}
