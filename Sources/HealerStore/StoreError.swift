// The one public error type of the run store.
import HealerGit
import HealerState

/// An error from the run store: a missing or broken run, a refused event, a git failure.
package struct StoreError: Error, Sendable, CustomStringConvertible {
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

    package var description: String { message }

    static func from(_ error: GitError) -> StoreError {
        let kind: Kind = [.notARepository, .notFound, .invalidPatch].contains(error.code) ? .input : .failure
        return StoreError(kind, error.description, underlying: error)
    }

    static func from(_ error: DocumentError) -> StoreError { StoreError(.input, error.description, underlying: error) }
    static func from(_ error: TransitionError) -> StoreError { StoreError(.input, error.description, underlying: error) }
}

/// Runs `body`, turning git errors into store errors.
func git<T>(_ body: () throws(GitError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw StoreError.from(error) }
}
