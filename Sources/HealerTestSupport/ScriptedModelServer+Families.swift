// The scripted model server playing a real server family: the request shapes it refuses, with that family's status and body.
import Foundation
import HealerHTTP

/// A family of OpenAI-compatible model servers, by the request shapes it refuses and how it says so.
///
/// A ``ScriptedModelServer`` given a family answers a request the family refuses with the
/// family's documented status and error body (without using a scripted step), and every other
/// request from its script. The refusals, as the servers send them:
///
/// | family | refuses | status and body |
/// |---|---|---|
/// | llama-cpp-python 0.3 | `json_schema`; an assistant message with `content: null` | 500, pydantic `literal_error` / `string_type` |
/// | llama.cpp `llama-server` | `json_schema`; `tools` (without `--jinja`) | 500 `server_error` |
/// | LM Studio | `json_object` | 400 `'response_format.type' must be 'json_schema' or 'text'` |
/// | vLLM | `tools` (without `--enable-auto-tool-choice`) | 400 `BadRequestError` |
/// | Ollama | `tools` (models without tool support) | 400 `does not support tools` |
/// | OpenAI | `json_schema` (older models), a `schema` in `json_object` | 400 `invalid_request_error` |
/// | Azure OpenAI | `json_schema` (older API versions) | 400 `BadRequest` |
/// | Anthropic (OpenAI SDK compatibility) | `response_format` | 400 `invalid_request_error` |
package enum ServerFamily: String, CaseIterable, Sendable, CustomStringConvertible {
    case llamaCppPython = "llama-cpp-python"
    case llamaServer = "llama-server"
    case lmStudio = "lm-studio"
    case vllm
    case ollama
    case openAI = "openai"
    case azure
    case anthropic

    /// The family's name.
    package var description: String { rawValue }

    /// The family's refusal of `body`, or `nil` when the family takes it.
    func refusal(of body: [String: Any]) -> HTTPResponse? {
        let format = body["response_format"] as? [String: Any]
        let formatType = format?["type"] as? String
        let hasTools = body["tools"] != nil
        switch self {
        case .llamaCppPython:
            if formatType == "json_schema" {
                return Self.pydantic("('body', 'response_format', 'type')", "literal_error", "Input should be 'text' or 'json_object'", input: "'json_schema'")
            }
            let messages = body["messages"] as? [[String: Any]] ?? []
            if let index = messages.firstIndex(where: { $0["role"] as? String == "assistant" && $0["content"] is NSNull }) {
                return Self.pydantic("('body', 'messages', \(index), 'ChatCompletionRequestAssistantMessage', 'content')", "string_type",
                                     "Input should be a valid string; ChatCompletionRequestToolMessage tool_call_id; ChatCompletionRequestFunctionMessage name",
                                     input: "None")
            }
        case .llamaServer:
            if formatType == "json_schema" {
                return Self.json(500, #"{"error":{"code":500,"message":"response_format type must be one of \"text\" or \"json_object\", but got: json_schema","type":"server_error"}}"#)
            }
            if hasTools { return Self.json(500, #"{"error":{"code":500,"message":"Unsupported param: tools","type":"server_error"}}"#) }
        case .lmStudio:
            if formatType == "json_object" { return Self.json(400, #"{"error":"'response_format.type' must be 'json_schema' or 'text'"}"#) }
        case .vllm:
            if hasTools {
                return Self.json(400, #"{"object":"error","message":"\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set","type":"BadRequestError","param":null,"code":400}"#)
            }
        case .ollama:
            if hasTools {
                let model = body["model"] as? String ?? "model"
                return Self.json(400, #"{"error":{"message":"registry.ollama.ai/library/\#(model) does not support tools","type":"api_error","param":null,"code":null}}"#)
            }
        case .openAI:
            if formatType == "json_schema" {
                return Self.json(400, #"{"error":{"message":"Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.","type":"invalid_request_error","param":"response_format","code":null}}"#)
            }
            if format?["schema"] != nil {
                return Self.json(400, #"{"error":{"message":"Additional properties are not allowed ('schema' was unexpected) - 'response_format'","type":"invalid_request_error","param":null,"code":null}}"#)
            }
        case .azure:
            if formatType == "json_schema" {
                return Self.json(400, #"{"error":{"code":"BadRequest","message":"response_format value as json_schema is enabled only for api versions 2024-08-01-preview and later"}}"#)
            }
        case .anthropic:
            if format != nil {
                return Self.json(400, #"{"type":"error","error":{"type":"invalid_request_error","message":"response_format: Extra inputs are not permitted"}}"#)
            }
        }
        return nil
    }

    /// llama-cpp-python's answer to a request its pydantic models refuse: 500 with the validation error and a traceback line.
    private static func pydantic(_ location: String, _ type: String, _ message: String, input: String) -> HTTPResponse {
        let detail = "1 validation error:\\n  {'type': '\(type)', 'loc': \(location), 'msg': \\\"\(message)\\\", 'input': \(input)}\\n\\n"
            + "  File \\\"llama_cpp/server/app.py\\\", line 376, in create_chat_completion\\n    POST /v1/chat/completions"
        return json(500, #"{"error":{"message":"\#(detail)","type":"internal_server_error","param":null,"code":null}}"#)
    }

    private static func json(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
