// The one public error type of the pipeline, mapped to exit statuses by the CLI.
import HealerGit
import HealerState
import HealerStore

/// An error a command reports: one line for a person, and whether it was their input (exit 2)
/// or a step that ran and failed (exit 1).
package struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// Whose fault, and so which exit status.
    package enum Kind: Sendable, Equatable {
        /// Bad usage, input or configuration: nothing was changed (exit 2).
        case input
        /// A step ran and failed; the failure is recorded in the run (exit 1).
        case failure
    }
    /// Whose fault.
    package var kind: Kind
    /// What failed and how to fix it, in one line.
    package var message: String

    /// Creates an error.
    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }

    /// The process exit status for this error.
    package var exitStatus: Int32 { kind == .input ? 2 : 1 }

    /// Wraps any error from the lower layers.
    package static func from(_ error: any Error) -> PipelineError {
        switch error {
        case let error as PipelineError: return error
        case let error as StoreError: return PipelineError(error.kind == .input ? .input : .failure, error.message)
        case let error as GitError:
            let input: Set<GitError.Code> = [.notARepository, .notFound, .invalidPatch, .alreadyExists]
            return PipelineError(input.contains(error.code) ? .input : .failure, error.description)
        case let error as DocumentError: return PipelineError(.input, error.description)
        case let error as TransitionError: return PipelineError(.input, error.description)
        default: return PipelineError(.failure, String(describing: error))
        }
    }
}

/// Runs `body`, turning lower-layer errors into ``PipelineError``.
@discardableResult
func pipeline<T>(_ body: () throws -> T) throws(PipelineError) -> T {
    do { return try body() } catch { throw PipelineError.from(error) }
}
