// Symbols for most languages from universal-ctags' JSON output, many files per process.
import Foundation

/// Runs universal-ctags over a batch of files and turns its JSON tags into ``SymbolChunk``s.
///
/// One `ctags` process handles a whole batch: the files are written to a temporary directory
/// under their own names (ctags picks the parser by name) and passed with `-L`. When ctags
/// reports no end line (Rust, JavaScript and TypeScript in 5.9), braces are matched instead.
package struct CtagsSymbolExtractor: Sendable {
    /// One file to read.
    package struct Input: Sendable {
        /// The file's path in the repository (only its last segment matters to ctags).
        package var path: String
        /// The file's bytes.
        package var bytes: [UInt8]
        /// Creates an input.
        package init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// The ctags executable.
    package var executable: String

    /// Creates an extractor that runs `executable` (found on `PATH` when it has no slash).
    package init(executable: String = "ctags") {
        self.executable = executable
    }

    private struct Tag: Decodable {
        var _type: String?
        var name: String
        var path: String
        var line: Int?
        var end: Int?
        var kind: String?
        var scope: String?
        var scopeKind: String?
        var language: String?
    }

    /// The symbols of every input, in input order.
    ///
    /// - Throws: ``RAGError/Code/tool`` when ctags cannot be started or fails.
    package func symbols(in inputs: [Input]) throws(RAGError) -> [[SymbolChunk]] {
        guard !inputs.isEmpty else { return [] }
        let fileManager = FileManager.default
        let root = fileManager.temporaryDirectory.appendingPathComponent("healer-ctags-\(UUID().uuidString)").path
        defer { try? fileManager.removeItem(atPath: root) }
        var list = ""
        do {
            for (index, input) in inputs.enumerated() {
                let directory = "\(root)/\(index)"
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let name = input.path.split(separator: "/").last.map(String.init) ?? "file"
                let file = "\(directory)/\(name)"
                guard fileManager.createFile(atPath: file, contents: Data(input.bytes)) else {
                    throw RAGError(.tool, "cannot write '\(file)' for ctags; check free space in \(fileManager.temporaryDirectory.path)")
                }
                list += file + "\n"
            }
            try Data(list.utf8).write(to: URL(fileURLWithPath: "\(root)/files.list"))
        } catch let error as RAGError {
            throw error
        } catch {
            throw RAGError(.tool, "cannot prepare files for ctags in \(root): \(error.localizedDescription)")
        }
        let output = try run(["--output-format=json", "--fields=+nel", "-L", "\(root)/files.list", "-o", "-"])
        var result = Array(repeating: [SymbolChunk](), count: inputs.count)
        var lineStarts = Array(repeating: [Int](), count: inputs.count)
        let decoder = JSONDecoder()
        let prefix = root + "/"
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard let tag = try? decoder.decode(Tag.self, from: Data(line)), tag._type == "tag",
                  let start = tag.line, let kind = tag.kind, tag.path.hasPrefix(prefix),
                  let slash = tag.path.dropFirst(prefix.count).firstIndex(of: "/"),
                  let index = Int(tag.path[tag.path.index(tag.path.startIndex, offsetBy: prefix.count)..<slash]),
                  index < inputs.count,
                  let chunkKind = Self.kind(kind, scopeKind: tag.scopeKind, language: tag.language)
            else { continue }
            var end = tag.end ?? start
            if tag.end == nil, Language.of(path: inputs[index].path).usesBraces {
                if lineStarts[index].isEmpty { lineStarts[index] = Self.lineStarts(inputs[index].bytes) }
                end = BlockEndFinder.endLine(
                    in: inputs[index].bytes, lineStarts: lineStarts[index], startLine: start,
                    rustCharLiterals: tag.language == "Rust"
                )
            }
            result[index].append(SymbolChunk(kind: chunkKind, symbol: tag.name, container: tag.scope, startLine: start, endLine: max(start, end)))
        }
        for index in result.indices { result[index].sort { ($0.startLine, $0.endLine) < ($1.startLine, $1.endLine) } }
        return result
    }

    /// Maps a ctags kind to a chunk kind; `nil` for kinds that are not functions or types
    /// (variables, fields, constants, packages, imports).
    static func kind(_ kind: String, scopeKind: String?, language: String?) -> ChunkKind? {
        let inType = scopeKind.map { ["class", "struct", "interface", "implementation", "trait", "enum", "union"].contains($0) } ?? false
        switch kind {
        case "function", "func", "subroutine", "procedure":
            return inType ? .method : .function
        case "method", "singletonMethod":
            return .method
        case "member" where language == "Python":
            return .method
        case "class": return .class
        case "struct", "union": return .struct
        case "interface": return .interface
        case "enum": return .enum
        case "trait": return .trait
        case "implementation": return .impl
        case "module", "namespace": return .module
        default: return nil
        }
    }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return starts
    }

    private func run(_ arguments: [String]) throws(RAGError) -> Data {
        try ToolProcess.output(
            of: executable, arguments,
            hint: "install universal-ctags (`apt-get install universal-ctags`) and check `ctags --version`"
        )
    }
}
