// The HTTP server's error type (the client's failures are HTTPClientError).
import HealerSystem

/// An error from the HTTP server: what failed, why, and what to do about it.
package struct HTTPError: ActionableError, Equatable {
    /// The kind of failure, stable for callers that branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The host is not an IPv4 address or a name that resolves to one.
        package static let invalidAddress = Code(rawValue: "invalid-address")
        /// The socket could not be created, bound or put into listening mode.
        package static let bind = Code(rawValue: "bind")
        /// The server was already started.
        package static let alreadyStarted = Code(rawValue: "already-started")
        /// A request was malformed (reported to the client as 400).
        package static let malformedRequest = Code(rawValue: "malformed-request")
        /// The code's stable name (`bind`...).
        package var description: String { rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// A one-line message for a person: what failed and how to fix it.
    package var message: String
    /// The C `errno` value, when the failure came from a system call.
    package var errno: Int32?

    /// Creates an error.
    package init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// The one-line message.
    package var description: String { message }
    /// The one-line message.
    package var what: String { message }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Usage for an address or request that cannot work; failure when the socket or server failed.
    package var exitClass: ExitClass { [.invalidAddress, .malformedRequest].contains(code) ? .usage : .failure }
}
