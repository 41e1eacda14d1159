// The per-run gateway to the model: redaction, budgets and transcripts around every call.
import Foundation
import HealerState

/// Every model call of a run goes through one session, which redacts the request, checks the
/// budget before the call, calls the client, and records a ``TranscriptEntry``.
///
/// Roles share the session of their run (also when coding tasks run in parallel), so the
/// budget and the transcript cover the whole run.
///
/// ```swift
/// let session = ModelSession(client: settings.makeClient(), settings: settings,
///                            redactor: Redactor(extraSecrets: [settings.apiKey].compactMap { $0 }),
///                            budget: BudgetGuard(budget: run.budget, pricing: settings.pricing))
/// let plan = try await RequestPlanner(context: AgentContext(session: session)).plan(request: run.request.text)
/// let blob = TranscriptEntry.encode(await session.transcript)
/// ```
package actor ModelSession {
    /// The client that answers.
    package let client: any LLMClient
    /// Removes secrets from requests, replies and errors.
    package let redactor: Redactor
    /// Enforces the budgets.
    package let budget: BudgetGuard
    private let provider: String
    private let model: String
    private var entries: [TranscriptEntry] = []
    private var sequence = 0

    /// Creates a session.
    ///
    /// - Parameters:
    ///   - client: the model client (or a ``ReplayClient``).
    ///   - settings: the client's settings, for the transcript's provider and model names.
    ///   - redactor: applied to everything sent and recorded (the settings' API key is added to it).
    ///   - budget: checked before every call.
    package init(client: any LLMClient, settings: ModelSettings? = nil, redactor: Redactor = Redactor(), budget: BudgetGuard = BudgetGuard(run: .init())) {
        self.client = client
        // The configured key is a secret whatever the name of the variable that held it (placeholder
        // keys of local servers, such as "none", are too short to be worth hiding and would mangle prompts).
        self.redactor = redactor.adding([settings?.apiKey].compactMap { $0 }.filter { $0.count >= 8 })
        self.budget = budget
        self.provider = client is ReplayClient ? "replay" : settings?.provider.rawValue ?? "unknown"
        self.model = settings?.model ?? "unknown"
    }

    /// Every call made so far, oldest first.
    package var transcript: [TranscriptEntry] { entries }

    /// Makes one call for `role`.
    ///
    /// - Returns: the redacted reply (as recorded, so replays continue identically).
    /// - Throws: ``AgentError/Code/budgetExceeded`` before any request is sent when the budget
    ///   could be overrun; the client's errors, redacted.
    package func call(role: Role, _ request: ChatRequest) async throws(AgentError) -> ChatResponse {
        let redacted = redactor.redact(request)
        let reservation = try await budget.authorize(role: role, request: redacted)
        sequence += 1
        let number = sequence
        let started = Date()
        let startedAt = ISO8601DateFormatter().string(from: started)
        do {
            let response = redactor.redact(try await client.send(redacted))
            let cost = await budget.settle(reservation, usage: response.usage)
            // The shape is the entry's, not the reply's (a decoded reply has none).
            var recorded = response
            recorded.shape = nil
            entries.append(TranscriptEntry(sequence: number, role: role, provider: provider, model: model, request: redacted, response: recorded,
                                           usage: response.usage, costUSD: cost, latencySeconds: response.latencySeconds, startedAt: startedAt,
                                           shape: response.shape))
            return response
        } catch {
            await budget.settle(reservation, usage: nil)
            var failure = error
            failure.message = redactor.redact(error.message)
            entries.append(TranscriptEntry(sequence: number, role: role, provider: provider, model: model, request: redacted, response: nil,
                                           error: failure.message, errorCode: failure.code.rawValue, usage: TokenUsage(), costUSD: 0,
                                           latencySeconds: Date().timeIntervalSince(started), startedAt: startedAt))
            throw failure
        }
    }
}
