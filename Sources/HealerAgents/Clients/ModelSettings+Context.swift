// The context-window check made before every call.

extension ModelSettings {
    /// Checks that the request fits the context window and returns the reply-token limit to send:
    /// the request's own, lowered when prompt plus reply would overflow the window.
    ///
    /// - Throws: ``AgentError/Code/contextWindow`` when the prompt alone (estimated at bytes / 4)
    ///   leaves fewer than 16 tokens for the reply.
    func checkContext(_ request: ChatRequest) throws(AgentError) -> Int {
        let prompt = request.estimatedPromptTokens
        let room = contextWindow - prompt
        if room < 16 {
            throw AgentError(.contextWindow, "the prompt (about \(prompt) tokens) does not fit the model's context window of \(contextWindow) tokens; narrow the request or context, or raise context_window if the model allows more")
        }
        return min(request.maxTokens, room)
    }
}
