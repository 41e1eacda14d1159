// The scripted model server's replies: a scripted step as an OpenAI or Anthropic response body.
import Foundation
import HealerHTTP

extension ScriptedModelServer {
    /// The response to call number `call` (`recorded`): the step's raw body, its error status,
    /// or a chat completion (OpenAI) or message (Anthropic) with its text, tool calls and usage.
    static func response(_ reply: ModelScenario.Reply, call: Int, to recorded: RecordedRequest, anthropic: Bool) -> HTTPResponse {
        let status = reply.status ?? 200
        var headers = reply.headers ?? [:]
        if let raw = reply.rawBody {
            return HTTPResponse(status: status, headers: headers, body: Data(raw.utf8))
        }
        headers["Content-Type"] = "application/json"
        guard status == 200 else {
            let message = reply.text ?? "scripted error \(status)"
            let object: [String: Any] = anthropic
                ? ["type": "error", "error": ["type": "scripted", "message": message]]
                : ["error": ["message": message, "type": "scripted"]]
            return HTTPResponse(status: status, headers: headers, body: encode(object))
        }
        // Padding is spliced into the encoded body afterwards: serializing megabytes of text
        // through JSONSerialization would hold a concurrency thread for seconds.
        let pad = max(0, reply.padBytes ?? 0)
        let padMarker = "@@scripted-padding@@"
        let text = pad > 0 ? (reply.text ?? "") + padMarker : reply.text
        let calls = reply.toolCalls ?? []
        let usage = (prompt: reply.promptTokens ?? max(1, recorded.body.utf8.count / 4),
                     completion: reply.completionTokens ?? max(1, ((text ?? "").utf8.count + pad + calls.reduce(0) { $0 + $1.arguments.utf8.count }) / 4))
        let model = recorded.json?["model"] as? String ?? "scripted"
        let object = anthropic
            ? anthropicMessage(text: text, calls: calls, call: call, model: model, usage: usage)
            : openAICompletion(text: text, calls: calls, call: call, model: model, usage: usage)
        var encoded = encode(object)
        if pad > 0, let marker = encoded.range(of: Data(padMarker.utf8)) {
            encoded.replaceSubrange(marker, with: Data(repeating: UInt8(ascii: "x"), count: pad))
        }
        return HTTPResponse(status: 200, headers: headers, body: encoded)
    }

    private typealias Usage = (prompt: Int, completion: Int)

    /// An Anthropic Messages reply: text and `tool_use` blocks.
    private static func anthropicMessage(text: String?, calls: [ModelScenario.ToolCall], call: Int, model: String, usage: Usage) -> [String: Any] {
        var content: [[String: Any]] = []
        if let text { content.append(["type": "text", "text": text]) }
        for (index, tool) in calls.enumerated() {
            let input = (try? JSONSerialization.jsonObject(with: Data(tool.arguments.utf8))) ?? [String: Any]()
            content.append(["type": "tool_use", "id": tool.id ?? "toolu_\(call)_\(index)", "name": tool.name, "input": input])
        }
        return ["id": "msg_\(call)", "type": "message", "role": "assistant", "model": model, "content": content,
                "stop_reason": calls.isEmpty ? "end_turn" : "tool_use",
                "usage": ["input_tokens": usage.prompt, "output_tokens": usage.completion]]
    }

    /// An OpenAI chat completion: one choice with the text and `tool_calls`.
    private static func openAICompletion(text: String?, calls: [ModelScenario.ToolCall], call: Int, model: String, usage: Usage) -> [String: Any] {
        var message: [String: Any] = ["role": "assistant", "content": text.map { $0 as Any } ?? NSNull()]
        if !calls.isEmpty {
            message["tool_calls"] = calls.enumerated().map { index, tool -> [String: Any] in
                ["id": tool.id ?? "call_\(call)_\(index)", "type": "function", "function": ["name": tool.name, "arguments": tool.arguments]]
            }
        }
        return ["id": "chatcmpl-\(call)", "object": "chat.completion", "model": model,
                "choices": [["index": 0, "message": message, "finish_reason": calls.isEmpty ? "stop" : "tool_calls"]],
                "usage": ["prompt_tokens": usage.prompt, "completion_tokens": usage.completion, "total_tokens": usage.prompt + usage.completion]]
    }

    private static func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }
}
