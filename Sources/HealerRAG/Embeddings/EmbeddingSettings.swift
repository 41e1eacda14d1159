// Where dense vectors come from: any OpenAI-compatible `/v1/embeddings` endpoint.

/// Settings of an OpenAI-compatible embeddings endpoint (OpenAI, vLLM, Ollama, llama.cpp server).
package struct EmbeddingSettings: Sendable, Equatable {
    /// The server's base URL, with or without the trailing `/v1` (`http://127.0.0.1:8080/v1`).
    package var baseURL: String
    /// The model name sent with each request; vectors are cached per model.
    package var model: String
    /// The name of the environment variable that holds the API key, or `nil` for none.
    package var apiKeyEnvironment: String?
    /// Texts per request.
    package var batchSize: Int
    /// Seconds to wait for one request.
    package var timeout: Double
    /// Characters of a chunk sent to the model (the start of the chunk, where its signature and
    /// documentation are).
    package var maximumCharacters: Int

    /// Creates settings.
    package init(baseURL: String, model: String, apiKeyEnvironment: String? = nil, batchSize: Int = 64, timeout: Double = 30, maximumCharacters: Int = 2000) {
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnvironment = apiKeyEnvironment
        self.batchSize = max(1, batchSize)
        self.timeout = timeout
        self.maximumCharacters = max(16, maximumCharacters)
    }

    /// The full URL of the embeddings call.
    var endpoint: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/v1") ? base + "/embeddings" : base + "/v1/embeddings"
    }
}
