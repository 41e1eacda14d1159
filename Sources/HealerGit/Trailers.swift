// Commit-message trailers (`Key: value` lines): the one parser for every message healer reads.
import Foundation

/// The `Key: value` lines of a commit message, in order.
///
/// A line counts when it has a colon with a non-empty key before it; key and value are trimmed.
/// Keys compare case-insensitively, as git's do. Read ``init(_:)`` for every line of a text, or
/// ``init(message:)`` for git's trailer block, the message's last paragraph.
///
/// ```swift
/// let trailers = Trailers(message: "Fix it\n\nHealer-Culprit: 3f2a\n")
/// trailers["healer-culprit"]   // "3f2a"
/// ```
package struct Trailers: Sendable, Equatable {
    /// One trailer.
    package struct Entry: Sendable, Equatable {
        /// The key as written (`Healer-Culprit`).
        package var key: String
        /// The value, trimmed.
        package var value: String
    }

    /// The trailers in the order they appear.
    package var entries: [Entry]

    /// The trailers on any line of `text`.
    package init(_ text: String) {
        entries = text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { return nil }
            return Entry(key: key, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// The trailers of git's trailer block: the last paragraph of `message` that is not blank.
    package init(message: String) {
        let last = message.components(separatedBy: "\n\n").last { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        self.init(last ?? "")
    }

    /// The value of the last trailer named `key`, or `nil`.
    package subscript(key: String) -> String? {
        entries.last { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    /// Whether some trailer `key` says yes (`true`, `yes` or `1`, in any case), as an opt-out does.
    package func isSet(_ key: String) -> Bool {
        entries.contains { $0.key.caseInsensitiveCompare(key) == .orderedSame && ["true", "yes", "1"].contains($0.value.lowercased()) }
    }
}
