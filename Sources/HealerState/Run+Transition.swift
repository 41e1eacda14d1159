// The state machine: one pure function from (run, event) to the next run.

/// Applies `event` to `run`: the single definition of how runs change.
///
/// - Throws: ``TransitionError`` when the event is not allowed in the run's stage, carries an
///   invalid payload, or was applied already.
package func transition(_ run: Run, _ event: Event) throws(TransitionError) -> Run {
    try run.applying(event)
}

extension Run {
    /// The events allowed in `stage`, by name.
    package static func allowedEvents(in stage: Stage) -> [String] {
        var names: [String]
        switch stage {
        case .requested: names = ["planned"]
        case .planned: names = ["tasked"]
        case .tasked: names = ["coded"]
        case .coded: names = ["built"]
        case .built: names = ["tests_planned"]
        case .testsPlanned: names = ["tests_built"]
        case .testsBuilt: names = ["verified", "regressed"]
        case .verified: names = ["delivered", "regressed"]
        case .done: names = []
        case .failed: names = ["retried"]
        }
        if !stage.isTerminal { names.append("failed") }
        return names + ["commented", "attached"]
    }

    /// The run after `event`, or an error that names the stage and the event.
    package func applying(_ event: Event) throws(TransitionError) -> Run {
        if history.contains(where: { $0.id == event.id }) {
            throw TransitionError(run: id, stage: stage, event: event.name, kind: .alreadyApplied)
        }
        guard Run.allowedEvents(in: stage).contains(event.name) else {
            throw TransitionError(run: id, stage: stage, event: event.name, kind: .notAllowed(Run.allowedEvents(in: stage)))
        }
        var next = self
        func invalid(_ why: String) -> TransitionError {
            TransitionError(run: id, stage: stage, event: event.name, kind: .invalidPayload(why))
        }
        switch event.change {
        case .planned(let plan):
            if plan.steps.isEmpty { throw invalid("the plan has no steps") }
            next.plan = plan
            next.stage = .planned
        case .tasked(let tasks):
            if let why = Run.problem(in: tasks) { throw invalid(why) }
            next.tasks = tasks
            next.stage = .tasked
        case .coded(let commits):
            if commits.isEmpty { throw invalid("no commit was recorded") }
            next.commits += commits
            next.stage = .coded
        case .built(let build):
            next.builds.append(build)
            if build.status == .green {
                next.stage = .built
            } else {
                next.attempts.coding += 1
                if next.attempts.coding >= limits.coding {
                    next.stage = .failed
                    next.failure = Failure(reason: "the build stayed \(build.status.rawValue) after \(next.attempts.coding) coding attempts", stage: .tasked)
                } else {
                    next.stage = .tasked
                }
            }
        case .testsPlanned(let spec):
            if spec.cases.isEmpty { throw invalid("the test specification has no cases") }
            next.testSpec = spec
            next.stage = .testsPlanned
        case .testsBuilt(let commits):
            if commits.isEmpty { throw invalid("no test commit was recorded") }
            next.commits += commits
            next.stage = .testsBuilt
        case .verified(let build):
            if build.status != .green { throw invalid("a verified event needs a green build, got \(build.status.rawValue)") }
            next.builds.append(build)
            next.stage = .verified
        case .regressed(let regression):
            next.regression = regression
            next.attempts.verification += 1
            if next.attempts.verification >= limits.verification {
                next.stage = .failed
                next.failure = Failure(reason: "verification failed \(next.attempts.verification) times (failing: \(regression.failingTests.prefix(5).joined(separator: ", ")))", stage: .tasked)
            } else {
                next.stage = .tasked
            }
        case .delivered(let delivery):
            next.delivery = delivery
            next.stage = .done
        case .failed(let reason):
            next.failure = Failure(reason: reason.isEmpty ? "stopped" : reason, stage: stage)
            next.stage = .failed
        case .retried:
            guard let failure else { throw invalid("the run records no failure to retry from") }
            next.stage = failure.stage
            next.failure = nil
            next.attempts = Attempts()
        case .commented:
            break
        case .attached(let artifact):
            next.artifacts.append(artifact)
        }
        if let usage = event.usage {
            next.budget.used.tokens += usage.tokens
            next.budget.used.costUSD += usage.costUSD
        }
        next.updatedAt = event.at
        next.history.append(HistoryEntry(id: event.id, event: event.name, actor: event.actor, at: event.at, from: stage, to: next.stage))
        return next
    }

    /// Why a task list is unusable: empty, duplicate ids, unknown or cyclic dependencies.
    static func problem(in tasks: [CodingTask]) -> String? {
        if tasks.isEmpty { return "there are no coding tasks" }
        let ids = tasks.map(\.id)
        if Set(ids).count != ids.count { return "task ids are not unique: \(ids.joined(separator: ", "))" }
        for task in tasks {
            for dependency in task.dependencies where !ids.contains(dependency) {
                return "task '\(task.id)' depends on unknown task '\(dependency)'"
            }
        }
        // Kahn's algorithm: every task must become ready.
        var remaining = tasks
        var done = Set<String>()
        while !remaining.isEmpty {
            let ready = remaining.filter { $0.dependencies.allSatisfy(done.contains) }
            if ready.isEmpty { return "tasks depend on each other in a cycle: \(remaining.map(\.id).joined(separator: ", "))" }
            ready.forEach { done.insert($0.id) }
            remaining.removeAll { done.contains($0.id) }
        }
        return nil
    }
}
