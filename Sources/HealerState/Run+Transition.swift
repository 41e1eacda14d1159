// The state machine: one pure function from (run, event) to the next run.

/// Applies `event` to `run`: the single definition of how runs change.
///
/// - Throws: ``TransitionError`` when the event is not allowed in the run's stage, carries an
///   invalid payload, or was applied already.
package func transition(_ run: Run, _ event: Event) throws(TransitionError) -> Run {
    try run.applying(event)
}

extension Run {
    /// The events allowed in `stage`.
    package static func allowedEvents(in stage: Stage) -> [Event.Kind] {
        var names: [Event.Kind]
        switch stage {
        case .requested: names = [.planned]
        case .planned: names = [.tasked]
        case .tasked: names = [.coded]
        case .coded: names = [.built]
        case .built: names = [.testsPlanned]
        case .testsPlanned: names = [.testsBuilt]
        case .testsBuilt: names = [.verified, .regressed]
        case .verified: names = [.delivered, .regressed]
        case .done: names = []
        case .failed: names = [.retried]
        }
        if !stage.isTerminal { names.append(.failed) }
        return names + [.commented, .attached]
    }

    /// The run after `event`, or an error that names the stage and the event.
    package func applying(_ event: Event) throws(TransitionError) -> Run {
        if history.contains(where: { $0.id == event.id }) {
            throw TransitionError(run: id, stage: stage, event: event.kind, kind: .alreadyApplied)
        }
        guard Run.allowedEvents(in: stage).contains(event.kind) else {
            throw TransitionError(run: id, stage: stage, event: event.kind, kind: .notAllowed(Run.allowedEvents(in: stage)))
        }
        var next = self
        try next.apply(event.change)
        if let usage = event.usage {
            next.budget.used.tokens += usage.tokens
            next.budget.used.costUSD += usage.costUSD
        }
        next.updatedAt = event.at
        next.history.append(HistoryEntry(id: event.id, event: event.kind, actor: event.actor, at: event.at, from: stage, to: next.stage))
        return next
    }

    /// Records what `change` carries and moves the stage; `change` is allowed in the stage.
    private mutating func apply(_ change: Event.Change) throws(TransitionError) {
        func invalid(_ why: String) -> TransitionError {
            TransitionError(run: id, stage: stage, event: change.kind, kind: .invalidPayload(why))
        }
        switch change {
        case .planned(let plan):
            if plan.steps.isEmpty { throw invalid("the plan has no steps") }
            self.plan = plan
            stage = .planned
        case .tasked(let tasks):
            if let why = Run.problem(in: tasks) { throw invalid(why) }
            self.tasks = tasks
            stage = .tasked
        case .coded(let commits):
            if commits.isEmpty { throw invalid("no commit was recorded") }
            self.commits += commits
            stage = .coded
        case .built(let build):
            record(build)
        case .testsPlanned(let spec):
            if spec.cases.isEmpty { throw invalid("the test specification has no cases") }
            testSpec = spec
            stage = .testsPlanned
        case .testsBuilt(let commits):
            if commits.isEmpty { throw invalid("no test commit was recorded") }
            self.commits += commits
            stage = .testsBuilt
        case .verified(let build):
            if build.status != .green { throw invalid("a verified event needs a green build, got \(build.status.rawValue)") }
            builds.append(build)
            stage = .verified
        case .regressed(let regression):
            record(regression)
        case .delivered(let delivery):
            self.delivery = delivery
            stage = .done
        case .failed(let reason):
            failure = Failure(reason: reason.isEmpty ? "stopped" : reason, stage: stage)
            stage = .failed
        case .retried:
            guard let failure else { throw invalid("the run records no failure to retry from") }
            stage = failure.stage
            self.failure = nil
            attempts = Attempts()
        case .commented:
            break
        case .attached(let artifact):
            artifacts.append(artifact)
        }
    }

    /// A build: green moves on to test planning; red goes back to coding until the bound.
    private mutating func record(_ build: BuildResult) {
        builds.append(build)
        if build.status == .green {
            stage = .built
            return
        }
        attempts.coding += 1
        if attempts.coding >= limits.coding {
            stage = .failed
            failure = Failure(reason: "the build stayed \(build.status.rawValue) after \(attempts.coding) coding attempts", stage: .tasked)
        } else {
            stage = .tasked
        }
    }

    /// A regression: back to coding until the bound, then the run fails.
    private mutating func record(_ regression: Regression) {
        self.regression = regression
        attempts.verification += 1
        if attempts.verification >= limits.verification {
            stage = .failed
            failure = Failure(reason: "verification failed \(attempts.verification) times (failing: \(regression.failingTests.prefix(5).joined(separator: ", ")))", stage: .tasked)
        } else {
            stage = .tasked
        }
    }

    /// Why a task list is unusable: empty, duplicate ids, unknown or cyclic dependencies.
    static func problem(in tasks: [CodingTask]) -> String? {
        if tasks.isEmpty { return "there are no coding tasks" }
        let graph = TaskGraph(tasks)
        if graph.firstDuplicateID != nil { return "task ids are not unique: \(graph.ids.joined(separator: ", "))" }
        if let (task, dependency) = graph.firstUnknownDependency {
            return "task '\(task)' depends on unknown task '\(dependency)'"
        }
        if let cycle = graph.cycle { return "tasks depend on each other in a cycle: \(cycle.joined(separator: ", "))" }
        return nil
    }
}
