// Where the model is and how to talk to it: from .healer.yml values, overridden by the environment.
import Foundation

/// How to reach a model: provider, endpoint, model name, key, limits and prices.
///
/// Build it with ``resolve(config:environment:)`` from the values of `.healer.yml`'s model
/// section; `HEALER_LLM_PROVIDER`, `HEALER_LLM_BASE_URL`, `HEALER_LLM_MODEL` and
/// `HEALER_LLM_API_KEY` override them. The description never shows the API key.
package struct ModelSettings: Sendable, Equatable, CustomStringConvertible {
    /// The API family.
    package enum Provider: String, Sendable, Codable, CaseIterable {
        /// OpenAI-compatible `/v1/chat/completions` (OpenAI, Azure, vLLM, Ollama, llama.cpp, LM Studio).
        case openai
        /// Anthropic's Messages API.
        case anthropic
    }

    /// How a structured answer is requested from an OpenAI-compatible server.
    package enum StructuredOutput: String, Sendable, Codable, CaseIterable {
        /// `response_format: {"type": "json_schema", "json_schema": {name, schema, strict: true}}` (OpenAI, vLLM).
        case jsonSchema = "json_schema"
        /// `response_format: {"type": "json_object", "schema": ...}` (llama.cpp's server, llama-cpp-python).
        case jsonObject = "json_object"
        /// No response format: the schema is only described in the prompt.
        case none
    }

    /// Prices in US dollars per million tokens (0 when unknown or free).
    package struct Pricing: Sendable, Equatable, Codable {
        /// Per million prompt tokens.
        package var inputPerMillion: Double
        /// Per million reply tokens.
        package var outputPerMillion: Double
        /// Creates prices.
        package init(inputPerMillion: Double = 0, outputPerMillion: Double = 0) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
        }
        /// The cost of `usage`.
        package func cost(_ usage: TokenUsage) -> Double {
            cost(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens)
        }
        /// The cost of a number of prompt and reply tokens.
        package func cost(promptTokens: Int, completionTokens: Int) -> Double {
            (Double(promptTokens) * inputPerMillion + Double(completionTokens) * outputPerMillion) / 1_000_000
        }
    }

    /// The API family.
    package var provider: Provider
    /// The server's base address (`https://api.openai.com`, `http://127.0.0.1:8080`); a trailing `/v1` is allowed.
    package var baseURL: URL
    /// The model name sent with each request.
    package var model: String
    /// The API key, if any; never printed.
    package var apiKey: String?
    /// The name of the environment variable the key came from, for error messages.
    package var apiKeySource: String
    /// Seconds one attempt may take.
    package var timeoutSeconds: Double
    /// Retries after the first attempt on 429, 5xx, timeouts and broken connections.
    package var maxRetries: Int
    /// The first backoff delay in seconds (doubled per retry, with jitter).
    package var retryBaseDelaySeconds: Double
    /// The longest single wait between attempts, `Retry-After` included.
    package var retryMaxDelaySeconds: Double
    /// The model's context window in tokens; prompts estimated larger are refused before the call.
    package var contextWindow: Int
    /// Prices per million tokens.
    package var pricing: Pricing
    /// How structured answers are requested (OpenAI-compatible servers only).
    package var structuredOutput: StructuredOutput
    /// The largest reply body accepted, in bytes.
    package var maxResponseBytes: Int
    /// The `anthropic-version` header.
    package var anthropicVersion: String
    /// Where the request shapes learned per server and model are remembered between processes
    /// (`.git/healer/server-capabilities.json`, see ``CapabilityStore``); `nil` keeps them for the client's life only.
    package var capabilityFile: URL?

    /// Creates settings directly (tests, embedding); most callers use ``resolve(config:environment:)``.
    package init(provider: Provider = .openai, baseURL: URL, model: String, apiKey: String? = nil, apiKeySource: String = "HEALER_LLM_API_KEY",
                timeoutSeconds: Double = 120, maxRetries: Int = 3, retryBaseDelaySeconds: Double = 1, retryMaxDelaySeconds: Double = 30,
                contextWindow: Int = 128_000, pricing: Pricing = Pricing(), structuredOutput: StructuredOutput = .jsonSchema,
                maxResponseBytes: Int = 4 << 20, anthropicVersion: String = "2023-06-01") {
        self.provider = provider
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.apiKeySource = apiKeySource
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
        self.retryBaseDelaySeconds = retryBaseDelaySeconds
        self.retryMaxDelaySeconds = retryMaxDelaySeconds
        self.contextWindow = contextWindow
        self.pricing = pricing
        self.structuredOutput = structuredOutput
        self.maxResponseBytes = maxResponseBytes
        self.anthropicVersion = anthropicVersion
    }

    /// Builds settings from configuration values and the environment.
    ///
    /// Keys of `config` (snake_case or camelCase): `provider`, `base_url`, `model`, `api_key`,
    /// `api_key_env` (the name of the variable holding the key), `timeout_seconds`, `max_retries`,
    /// `retry_base_delay_seconds`, `retry_max_delay_seconds`, `context_window`,
    /// `input_cost_per_million`, `output_cost_per_million`, `structured_output`
    /// (`json_schema`|`json_object`|`none`), `max_response_bytes`, `anthropic_version`.
    /// Unknown keys are refused so that typos do not pass silently.
    ///
    /// - Throws: ``AgentError/Code/configuration`` naming the bad value and how to fix it.
    package static func resolve(config: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(AgentError) -> ModelSettings {
        let values = try knownValues(config)
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

        let providerText = nonEmpty("HEALER_LLM_PROVIDER") ?? values["provider"] ?? "openai"
        guard let provider = Provider(rawValue: providerText.lowercased()) else {
            throw AgentError(.configuration, "unknown model provider '\(providerText)'; set HEALER_LLM_PROVIDER (or model.provider in .healer.yml) to 'openai' (any OpenAI-compatible server) or 'anthropic'")
        }
        let defaultURL = provider == .openai ? "https://api.openai.com" : "https://api.anthropic.com"
        let urlText = nonEmpty("HEALER_LLM_BASE_URL") ?? values["baseurl"] ?? defaultURL
        guard let baseURL = URL(string: urlText), let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https", baseURL.host != nil else {
            throw AgentError(.configuration, "the model base URL '\(urlText)' is not an http(s) address; set HEALER_LLM_BASE_URL to something like http://127.0.0.1:8080")
        }
        guard let model = nonEmpty("HEALER_LLM_MODEL") ?? values["model"], !model.isEmpty else {
            throw AgentError(.configuration, "no model name is configured; set HEALER_LLM_MODEL, or model.model in .healer.yml")
        }
        let (apiKey, source) = Self.apiKey(values, nonEmpty)
        var settings = ModelSettings(provider: provider, baseURL: baseURL, model: model, apiKey: apiKey, apiKeySource: source)
        try settings.applyLimits(values)
        return settings
    }

    /// `config` with keys normalised (`base_url`, `baseUrl` -> `baseurl`); unknown keys are refused.
    private static func knownValues(_ config: [String: String]) throws(AgentError) -> [String: String] {
        var values: [String: String] = [:]
        let known = ["provider", "baseurl", "model", "apikey", "apikeyenv", "timeoutseconds", "maxretries", "retrybasedelayseconds",
                     "retrymaxdelayseconds", "contextwindow", "inputcostpermillion", "outputcostpermillion", "structuredoutput",
                     "maxresponsebytes", "anthropicversion"]
        for (key, value) in config {
            let normal = key.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: "-", with: "")
            guard known.contains(normal) else {
                throw AgentError(.configuration, "unknown model setting '\(key)'; known settings: provider, base_url, model, api_key_env, timeout_seconds, max_retries, context_window, input_cost_per_million, output_cost_per_million, structured_output")
            }
            values[normal] = value
        }
        return values
    }

    /// The key and where it came from: `HEALER_LLM_API_KEY`, the variable `api_key_env` names, or `api_key`.
    private static func apiKey(_ values: [String: String], _ nonEmpty: (String) -> String?) -> (key: String?, source: String) {
        if let key = nonEmpty("HEALER_LLM_API_KEY") { return (key, "HEALER_LLM_API_KEY") }
        if let variable = values["apikeyenv"], !variable.isEmpty { return (nonEmpty(variable), variable) }
        if let key = values["apikey"], !key.isEmpty { return (key, "model.api_key") }
        return (nil, "HEALER_LLM_API_KEY")
    }

    /// Reads the limits, prices, structured-output mode and Anthropic version from normalised `values`.
    private mutating func applyLimits(_ values: [String: String]) throws(AgentError) {
        func number(_ key: String, _ label: String, default fallback: Double, minimum: Double = 0) throws(AgentError) -> Double {
            guard let text = values[key] else { return fallback }
            guard let value = Double(text), value >= minimum else {
                throw AgentError(.configuration, "the model setting \(label) is '\(text)', which is not a number >= \(minimum); fix it in .healer.yml")
            }
            return value
        }
        timeoutSeconds = try number("timeoutseconds", "timeout_seconds", default: 120, minimum: 0.001)
        maxRetries = Int(try number("maxretries", "max_retries", default: 3))
        retryBaseDelaySeconds = try number("retrybasedelayseconds", "retry_base_delay_seconds", default: 1)
        retryMaxDelaySeconds = try number("retrymaxdelayseconds", "retry_max_delay_seconds", default: 30)
        contextWindow = Int(try number("contextwindow", "context_window", default: 128_000, minimum: 1))
        pricing = Pricing(inputPerMillion: try number("inputcostpermillion", "input_cost_per_million", default: 0),
                          outputPerMillion: try number("outputcostpermillion", "output_cost_per_million", default: 0))
        maxResponseBytes = Int(try number("maxresponsebytes", "max_response_bytes", default: Double(4 << 20), minimum: 1024))
        if let text = values["structuredoutput"] {
            guard let mode = StructuredOutput(rawValue: text.lowercased()) else {
                throw AgentError(.configuration, "structured_output '\(text)' is not one of json_schema, json_object (llama.cpp) or none")
            }
            structuredOutput = mode
        }
        if let version = values["anthropicversion"], !version.isEmpty { anthropicVersion = version }
    }

    /// Why every call would be refused for want of a key: a hosted API (OpenAI, Anthropic,
    /// Azure OpenAI) and no key set. `nil` when a key is set or the server may need none
    /// (a local llama.cpp, Ollama or vLLM server).
    package var missingKey: String? {
        guard apiKey == nil, let host = baseURL.host?.lowercased(),
              ["api.openai.com", "api.anthropic.com"].contains(host) || host.hasSuffix(".openai.azure.com") else { return nil }
        return "\(host) needs an API key and \(apiKeySource) is not set; export \(apiKeySource) (or HEALER_LLM_API_KEY), or point HEALER_LLM_BASE_URL at a server that needs none"
    }

    /// The settings without the key: provider, address, model and limits.
    package var description: String {
        "\(provider.rawValue) model '\(model)' at \(baseURL.absoluteString) (key: \(apiKey == nil ? "none" : "set from \(apiKeySource)"), timeout \(timeoutSeconds) s, \(maxRetries) retries, context \(contextWindow) tokens)"
    }

    /// The full address of an API path such as `chat/completions`, accepting base URLs with or without `/v1`.
    func endpoint(_ path: String) -> URL {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/v1") { base += "/v1" }
        return URL(string: base + "/" + path) ?? baseURL
    }

    /// The server's address for messages, without path or credentials.
    var serverDescription: String {
        var text = "\(baseURL.scheme ?? "http")://\(baseURL.host ?? "?")"
        if let port = baseURL.port { text += ":\(port)" }
        return text
    }
}
