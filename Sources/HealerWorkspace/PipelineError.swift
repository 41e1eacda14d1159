// The one public error type of the pipeline; the CLI maps it to an exit status by its exit class.
import HealerSystem

/// An error a command reports: one line for a person, and whether it was their input (exit 2)
/// or a step that ran and failed (exit 1).
package struct PipelineError: ActionableError {
    /// Whose fault: ``ExitClass/usage`` for bad usage, input or configuration (nothing was
    /// changed, exit 2); ``ExitClass/failure`` for a step that ran and failed (exit 1).
    package var exitClass: ExitClass
    /// What failed and how to fix it, in one line.
    package var message: String

    /// Creates an error.
    package init(_ exitClass: ExitClass, _ message: String) {
        self.exitClass = exitClass
        self.message = message
    }

    package var description: String { message }
    /// The one-line message.
    package var what: String { message }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }

    /// Wraps any error from the lower layers: an ``ActionableError`` keeps its exit class and its
    /// line; anything else is a failure.
    package static func from(_ error: any Error) -> PipelineError {
        switch error {
        case let error as PipelineError: return error
        case let error as any ActionableError: return PipelineError(error.exitClass, error.description)
        default: return PipelineError(.failure, String(describing: error))
        }
    }
}

/// Runs `body`, turning lower-layer errors into ``PipelineError``.
@discardableResult
package func pipeline<T>(_ body: () throws -> T) throws(PipelineError) -> T {
    do { return try body() } catch { throw PipelineError.from(error) }
}
