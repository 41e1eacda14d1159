// healer-swift-symbols: Swift declarations by swift-syntax, for the RAG index (optional helper).
import Foundation

/// Prints the declarations of Swift sources, one per line:
/// `INDEX<TAB>KIND<TAB>START<TAB>END<TAB>NAME<TAB>CONTAINER` (tabs and newlines in names become spaces).
///
///     healer-swift-symbols FILE.swift...     INDEX is the file's position among the arguments
///     healer-swift-symbols --batch FILE      FILE holds the sources, each as "<byte count>\n<bytes>"
///
/// The sources are parsed on all cores. Exit 2 when an input cannot be read.
@main
enum SwiftSymbols {
    static let version = "1"

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"] {
            print("healer-swift-symbols \(version)")
            return
        }
        guard !arguments.isEmpty, !(arguments.first == "--batch" && arguments.count != 2) else {
            fail("usage: healer-swift-symbols FILE.swift... | --batch FILE (see healer's docs/rag.md)")
        }
        let sources = arguments.first == "--batch" ? batch(at: arguments[1]) : arguments.map(read)
        final class Slots: @unchecked Sendable {
            var lines: [String]
            init(count: Int) { lines = Array(repeating: "", count: count) }
        }
        let slots = Slots(count: sources.count)
        // Each iteration writes its own slot only.
        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            slots.lines[index] = SymbolVisitor.declarations(in: String(decoding: sources[index], as: UTF8.self)).map { symbol in
                "\(index)\t\(symbol.kind)\t\(symbol.startLine)\t\(symbol.endLine)\t\(clean(symbol.name))\t\(symbol.container.map(clean) ?? "")\n"
            }.joined()
        }
        FileHandle.standardOutput.write(Data(slots.lines.joined().utf8))
    }

    static func read(_ path: String) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            fail("healer-swift-symbols: cannot read '\(path)'; check that the file exists and is readable")
        }
        return data
    }

    /// The sources of a batch file: each a decimal byte count, a newline, then that many bytes.
    static func batch(at path: String) -> [Data] {
        let data = read(path)
        var sources: [Data] = []
        var index = data.startIndex
        while index < data.endIndex {
            guard let newline = data[index...].firstIndex(of: UInt8(ascii: "\n")),
                  let count = Int(String(decoding: data[index..<newline], as: UTF8.self)),
                  count >= 0, newline + 1 + count <= data.endIndex
            else { fail("healer-swift-symbols: '\(path)' is not a batch (\"<byte count>\\n<bytes>\" per source) at byte \(index)") }
            sources.append(data[(newline + 1)..<(newline + 1 + count)])
            index = newline + 1 + count
        }
        return sources
    }

    static func clean(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
