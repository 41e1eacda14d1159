// Run ids: time-ordered, short enough to type, unique without coordination.
import Foundation

/// Makes and recognises run ids such as `20261125-064500-k7q2xz`.
///
/// The id starts with the UTC creation time, so ids sort by age; six random base-32
/// characters (30 bits) follow, so concurrent creators do not collide (and a collision is
/// caught by the store's compare-and-swap, which retries with a new id).
package enum RunID {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A new id for a run created at `date`.
    package static func make(at date: Date, using generator: inout some RandomNumberGenerator) -> String {
        let suffix = String((0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        return compactTimestamp(date) + "-" + suffix
    }

    /// A new id for a run created now.
    package static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: Date(), using: &generator)
    }

    /// Whether `text` has the shape of a run id (safe to use in a reference name).
    package static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 8, parts[1].count == 6, parts[2].count == 6 else { return false }
        return parts[0].allSatisfy(\.isNumber) && parts[1].allSatisfy(\.isNumber)
            && parts[2].allSatisfy { alphabet.contains($0) }
    }

    /// A branch-name slug from the request text: lowercase words joined by `-`, at most 40 characters.
    package static func slug(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let candidate = slug.isEmpty ? word : slug + "-" + word
            if candidate.count > 40 { break }
            slug = candidate
        }
        return slug.isEmpty ? (words.first.map { String($0.prefix(40)) } ?? "change") : slug
    }

    /// `20261125-064500` for a date, in UTC.
    static func compactTimestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day) + "-" + two(c.hour) + two(c.minute) + two(c.second)
    }
}

/// ISO 8601 timestamps in UTC with second precision, as stored in documents.
package enum Timestamp {
    /// The current time, formatted.
    package static func now() -> String { format(Date()) }

    /// A date, formatted as `2026-11-25T06:45:00Z`.
    package static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Parses a formatted timestamp.
    package static func parse(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }
}
