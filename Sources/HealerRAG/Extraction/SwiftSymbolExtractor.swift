// Swift symbols: the swift-syntax helper when it is installed, the declaration scanner otherwise.
import Foundation
import HealerSystem

/// How the index extracts Swift symbols (Debian's universal-ctags has no Swift parser).
///
/// swift-syntax is not part of the `healer` build: it lives in the optional helper executable
/// `healer-swift-symbols`, which the index runs once per batch of files when it finds it. Without
/// it, ``SwiftDeclarationScanner`` finds the same declarations from tokens (see docs/rag.md for
/// what each costs in retrieval quality and indexing time).
package enum SwiftSymbolExtractor: Sendable, Equatable, CustomStringConvertible {
    /// The swift-syntax helper at this path.
    case helper(String)
    /// The token-based ``SwiftDeclarationScanner``.
    case scanner

    /// The helper's executable name.
    package static let helperName = "healer-swift-symbols"

    /// `swift-syntax (PATH)` or `scanner`.
    package var description: String {
        switch self {
        case .helper(let path): "swift-syntax (\(path))"
        case .scanner: "scanner"
        }
    }

    /// The extractor this process would use: `HEALER_SWIFT_SYMBOLS` (a helper path, or `scanner`),
    /// else `healer-swift-symbols` next to the running executable, else on `PATH`, else the scanner.
    package static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> SwiftSymbolExtractor {
        let fileManager = FileManager.default
        if let chosen = environment["HEALER_SWIFT_SYMBOLS"], !chosen.isEmpty {
            return chosen == "scanner" ? .scanner : .helper(chosen)
        }
        var directories: [String] = []
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append((executable as NSString).deletingLastPathComponent)
        }
        directories.append((CommandLine.arguments.first.map { ($0 as NSString).deletingLastPathComponent }) ?? "")
        directories += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + helperName
            if fileManager.isExecutableFile(atPath: candidate) { return .helper(candidate) }
        }
        return .scanner
    }

    /// The symbols of each source (UTF-8 Swift), in input order. When the helper fails, the
    /// scanner answers instead and the helper's error is returned beside the symbols.
    package func symbols(in sources: [[UInt8]]) -> (symbols: [[SymbolChunk]], failure: RAGError?) {
        guard !sources.isEmpty else { return ([], nil) }
        if case .helper(let path) = self {
            do throws(RAGError) {
                return (try Self.runHelper(path, sources), nil)
            } catch {
                return (Self.scan(sources), error)
            }
        }
        return (Self.scan(sources), nil)
    }

    /// The scanner over every source, on all cores.
    static func scan(_ sources: [[UInt8]]) -> [[SymbolChunk]] {
        let results = ResultSlots<[SymbolChunk]>(count: sources.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { results.set($0, SwiftDeclarationScanner.symbols(in: sources[$0])) }
        return sources.indices.map { results.get($0) ?? [] }
    }

    /// Runs the helper over a batch file ("<byte count>\n<bytes>" per source) and reads its
    /// `INDEX KIND START END NAME CONTAINER` lines.
    static func runHelper(_ path: String, _ sources: [[UInt8]]) throws(RAGError) -> [[SymbolChunk]] {
        let fileManager = FileManager.default
        let batch = fileManager.temporaryDirectory.appendingPathComponent("healer-swift-\(UUID().uuidString).batch").path
        defer { try? fileManager.removeItem(atPath: batch) }
        var data = Data()
        for source in sources {
            data.append(contentsOf: Array("\(source.count)\n".utf8))
            data.append(contentsOf: source)
        }
        guard fileManager.createFile(atPath: batch, contents: data) else {
            throw RAGError(.tool, "cannot write '\(batch)' for \(helperName); check free space in \(fileManager.temporaryDirectory.path)")
        }
        let output = try ToolProcess.output(
            of: path, ["--batch", batch],
            hint: "reinstall healer's release archive, or set HEALER_SWIFT_SYMBOLS=scanner to index Swift without it"
        )
        var result = Array(repeating: [SymbolChunk](), count: sources.count)
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 6, let index = Int(fields[0]), result.indices.contains(index),
                  let kind = ChunkKind(rawValue: fields[1]), let start = Int(fields[2]), let end = Int(fields[3])
            else {
                throw RAGError(.tool, "\(path) printed an unexpected line '\(String(decoding: line.prefix(80), as: UTF8.self))'; check that it is \(helperName) from the same healer release")
            }
            result[index].append(SymbolChunk(kind: kind, symbol: fields[4], container: fields[5].isEmpty ? nil : fields[5], startLine: start, endLine: end))
        }
        return result
    }
}
