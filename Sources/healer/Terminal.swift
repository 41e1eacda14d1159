// Printing: JSON documents to stdout, people's text to stderr when JSON is on.
import Foundation
import HealerSystem

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

    /// Seconds since 1970 for `2026-11-25T06:45:00Z` (ISO8601DateFormatter costs ~70 µs a call,
    /// which a 1,000-run status pays a thousand times).
    static func epochSeconds(_ iso: String) -> Int? {
        let fields = iso.split(whereSeparator: { "-T:Z".contains($0) }).compactMap { Int($0) }
        guard fields.count == 6 else { return nil }
        // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
        let (y, m, d) = (fields[1] <= 2 ? fields[0] - 1 : fields[0], fields[1], fields[2])
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + fields[3] * 3_600 + fields[4] * 60 + fields[5]
    }

    /// "3m ago" for an ISO 8601 time.
    static func age(_ iso: String?) -> String {
        guard let iso, let then = epochSeconds(iso) else { return "-" }
        let seconds = max(0, Int(Date().timeIntervalSince1970) - then)
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86400: return "\(seconds / 3600)h ago"
        default: return "\(seconds / 86400)d ago"
        }
    }
}

/// The one JSON document a `--json` command prints when it fails: `{"error": {...}}`.
struct ErrorDocument: Encodable {
    struct Body: Encodable {
        /// The whole one-line message.
        var message: String
        /// What to do about it: the error's fix, else the part after the message's last `; `.
        var hint: String?
        /// The exit status: 1 a step ran and failed, 2 bad usage, input or configuration.
        var exitStatus: Int32
    }
    var error: Body

    init(_ error: any ActionableError) {
        self.init(message: error.description, fix: error.fix, exitStatus: error.exitClass.exitStatus)
    }

    init(message: String, fix: String? = nil, exitStatus: Int32) {
        let hint = fix ?? message.range(of: "; ", options: .backwards).map { String(message[$0.upperBound...]) }
        self.error = Body(message: message, hint: hint, exitStatus: exitStatus)
    }
}
