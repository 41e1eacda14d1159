// The one public error type of the run store.
import HealerGit
import HealerState
import HealerSystem

/// An error from the run store: a missing or broken run, a refused event, a git failure.
package struct StoreError: ActionableError {
    /// Who is at fault: ``ExitClass/usage`` for bad usage or input (an unknown run, a malformed
    /// note, an illegal event; exit 2), ``ExitClass/failure`` when the operation ran and failed
    /// (a remote refused, the repository broke; exit 1).
    package var exitClass: ExitClass
    /// A one-line message: what failed and how to fix it.
    package var message: String
    /// The underlying error, if any.
    package var underlying: (any Error & Sendable)?

    /// Creates an error.
    package init(_ exitClass: ExitClass, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.exitClass = exitClass
        self.message = message
        self.underlying = underlying
    }

    /// Wraps a lower layer's error, keeping its exit class and its line.
    init(wrapping error: some ActionableError) {
        self.init(error.exitClass, error.description, underlying: error)
    }

    package var description: String { message }
    /// The one-line message.
    package var what: String { message }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
}

/// Runs `body`, turning git errors into store errors.
func git<T>(_ body: () throws(GitError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw StoreError(wrapping: error) }
}
