// Why an outgoing HTTP call failed: what, how to fix it, and that it is never bad usage.
import Foundation
import HealerSystem

/// A call through ``HTTPClient`` that failed, after the retries its policy allowed.
///
/// ``what`` names the service with its address, the method and the path (never the query or a
/// header value, where tokens travel); ``fix`` says what usually helps. A caller that knows the
/// setting to change puts its own fix beside ``what``. Always ``ExitClass/failure``: the network
/// failing is never the person's usage.
package struct HTTPClientError: ActionableError, Equatable {
    /// What went wrong.
    package enum Kind: Sendable, Equatable {
        /// No connection (refused, reset, unknown host, TLS); `reason` says which.
        case unreachable(reason: String)
        /// An attempt got no whole reply within `seconds`.
        case timedOut(seconds: Double)
        /// A status outside 2xx; `excerpt` is the reply's start on one line, credentials removed.
        case status(Int, excerpt: String)
        /// The reply passed `limit` bytes; `declared` is its Content-Length when the server sent one.
        case tooLarge(limit: Int, declared: Int64?)
        /// The calling task was cancelled.
        case cancelled
    }

    /// What went wrong.
    package var kind: Kind
    /// The service and its address (`the model server at http://127.0.0.1:8080`).
    package var service: String
    /// The method and path (`POST /v1/chat/completions`).
    package var request: String
    /// Attempts made.
    package var attempts: Int
    /// For a status outside 2xx, the reply's text (its first ``replyTextLimit`` bytes,
    /// credentials removed), for a caller that reads the server's explanation; never shown.
    package var replyText: String?

    /// The most bytes of a reply kept in ``replyText``.
    package static let replyTextLimit = 8192

    /// Creates an error.
    package init(_ kind: Kind, service: String, request: String, attempts: Int, replyText: String? = nil) {
        self.kind = kind
        self.service = service
        self.request = request
        self.attempts = attempts
        self.replyText = replyText
    }

    /// The status, when the server answered outside 2xx.
    package var status: Int? {
        if case .status(let status, _) = kind { return status }
        return nil
    }

    /// What failed, in one line.
    package var what: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch kind {
        case .unreachable(let reason):
            return "cannot reach \(service) (\(reason)) for \(request)\(tries)"
        case .timedOut(let seconds):
            return "\(service) did not answer within \(Self.seconds(seconds)) s (\(request))\(tries)"
        case .status(let status, let excerpt):
            return "\(service) answered \(status) to \(request)\(tries)" + (excerpt.isEmpty ? "" : " (\(excerpt))")
        case .tooLarge(let limit, let declared):
            let size = declared.map { " (\($0) bytes declared)" } ?? ""
            return "\(service) sent a reply to \(request) larger than the \(limit)-byte limit\(size)"
        case .cancelled:
            return "the call to \(service) (\(request)) was cancelled"
        }
    }

    /// What usually helps, for a caller that has nothing better to say.
    package var fix: String? {
        switch kind {
        case .unreachable: return "check that the server is running and its address is right"
        case .timedOut: return "raise the timeout, or check the server"
        case .status(401, _), .status(403, _): return "check the token or key and its permissions"
        case .status(404, _): return "check the address"
        case .status(let status, _) where status == 408 || status == 429 || status >= 500: return "try again later"
        case .status: return nil
        case .tooLarge: return "raise the size limit if such a reply is expected"
        case .cancelled: return nil
        }
    }

    /// Always ``ExitClass/failure``.
    package var exitClass: ExitClass { .failure }

    /// ``what`` and ``fix`` on one line.
    package var description: String { oneLine }

    /// `12` for 12, `0.50` for 0.5.
    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
    }
}
