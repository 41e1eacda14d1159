// The form of a chat request a model server takes: its rung on the structured-output and the tools ladder.
import Foundation

/// How a request asks for a structured answer and offers tools: the rungs of the capability
/// ladder that ``ServerCapabilities`` climbs down as a server refuses them.
///
/// Structured output, strongest first: `json_schema` (OpenAI, vLLM, LM Studio) →
/// `json_object+schema` (`{"type": "json_object", "schema": …}`: llama-cpp-python and llama.cpp's
/// server constrain the answer to the schema by grammar) → `json_object` (any JSON) → `prompt`
/// (the schema only in the prompt; the loop's lenient parser reads the answer). Tools: `native`
/// (`tools` and `tool_calls`) → `prompt` (the tools described in the system prompt; the model
/// answers a JSON action `{"tool": …, "arguments": …}` that the client reads as a tool call).
/// Every transcript entry records the shape its call used.
package struct RequestShape: Codable, Sendable, Equatable, CustomStringConvertible {
    /// How a structured answer is asked for, strongest first.
    package enum StructuredOutput: String, Codable, Sendable, CaseIterable, Comparable {
        /// `response_format: {"type": "json_schema", "json_schema": {name, schema, strict}}`.
        case jsonSchema = "json_schema"
        /// `response_format: {"type": "json_object", "schema": …}`.
        case jsonObjectSchema = "json_object+schema"
        /// `response_format: {"type": "json_object"}`.
        case jsonObject = "json_object"
        /// No response format: the schema is only in the prompt.
        case prompt

        /// The next rung down, or `nil` at the bottom.
        package var lower: StructuredOutput? {
            let all = Self.allCases
            guard let index = all.firstIndex(of: self), index + 1 < all.count else { return nil }
            return all[index + 1]
        }

        /// Lower rungs compare greater: `jsonSchema < prompt`.
        package static func < (lhs: StructuredOutput, rhs: StructuredOutput) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// How tools are offered.
    package enum Tools: String, Codable, Sendable, CaseIterable, Comparable {
        /// `tools` in the request, `tool_calls` in the reply.
        case native
        /// Described in the system prompt; the reply's JSON action is the call.
        case prompt

        /// Lower rungs compare greater: `native < prompt`.
        package static func < (lhs: Tools, rhs: Tools) -> Bool { lhs == .native && rhs == .prompt }
    }

    /// How a structured answer is asked for.
    package var structuredOutput: StructuredOutput
    /// How tools are offered.
    package var tools: Tools

    /// Creates a shape; by default the top rungs.
    package init(structuredOutput: StructuredOutput = .jsonSchema, tools: Tools = .native) {
        self.structuredOutput = structuredOutput
        self.tools = tools
    }

    /// The top rung the configured `structured_output` allows (`json_object` means
    /// `json_object+schema`, `none` means `prompt`), with native tools.
    package init(configured: ModelSettings.StructuredOutput) {
        switch configured {
        case .jsonSchema: self.init(structuredOutput: .jsonSchema)
        case .jsonObject: self.init(structuredOutput: .jsonObjectSchema)
        case .none: self.init(structuredOutput: .prompt)
        }
    }

    /// The lower of the two on each ladder.
    package func meeting(_ other: RequestShape) -> RequestShape {
        RequestShape(structuredOutput: max(structuredOutput, other.structuredOutput), tools: max(tools, other.tools))
    }

    /// `json_object+schema / prompt`.
    package var description: String { "\(structuredOutput.rawValue) / tools \(tools.rawValue)" }
}
