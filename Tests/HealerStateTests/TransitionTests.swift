import HealerState
import Testing

/// One sample event of each kind, valid in the stage that allows it.
private func sample(_ name: String, id: String = "e-\(Int.random(in: 0..<1_000_000))") -> Event {
    let change: Event.Change
    switch name {
    case "planned": change = .planned(Plan(steps: ["add a setting"], rationale: "asked for", affectedPaths: ["Sources/Retry.swift"]))
    case "tasked": change = .tasked([CodingTask(id: "t1", patchGoal: "read the delay from config")])
    case "coded": change = .coded([CommitRecord(sha: String(repeating: "a", count: 40), role: .codingAgent, task: "t1")])
    case "built": change = .built(BuildResult(sha: String(repeating: "a", count: 40), status: .green))
    case "tests_planned": change = .testsPlanned(TestSpec(cases: [.init(name: "delayIsConfigurable", behaviour: "uses the setting")]))
    case "tests_built": change = .testsBuilt([CommitRecord(sha: String(repeating: "b", count: 40), role: .testBuilder)])
    case "verified": change = .verified(BuildResult(sha: String(repeating: "b", count: 40), status: .green))
    case "regressed": change = .regressed(Regression(log: "log", failingTests: ["RetryTests.delay"]))
    case "delivered": change = .delivered(Delivery(branch: "healer/x"))
    case "failed": change = .failed("stopped by a test")
    case "retried": change = .retried
    case "commented": change = .commented("note")
    case "attached": change = .attached(Artifact(kind: "build-log", blob: String(repeating: "c", count: 40)))
    default: fatalError("unknown sample \(name)")
    }
    return Event(id: id, actor: "test", at: "2026-11-25T00:00:00Z", change: change)
}

/// A run in `stage` (with a failure to retry from when failed).
private func run(in stage: Stage) -> Run {
    var run = Run(id: "20261125-000000-abcdef", branch: "healer/x", base: String(repeating: "0", count: 40), baseBranch: "main",
                  request: .init(text: "do it"), createdAt: "2026-11-25T00:00:00Z")
    run.stage = stage
    if stage == .failed { run.failure = .init(reason: "boom", stage: .coded) }
    return run
}

/// The expected stage after each legal (stage, event); absent pairs are illegal.
private let table: [Stage: [String: Stage]] = [
    .requested: ["planned": .planned],
    .planned: ["tasked": .tasked],
    .tasked: ["coded": .coded],
    .coded: ["built": .built],
    .built: ["tests_planned": .testsPlanned],
    .testsPlanned: ["tests_built": .testsBuilt],
    .testsBuilt: ["verified": .verified, "regressed": .tasked],
    .verified: ["delivered": .done, "regressed": .tasked],
    .done: [:],
    .failed: ["retried": .coded],
]

@Suite("The state machine")
struct TransitionTests {
    static let pairs: [(Stage, String)] = Stage.allCases.flatMap { stage in Event.Kind.allCases.map { (stage, $0.rawValue) } }

    @Test("every stage × event pair is legal exactly as the table says", arguments: pairs)
    func table(stage: Stage, event: String) throws {
        let before = run(in: stage)
        var expected = HealerStateTestsTable.expected(stage, event)
        if expected == nil, ["commented", "attached"].contains(event) { expected = stage }
        if expected == nil, event == "failed", !stage.isTerminal { expected = .failed }
        if let expected {
            let after = try transition(before, sample(event))
            #expect(after.stage == expected)
            #expect(after.history.count == 1)
            #expect(after.history[0].from == stage && after.history[0].to == expected)
            #expect(after.history[0].event.rawValue == event)
        } else {
            #expect(throws: TransitionError.self) { try transition(before, sample(event)) }
            do { _ = try transition(before, sample(event)) } catch {
                #expect(error.description.contains("'\(event)'"))
                #expect(error.description.contains("'\(stage.rawValue)'"))
            }
        }
    }

    @Test("a red build goes back to coding until the bound, then fails")
    func boundedRetries() throws {
        var current = run(in: .coded)
        current.limits = .init(coding: 3, verification: 2)
        let red = BuildResult(sha: String(repeating: "a", count: 40), status: .red, failingTests: ["T.a"])
        for attempt in 1...3 {
            current = try transition(current, Event(id: "b\(attempt)", actor: "build", at: "t", change: .built(red)))
            if attempt < 3 {
                #expect(current.stage == .tasked)
                current = try transition(current, sample("coded"))
            }
        }
        #expect(current.stage == .failed)
        #expect(current.failure?.reason.contains("3 coding attempts") == true)
        #expect(current.builds.count == 3)
        let retried = try transition(current, sample("retried"))
        #expect(retried.stage == .tasked)
        #expect(retried.attempts.coding == 0)
    }

    @Test("the regression path loops back to coding, then fails at its bound")
    func regressionPath() throws {
        var current = run(in: .testsBuilt)
        current = try transition(current, sample("regressed"))
        #expect(current.stage == .tasked)
        #expect(current.regression?.failingTests == ["RetryTests.delay"])
        current.stage = .testsBuilt
        current = try transition(current, sample("regressed"))
        #expect(current.stage == .failed)
    }

    @Test("an event applied twice is refused, not applied again")
    func idempotence() throws {
        let once = try transition(run(in: .requested), sample("commented", id: "same"))
        #expect(throws: TransitionError(run: once.id, stage: .requested, event: .commented, kind: .alreadyApplied)) {
            try transition(once, sample("commented", id: "same"))
        }
    }

    @Test("invalid payloads are refused with a reason")
    func invalidPayloads() {
        let cyclic = Event(id: "x", actor: "t", at: "t", change: .tasked([
            CodingTask(id: "a", patchGoal: "a", dependencies: ["b"]), CodingTask(id: "b", patchGoal: "b", dependencies: ["a"]),
        ]))
        #expect(throws: TransitionError.self) { try transition(run(in: .planned), cyclic) }
        let unknown = Event(id: "y", actor: "t", at: "t", change: .tasked([CodingTask(id: "a", patchGoal: "a", dependencies: ["zz"])]))
        #expect(throws: TransitionError.self) { try transition(run(in: .planned), unknown) }
        let emptyPlan = Event(id: "z", actor: "t", at: "t", change: .planned(Plan(steps: [], rationale: "")))
        #expect(throws: TransitionError.self) { try transition(run(in: .requested), emptyPlan) }
        let redVerified = Event(id: "w", actor: "t", at: "t", change: .verified(BuildResult(sha: "s", status: .red)))
        #expect(throws: TransitionError.self) { try transition(run(in: .testsBuilt), redVerified) }
    }

    @Test("usage is charged to the budget")
    func usage() throws {
        var event = sample("planned")
        event.usage = Usage(tokens: 1200, costUSD: 0.25)
        let after = try transition(run(in: .requested), event)
        #expect(after.budget.used.tokens == 1200)
        #expect(after.budget.used.costUSD == 0.25)
    }
}

enum HealerStateTestsTable {
    static func expected(_ stage: Stage, _ event: String) -> Stage? { table[stage]?[event] }
}
