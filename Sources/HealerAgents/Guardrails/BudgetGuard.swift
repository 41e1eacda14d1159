// Token and cost budgets per run and per role, checked before every model call.
import HealerState

/// Enforces token and cost budgets before each call, failing closed.
///
/// ``authorize(role:request:)`` reserves the worst case (estimated prompt plus the reply's
/// token limit) and refuses the call when it could overrun a limit; ``settle(_:usage:)``
/// replaces the reservation by what the call really used. Parallel roles sharing one guard
/// therefore cannot overrun together.
package actor BudgetGuard {
    /// Limits on tokens and cost (0 means no limit).
    package struct Limits: Sendable, Equatable {
        /// Most prompt plus reply tokens.
        package var maxTokens: Int
        /// Most US dollars.
        package var maxCostUSD: Double
        /// Creates limits.
        package init(maxTokens: Int = 0, maxCostUSD: Double = 0) {
            self.maxTokens = maxTokens
            self.maxCostUSD = maxCostUSD
        }
    }

    /// A granted reservation, to settle after the call.
    package struct Reservation: Sendable {
        let id: Int
        let role: Role
        let tokens: Int
        let cost: Double
    }

    private let runLimits: Limits
    private let roleLimits: [Role: Limits]
    private let pricing: ModelSettings.Pricing
    private var used: Usage
    private var usedByRole: [Role: Usage] = [:]
    private var reserved: [Int: Reservation] = [:]
    private var nextID = 0

    /// Creates a guard.
    ///
    /// - Parameters:
    ///   - run: limits for the whole run.
    ///   - perRole: limits for single roles.
    ///   - pricing: prices used to estimate costs before calls and to price the usage after.
    ///   - alreadyUsed: what the run spent before (from the run document's budget).
    package init(run: Limits, perRole: [Role: Limits] = [:], pricing: ModelSettings.Pricing = .init(), alreadyUsed: Usage = Usage()) {
        self.runLimits = run
        self.roleLimits = perRole
        self.pricing = pricing
        self.used = alreadyUsed
    }

    /// Creates a guard from a run document's budget.
    package init(budget: Run.Budget, perRole: [Role: Limits] = [:], pricing: ModelSettings.Pricing = .init()) {
        self.init(run: Limits(maxTokens: budget.maxTokens, maxCostUSD: budget.maxCostUSD), perRole: perRole, pricing: pricing, alreadyUsed: budget.used)
    }

    /// Everything spent so far (settled calls only).
    package var spent: Usage { used }

    /// What one role spent so far.
    package func spent(by role: Role) -> Usage { usedByRole[role] ?? Usage() }

    /// Reserves the worst case of `request` for `role`, or refuses it.
    ///
    /// - Throws: ``AgentError/Code/budgetExceeded`` naming the limit, the need and what is left.
    package func authorize(role: Role, request: ChatRequest) throws(AgentError) -> Reservation {
        let prompt = request.estimatedPromptTokens
        let tokens = prompt + request.maxTokens
        let cost = pricing.cost(promptTokens: prompt, completionTokens: request.maxTokens)
        let pendingAll = reserved.values.reduce((0, 0.0)) { ($0.0 + $1.tokens, $0.1 + $1.cost) }
        let pendingRole = reserved.values.filter { $0.role == role }.reduce((0, 0.0)) { ($0.0 + $1.tokens, $0.1 + $1.cost) }
        try check(runLimits, used: used, pending: pendingAll, prompt: prompt, tokens: tokens, cost: cost, scope: "the run's")
        if let limits = roleLimits[role] {
            try check(limits, used: usedByRole[role] ?? Usage(), pending: pendingRole, prompt: prompt, tokens: tokens, cost: cost, scope: "the \(role.rawValue)'s")
        }
        nextID += 1
        let reservation = Reservation(id: nextID, role: role, tokens: tokens, cost: cost)
        reserved[nextID] = reservation
        return reservation
    }

    /// Replaces a reservation by the real usage (pass `nil` when the call failed without usage).
    ///
    /// - Returns: the cost of `usage`.
    @discardableResult
    package func settle(_ reservation: Reservation, usage: TokenUsage?) -> Double {
        reserved[reservation.id] = nil
        guard let usage else { return 0 }
        let cost = pricing.cost(usage)
        used.tokens += usage.totalTokens
        used.costUSD += cost
        var role = usedByRole[reservation.role] ?? Usage()
        role.tokens += usage.totalTokens
        role.costUSD += cost
        usedByRole[reservation.role] = role
        return cost
    }

    private func check(_ limits: Limits, used: Usage, pending: (Int, Double), prompt: Int, tokens: Int, cost: Double, scope: String) throws(AgentError) {
        if limits.maxTokens > 0, used.tokens + pending.0 + tokens > limits.maxTokens {
            let left = max(0, limits.maxTokens - used.tokens - pending.0)
            throw AgentError(.budgetExceeded, "\(scope) token budget of \(limits.maxTokens) would be exceeded: this call may use up to \(tokens) tokens (a prompt of about \(prompt) plus up to \(tokens - prompt) reply tokens) and \(left) are left; raise the budget in .healer.yml or narrow the request")
        }
        if limits.maxCostUSD > 0, used.costUSD + pending.1 + cost > limits.maxCostUSD {
            let left = max(0, limits.maxCostUSD - used.costUSD - pending.1)
            throw AgentError(.budgetExceeded, "\(scope) cost budget of $\(Self.money(limits.maxCostUSD)) would be exceeded: this call may cost up to $\(Self.money(cost)) and $\(Self.money(left)) is left; raise the budget in .healer.yml or narrow the request")
        }
    }

    private static func money(_ value: Double) -> String {
        let cents = (value * 10_000).rounded() / 10_000
        return "\(cents)"
    }
}
