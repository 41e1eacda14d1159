// How far the Swift scanner agrees with swift-syntax on the corpus; runs only with HEALER_BENCH=swift-symbols.
import Foundation
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEALER_BENCH"] == "swift-symbols"))
struct SwiftSymbolsBenchmark {
    /// Every indexable Swift file of the corpus work tree, by the index's skip rule.
    static func swiftFiles(under root: String) -> [(path: String, bytes: [UInt8])] {
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(atPath: root) else { return [] }
        var sources: [(path: String, bytes: [UInt8])] = []
        for case let path as String in walker where path.hasSuffix(".swift") && !path.hasPrefix(".git/") && SkipRule.forPath(path) == nil {
            guard let data = fileManager.contents(atPath: root + "/" + path) else { continue }
            let bytes = [UInt8](data)
            if SkipRule.forContent(bytes) == nil { sources.append((path, bytes)) }
        }
        return sources
    }

    @Test func scannerAgainstSwiftSyntax() throws {
        let files = Self.swiftFiles(under: RAGBenchmark.corpus)
        let sources = files.map(\.bytes)
        try #require(!sources.isEmpty, "no Swift files under \(RAGBenchmark.corpus); run bench/rag/make-corpus.sh")
        let helper = SwiftSymbolExtractor.helper(HealerBinary.builtExecutable(SwiftSymbolExtractor.helperName))
        let (reference, helperSeconds) = try RAGBenchmark.time { () throws -> [[SymbolChunk]] in
            var all: [[SymbolChunk]] = []
            for start in stride(from: 0, to: sources.count, by: 500) {
                let (symbols, failure) = helper.symbols(in: Array(sources[start..<min(start + 500, sources.count)]))
                if let failure { throw failure }
                all += symbols
            }
            return all
        }
        let (scanned, scannerSeconds) = RAGBenchmark.time { SwiftSymbolExtractor.scan(sources) }
        var identicalFiles = 0, exact = 0, sameName = 0, referenceCount = 0, scannedCount = 0
        for (expected, found) in zip(reference, scanned) {
            if expected == found { identicalFiles += 1 }
            referenceCount += expected.count
            scannedCount += found.count
            let names = Dictionary(found.map { ("\($0.kind) \($0.container ?? "").\($0.symbol)", 1) }, uniquingKeysWith: +)
            var remaining = names
            for symbol in expected {
                if found.contains(symbol) { exact += 1 }
                let key = "\(symbol.kind) \(symbol.container ?? "").\(symbol.symbol)"
                if let count = remaining[key], count > 0 { sameName += 1; remaining[key] = count - 1 }
            }
        }
        RAGBenchmark.report(String(format: "swift symbols: %d files, swift-syntax helper %.1f s (%d symbols), scanner %.1f s (%d symbols)",
                                   sources.count, helperSeconds, referenceCount, scannerSeconds, scannedCount))
        RAGBenchmark.report(String(format: "scanner vs swift-syntax: files identical %.4f, symbols with the same kind, name, container and lines %.4f (recall) / %.4f (precision), same kind, name and container %.4f",
                                   Double(identicalFiles) / Double(sources.count), Double(exact) / Double(max(1, referenceCount)),
                                   Double(exact) / Double(max(1, scannedCount)), Double(sameName) / Double(max(1, referenceCount))))
        var shown = 0
        for (offset, pair) in zip(reference, scanned).enumerated() where pair.0 != pair.1 && shown < 12 {
            shown += 1
            let missing = pair.0.filter { !pair.1.contains($0) }.prefix(3).map(\.description)
            let extra = pair.1.filter { !pair.0.contains($0) }.prefix(3).map(\.description)
            RAGBenchmark.report("differs #\(offset): swift-syntax only \(missing), scanner only \(extra), in \(files[offset].path)")
        }
    }
}
