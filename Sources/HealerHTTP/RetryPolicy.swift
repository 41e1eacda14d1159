// Which failures of an outgoing call are tried again, and how long to wait before each retry.
import Foundation

/// The retries of ``HTTPClient``: transient failures only, with exponential backoff and jitter,
/// or the server's `Retry-After`, never waiting longer than ``maxDelaySeconds``.
///
/// Connection refused and connection reset are always transient; statuses in ``statuses`` are;
/// a timed-out attempt is only when ``retriesTimeouts`` is set (the server may have acted on it).
package struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (0: one attempt only).
    package var maxRetries: Int
    /// The first wait in seconds, doubled per retry, with jitter.
    package var baseDelaySeconds: Double
    /// The longest single wait, `Retry-After` included.
    package var maxDelaySeconds: Double
    /// Statuses worth another attempt.
    package var statuses: Set<Int>
    /// Whether an attempt that ran out of time is tried again.
    package var retriesTimeouts: Bool
    /// Lower-case words that make a reply final even when its status is in ``statuses``: a
    /// server that refuses the request's form with a 500 says so in its text, and asking again
    /// gets the same answer (the model client changes the request instead).
    package var finalReplyMarkers: [String] = []

    /// The statuses that say "try later": 408, 429, 502, 503 and 504.
    package static let transientStatuses: Set<Int> = [408, 429, 502, 503, 504]

    /// Creates a policy; by default two retries on the ``transientStatuses``, 1 s doubling up to 30 s.
    package init(maxRetries: Int = 2, baseDelaySeconds: Double = 1, maxDelaySeconds: Double = 30,
                 statuses: Set<Int> = RetryPolicy.transientStatuses, retriesTimeouts: Bool = false) {
        self.maxRetries = maxRetries
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.statuses = statuses
        self.retriesTimeouts = retriesTimeouts
    }

    /// One attempt, no retries.
    package static let never = RetryPolicy(maxRetries: 0)

    /// Whether a reply with `status` and `body` is worth another attempt.
    func retries(status: Int, body: Data) -> Bool {
        guard statuses.contains(status) else { return false }
        guard !finalReplyMarkers.isEmpty else { return true }
        let text = String(decoding: body.prefix(HTTPClientError.replyTextLimit), as: UTF8.self).lowercased()
        return !finalReplyMarkers.contains(where: text.contains)
    }

    /// Attempts in all.
    var attempts: Int { max(0, maxRetries) + 1 }

    /// The wait after attempt `attempt` (0-based): `Retry-After` when the server gave one, else
    /// exponential backoff with jitter; never more than ``maxDelaySeconds``.
    func delay(after attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxDelaySeconds) }
        let exponential = baseDelaySeconds * pow(2, Double(min(attempt, 16)))
        return min(exponential, maxDelaySeconds) * Double.random(in: 0.5...1.0)
    }

    /// Reads `Retry-After` as seconds or as an HTTP date.
    static func seconds(retryAfter value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: trimmed).map { max(0, $0.timeIntervalSinceNow) }
    }
}
