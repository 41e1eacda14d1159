// A role's tool-calling loop: call the model, run its tools, until a valid final answer.
import Foundation
import HealerState

/// Drives one role's conversation: sends the prompt and tools, runs the tools the model calls,
/// and ends when the model gives a final answer that matches the schema.
///
/// The answer comes either as a call to the `submit` tool (whose arguments are the answer) or
/// as a reply that is one JSON object. Invalid answers get a bounded number of repair rounds
/// (the problem is sent back), then a clear failure. The loop also stops when the model
/// repeats the same tool call (same name and arguments) too often, when it keeps calling
/// unknown tools, and when it runs out of turns.
package struct AgentLoop: Sendable {
    /// Bounds and sizes.
    package struct Configuration: Sendable, Equatable {
        /// Model calls at most.
        package var maxTurns: Int
        /// Repair rounds for invalid answers before failing.
        package var repairRounds: Int
        /// Identical tool calls that stop the loop.
        package var repeatLimit: Int
        /// Unknown-tool calls that stop the loop.
        package var unknownToolLimit: Int
        /// Reply tokens per call.
        package var maxOutputTokens: Int
        /// The largest tool result sent back, in bytes (longer ones are cut).
        package var maxToolResultBytes: Int
        /// Sampling temperature; `nil` keeps the provider's default.
        package var temperature: Double?
        /// Whether to offer the `submit` tool (some small models handle plain JSON answers better).
        package var offersSubmitTool: Bool

        /// This configuration with reply tokens at most `limit`: the planners' answers are small,
        /// and a model that runs away inside a JSON string (a small one held to a schema by a
        /// grammar does) should stop at a fraction of the Coding-Agent's allowance.
        package func replies(atMost limit: Int) -> Configuration {
            var limited = self
            limited.maxOutputTokens = min(maxOutputTokens, limit)
            return limited
        }

        /// Creates a configuration.
        package init(maxTurns: Int = 16, repairRounds: Int = 2, repeatLimit: Int = 3, unknownToolLimit: Int = 3, maxOutputTokens: Int = 4096,
                    maxToolResultBytes: Int = 24_000, temperature: Double? = nil, offersSubmitTool: Bool = true) {
            self.maxTurns = maxTurns
            self.repairRounds = repairRounds
            self.repeatLimit = repeatLimit
            self.unknownToolLimit = unknownToolLimit
            self.maxOutputTokens = maxOutputTokens
            self.maxToolResultBytes = maxToolResultBytes
            self.temperature = temperature
            self.offersSubmitTool = offersSubmitTool
        }
    }

    /// A final answer and how it was reached.
    package struct Outcome: Sendable, Equatable {
        /// The answer, valid against the schema.
        package var answer: JSONValue
        /// Model calls made.
        package var turns: Int
        /// Tool calls run (the `submit` call excluded).
        package var toolCalls: Int
        /// Repair rounds used.
        package var repairs: Int
    }

    /// A check of a schema-valid answer beyond the schema; returns the problem, or `nil`.
    package typealias Validator = @Sendable (JSONValue) async -> AgentError?

    /// The name of the tool that submits the final answer.
    package static let submitToolName = "submit"

    /// The role the loop plays (for budgets and transcripts).
    package let role: Role
    /// The session all calls go through.
    package let session: ModelSession
    /// The tools offered.
    package let tools: [AgentTool]
    /// Bounds and sizes.
    package let configuration: Configuration

    /// Creates a loop.
    package init(role: Role, session: ModelSession, tools: [AgentTool] = [], configuration: Configuration = Configuration()) {
        self.role = role
        self.session = session
        self.tools = tools
        self.configuration = configuration
    }

    /// Runs the conversation to a final answer.
    ///
    /// - Parameters:
    ///   - system: the role's instructions (the schema is appended).
    ///   - user: the task.
    ///   - format: the answer's schema, sent as the structured-output option too.
    ///   - validate: checks beyond the schema (paths, ids, patches); its problems cost repair rounds.
    /// - Throws: ``AgentError`` (`invalidOutput`, `loopDetected`, `unknownTool`, `maxTurns`, or
    ///   the validator's code when its problem persists), and the session's errors.
    package func run(system: String, user: String, format: ResponseFormat, validate: Validator? = nil) async throws(AgentError) -> Outcome {
        let schema = JSONSchema(format.schema)
        var definitions = tools.map(\.definition)
        if configuration.offersSubmitTool {
            definitions.append(ToolDefinition(name: Self.submitToolName, description: "Submit your final answer. The arguments are the answer.", parameters: format.schema))
        }
        let instructions = configuration.offersSubmitTool
            ? "When you are done, call the `submit` tool with your answer, or reply with only one JSON object matching this JSON schema:"
            : "When you are done, reply with only one JSON object matching this JSON schema:"
        var conversation = Conversation(messages: [.system(system + "\n\n" + instructions + "\n" + format.schema.jsonText), .user(user)])
        while true {
            conversation.turns += 1
            if conversation.turns > configuration.maxTurns {
                throw AgentError(.maxTurns, "the \(role.rawValue) used all \(configuration.maxTurns) turns without a final answer; narrow the request or raise max_turns")
            }
            let request = ChatRequest(messages: conversation.messages, tools: definitions, responseFormat: format, maxTokens: configuration.maxOutputTokens,
                                      temperature: configuration.temperature)
            let response = try await session.call(role: role, request)
            let answer = response.toolCalls.isEmpty
                ? try await readAnswer(response, in: &conversation, schema: schema, validate: validate)
                : try await runToolCalls(response, in: &conversation, definitions: definitions, schema: schema, validate: validate)
            if let answer {
                return Outcome(answer: answer, turns: conversation.turns, toolCalls: conversation.toolCalls, repairs: conversation.repairs)
            }
        }
    }

    /// Parses and validates an answer; the problem, or `nil` when it is good.
    func check(_ text: String, schema: JSONSchema, validate: Validator?) async -> AgentError? {
        let value: JSONValue
        do {
            value = try JSONValue.parseLenient(text)
        } catch {
            let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            let shown = line.count > 120 ? String(line.prefix(120)) + "…" : line
            return AgentError(.invalidOutput, "the answer is not one JSON object (\(error.message)); got: \(shown)")
        }
        if let problem = schema.validate(value) { return AgentError(.invalidOutput, "the answer does not match the schema: \(problem)") }
        return await validate?(value)
    }

    /// Runs a tool: arguments parsed and validated, errors and long results turned into text.
    func run(_ tool: AgentTool, arguments: String) async -> String {
        let value: JSONValue
        do {
            value = try JSONValue.parseLenient(arguments.isEmpty ? "{}" : arguments)
        } catch {
            return "error: the arguments are not JSON (\(error.message))"
        }
        if let problem = JSONSchema(tool.definition.parameters).validate(value) {
            return "error: invalid arguments for \(tool.name): \(problem)"
        }
        var result: String
        do {
            result = try await tool.run(value)
        } catch let failure as ToolFailure {
            result = "error: \(failure.message)"
        } catch {
            result = "error: \(error)"
        }
        let limit = configuration.maxToolResultBytes
        if result.utf8.count > limit {
            let cut = String(decoding: Array(result.utf8.prefix(limit)), as: UTF8.self)
            result = cut + "\n[truncated: \(result.utf8.count - limit) more bytes; ask for less]"
        }
        return result
    }

    /// The JSON object in a reply: the text itself, a fenced block, or the outermost braces.
    /// Reasoning that models such as Qwen 3 or DeepSeek R1 emit as `<think>…</think>` before the
    /// answer is dropped first (its braces are not the answer).
    static func extractJSON(_ text: String) -> String {
        var body = Self.withoutReasoning(text).trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("```") {
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
            body = lines.dropFirst().joined(separator: "\n")
            if let fence = body.range(of: "```", options: .backwards) { body = String(body[..<fence.lowerBound]) }
            body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if !body.hasPrefix("{"), let open = body.firstIndex(of: "{"), let close = body.lastIndex(of: "}"), open < close {
            body = String(body[open...close])
        }
        return body
    }

    /// `text` without `<think>…</think>` (or `<thinking>…</thinking>`) blocks; an unclosed block
    /// runs to the end of the text.
    static func withoutReasoning(_ text: String) -> String {
        var rest = Substring(text)
        var kept = ""
        for tag in ["think", "thinking"] {
            kept = ""
            while let open = rest.range(of: "<\(tag)>") {
                kept += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "</\(tag)>") else {
                    rest = ""
                    break
                }
                rest = rest[close.upperBound...]
            }
            kept += rest
            rest = Substring(kept)
        }
        return kept
    }
}
