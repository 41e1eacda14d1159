// The one public error type of the run store.
import HealerGit
import HealerState
import HealerSystem

/// An error from the run store: a missing or broken run, a refused event, a git failure.
package struct StoreError: ActionableError {
    /// Whether the caller or the environment is at fault.
    package enum Kind: Sendable, Equatable {
        /// Bad usage or input: an unknown run, a malformed note, an illegal event (exit 2).
        case input
        /// The operation ran and failed: a remote refused, the repository broke (exit 1).
        case failure
    }
    /// Who is at fault.
    package var kind: Kind
    /// A one-line message: what failed and how to fix it.
    package var message: String
    /// The underlying error, if any.
    package var underlying: (any Error & Sendable)?

    /// Creates an error.
    package init(_ kind: Kind, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// Wraps a lower layer's error, keeping its exit class and its line.
    init(wrapping error: some ActionableError) {
        self.init(error.exitClass == .usage ? .input : .failure, error.description, underlying: error)
    }

    package var description: String { message }
    /// The one-line message.
    package var what: String { message }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Usage for ``Kind/input``, failure for ``Kind/failure``.
    package var exitClass: ExitClass { kind == .input ? .usage : .failure }
}

/// Runs `body`, turning git errors into store errors.
func git<T>(_ body: () throws(GitError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw StoreError(wrapping: error) }
}
