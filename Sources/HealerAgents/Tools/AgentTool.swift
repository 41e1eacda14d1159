// A tool the model may call inside an agent loop.
import HealerSystem

/// A named tool with a JSON-schema of its arguments and the code that runs it.
///
/// The loop validates the arguments against ``definition``'s schema before ``run`` sees them,
/// and sends thrown errors back to the model as the tool's result.
package struct AgentTool: Sendable {
    /// What the model sees: name, description, argument schema.
    package var definition: ToolDefinition
    /// Runs the tool with validated arguments and returns its result text.
    package var run: @Sendable (JSONValue) async throws -> String

    /// Creates a tool.
    package init(name: String, description: String, parameters: JSONValue, run: @escaping @Sendable (JSONValue) async throws -> String) {
        self.definition = ToolDefinition(name: name, description: description, parameters: parameters)
        self.run = run
    }

    /// The tool's name.
    package var name: String { definition.name }
}

/// An error a tool reports to the model (the loop sends its message back as the result).
package struct ToolFailure: ActionableError {
    /// What went wrong, for the model.
    package var message: String
    /// Creates a failure.
    package init(_ message: String) { self.message = message }
    /// The message.
    package var description: String { message }
    /// The message.
    package var what: String { message }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Always failure: the model's call ran and failed, and a step that lets one escape failed.
    package var exitClass: ExitClass { .failure }
}
