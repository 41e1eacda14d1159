// The one public error type of the agents layer.
import HealerSystem

/// An error from a model client, an agent loop or a guardrail: what failed, why, and what to do.
///
/// The message is one line meant for a person (it ends up in the run's failure reason), and
/// never contains an API key.
package struct AgentError: ActionableError, Equatable {
    /// The kind of failure, stable for callers that branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The model settings are missing or invalid.
        package static let configuration = Code(rawValue: "configuration")
        /// The model server could not be reached, or the connection broke.
        package static let network = Code(rawValue: "network")
        /// The model server did not answer in time.
        package static let timeout = Code(rawValue: "timeout")
        /// The model server answered with an HTTP error status.
        package static let httpStatus = Code(rawValue: "http-status")
        /// The model server's reply could not be read (not JSON, or an unexpected shape).
        package static let invalidResponse = Code(rawValue: "invalid-response")
        /// The reply was larger than the configured limit.
        package static let responseTooLarge = Code(rawValue: "response-too-large")
        /// The prompt does not fit the model's context window.
        package static let contextWindow = Code(rawValue: "context-window")
        /// A token or cost budget would be exceeded; the call was not made.
        package static let budgetExceeded = Code(rawValue: "budget-exceeded")
        /// The model's final answer did not match the schema after the repair rounds.
        package static let invalidOutput = Code(rawValue: "invalid-output")
        /// The model repeated the same tool call too often.
        package static let loopDetected = Code(rawValue: "loop-detected")
        /// The model used all its turns without a final answer.
        package static let maxTurns = Code(rawValue: "max-turns")
        /// The model kept calling tools that do not exist.
        package static let unknownTool = Code(rawValue: "unknown-tool")
        /// An edit touches a path the policy forbids, or is too large.
        package static let editRejected = Code(rawValue: "edit-rejected")
        /// An edit weakens the tests (deletes or skips tests, removes assertions).
        package static let testIntegrity = Code(rawValue: "test-integrity")
        /// A replayed run asked the model something the transcript does not hold.
        package static let replayDiverged = Code(rawValue: "replay-diverged")
        /// The code's stable name (`budget-exceeded`...).
        package var description: String { rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// A one-line message for a person: what failed and how to fix it.
    package var message: String
    /// The HTTP status, when the model server answered with one.
    package var status: Int?

    /// Creates an error.
    package init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The one-line message.
    package var description: String { message }
    /// The one-line message.
    package var what: String { message }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Usage when the model settings are wrong; failure for everything a call or a loop ran into
    /// (the network, the server, budgets, the model's output).
    package var exitClass: ExitClass { code == .configuration ? .usage : .failure }
}
