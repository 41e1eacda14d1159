// Choosing the provider's client from settings.

extension ModelSettings {
    /// The client for these settings' provider.
    ///
    /// ```swift
    /// let client = try ModelSettings.resolve(config: values).makeClient()
    /// ```
    package func makeClient() -> any LLMClient {
        switch provider {
        case .openai: OpenAIClient(settings: self)
        case .anthropic: AnthropicClient(settings: self)
        }
    }
}
