// Printing: JSON documents to stdout, people's text to stderr when JSON is on.
import Foundation

enum Terminal {
    /// Prints one JSON document to stdout.
    static func json(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Prints a line for a person: to stdout normally, to stderr when stdout carries JSON.
    static func say(_ text: String, json: Bool = false) {
        let data = Data((text + "\n").utf8)
        (json ? FileHandle.standardError : FileHandle.standardOutput).write(data)
    }

    /// Prints a progress or warning line on stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints `healer: error: MESSAGE` on stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("healer: error: " + message + "\n").utf8))
    }

    /// Pads columns so they line up.
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    nonisolated(unsafe) private static let isoFormatter = ISO8601DateFormatter()

    /// "3m ago" for an ISO 8601 time.
    static func age(_ iso: String?) -> String {
        guard let iso, let date = isoFormatter.date(from: iso) else { return "-" }
        let seconds = max(0, Int(Date().timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86400: return "\(seconds / 3600)h ago"
        default: return "\(seconds / 86400)d ago"
        }
    }
}
