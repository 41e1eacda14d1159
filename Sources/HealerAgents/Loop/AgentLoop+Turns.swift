// One turn of a role's loop: the model's tool calls run, or its plain reply read as the answer.
import Foundation
import HealerState

extension AgentLoop {
    /// What one conversation has said so far, and the counts its limits are checked against.
    struct Conversation {
        var messages: [ChatMessage]
        /// How often each tool call (name and normalised arguments) was made.
        var seen: [String: Int] = [:]
        var unknown = 0
        var repairs = 0
        var toolCalls = 0
        var turns = 0

        /// Counts one failed answer and says what to fix; throws once `rounds` repair rounds are used up.
        mutating func repair(_ problem: AgentError, rounds: Int, role: Role) throws(AgentError) -> String {
            repairs += 1
            if repairs > rounds {
                let code = problem.code == .invalidResponse ? AgentError.Code.invalidOutput : problem.code
                throw AgentError(code, "the \(role.rawValue)'s answer was still invalid after \(rounds) repair round\(rounds == 1 ? "" : "s"): \(problem.message)")
            }
            return "Your answer is not valid: \(problem.message). Fix it and answer again with the whole corrected JSON object."
        }
    }

    /// Runs the tool calls of `response` and records their results; the answer when a `submit`
    /// call was accepted.
    func runToolCalls(_ response: ChatResponse, in conversation: inout Conversation, definitions: [ToolDefinition], schema: JSONSchema,
                      validate: Validator?) async throws(AgentError) -> JSONValue? {
        conversation.messages.append(.assistant(response.text ?? "", toolCalls: response.toolCalls))
        var accepted: JSONValue?
        for call in response.toolCalls {
            let signature = call.name + " " + ((try? JSONValue.parseLenient(call.arguments))?.jsonText ?? call.arguments)
            conversation.seen[signature, default: 0] += 1
            if conversation.seen[signature, default: 0] >= configuration.repeatLimit {
                throw AgentError(.loopDetected, "the \(role.rawValue) called \(call.name) with the same arguments \(configuration.repeatLimit) times; stopped to save the budget (try a larger model or a narrower request)")
            }
            let result: String
            if call.name == Self.submitToolName && configuration.offersSubmitTool {
                if accepted != nil {
                    result = "ignored: an answer was already submitted"
                } else if let problem = await check(call.arguments, schema: schema, validate: validate) {
                    result = try conversation.repair(problem, rounds: configuration.repairRounds, role: role)
                } else {
                    accepted = try? JSONValue.parseLenient(call.arguments)
                    result = "accepted"
                }
            } else if let tool = tools.first(where: { $0.name == call.name }) {
                conversation.toolCalls += 1
                // Small models loop; a reminder costs less than running the tool again.
                result = conversation.seen[signature, default: 0] > 1
                    ? "note: you already made this exact call; its result is above. Use it, or do something else."
                    : await run(tool, arguments: call.arguments)
            } else {
                result = try unknownTool(call, in: &conversation, definitions: definitions)
            }
            conversation.messages.append(.tool(result, for: call))
        }
        return accepted
    }

    /// The answer in a reply without tool calls; `nil` when it was sent back for repair.
    func readAnswer(_ response: ChatResponse, in conversation: inout Conversation, schema: JSONSchema,
                    validate: Validator?) async throws(AgentError) -> JSONValue? {
        let text = response.text ?? ""
        var problem: AgentError?
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, response.finishReason == "length" {
            problem = AgentError(.invalidOutput, "the reply was cut off at the token limit before any answer")
        } else {
            problem = await check(Self.extractJSON(text), schema: schema, validate: validate)
        }
        if let problem {
            conversation.messages.append(.assistant(text))
            conversation.messages.append(.user(try conversation.repair(problem, rounds: configuration.repairRounds, role: role)))
            return nil
        }
        return try? JSONValue.parseLenient(Self.extractJSON(text))
    }

    /// The result sent back for a call to a tool that does not exist; throws when the model keeps doing it.
    private func unknownTool(_ call: ToolCall, in conversation: inout Conversation, definitions: [ToolDefinition]) throws(AgentError) -> String {
        conversation.unknown += 1
        if conversation.unknown >= configuration.unknownToolLimit {
            throw AgentError(.unknownTool, "the \(role.rawValue) called unknown tools \(conversation.unknown) times (last: '\(call.name)'); the model does not follow the tool list (try a larger model)")
        }
        return "error: there is no tool named '\(call.name)'; the tools are: \(definitions.map(\.name).joined(separator: ", "))"
    }
}
