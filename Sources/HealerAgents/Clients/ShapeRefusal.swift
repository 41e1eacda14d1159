// Reading a model server's error reply: did it refuse the request's form (a feature), or fail otherwise?
import Foundation

/// Which part of a request's form a server refused, read from its error reply.
///
/// Servers say it in many ways and with many statuses: llama-cpp-python answers 500 with a
/// pydantic `literal_error` on `response_format`, llama.cpp's server 500 "Unsupported param:
/// tools", LM Studio 400 "'response_format.type' must be…", vLLM 400 "auto tool choice
/// requires…", Ollama 400 "… does not support tools", OpenAI, Azure and Anthropic 400. Any
/// 4xx/5xx whose text names a feature the request used counts, except the statuses that never
/// mean the form (401, 403, 404, 408, 429) and a prompt over the context window (whose text
/// may count the tools' tokens). Anything else is not a refusal: a bare 500, 502 or 503 is retried by
/// the HTTP client and then reported.
package enum ShapeRefusal: Equatable, Sendable {
    /// `response_format` (or the schema in it) was refused.
    case structuredOutput
    /// `tools`, `tool_choice` or tool messages were refused.
    case tools

    /// Words that name the structured-output option in servers' refusals.
    static let formatWords = ["response_format", "json_schema", "json_object", "structured output", "structured_output",
                              "guided_json", "guided decoding", "grammar", "'schema'", "schema"]
    /// Words that name tools in servers' refusals.
    static let toolWords = ["tool", "function"]
    /// Texts of failures that are not about the form, though they may name a feature.
    static let otherFailures = ["context length", "context window", "maximum context", "too many tokens", "prompt is too long",
                                "rate limit", "quota"]
    /// Statuses that never mean the form was refused.
    static let otherStatuses: Set<Int> = [401, 403, 404, 408, 429]

    /// Every word that marks a refusal of the form: a reply with one is not worth the same request again.
    package static var markers: [String] { formatWords + toolWords }

    /// The feature refused by a reply with `status` and `text`, among those the request used
    /// (`sentFormat`, `sentTools`); `nil` when the reply is not a refusal of the form.
    package static func read(status: Int, text: String, sentFormat: Bool, sentTools: Bool) -> ShapeRefusal? {
        guard (400...599).contains(status), !otherStatuses.contains(status) else { return nil }
        let lower = text.lowercased()
        if otherFailures.contains(where: lower.contains) { return nil }
        // The format's own names first: a schema error may mention tools' schemas too.
        let namesFormat = formatWords.dropLast(2).contains(where: lower.contains)
        let namesTools = toolWords.contains(where: lower.contains)
        if sentFormat && namesFormat { return .structuredOutput }
        if sentTools && namesTools { return .tools }
        if sentFormat && formatWords.suffix(2).contains(where: lower.contains) { return .structuredOutput }
        return nil
    }
}
