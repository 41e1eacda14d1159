// The model-driven steps of a run: plan, task, code, plan tests, build tests.
import Foundation
import HealerAgents
import HealerGit
import HealerHeal
import HealerState
import HealerStore
import HealerWorkspace

extension RunAdvancer {
    /// Runs one model-driven role on a run and records its outcome, its usage and its
    /// transcript. A role that fails (invalid output after the repair rounds, a refused edit,
    /// a budget that would be exceeded, an unreachable model) records `failed` with the reason.
    ///
    /// - Parameters:
    ///   - client: a model client to use instead of the configured one (replay, tests).
    ///   - recorded: `shell_exec`'s recorded answers in a replay; `nil` runs commands in the sandbox.
    package func agentStep(role: Role, run id: String, client: (any LLMClient)? = nil, recorded: RecordedShell? = nil,
                          progress: @escaping @Sendable (String) -> Void) async throws(PipelineError) -> StepReport {
        let run = try pipeline { try store.load(id) }.run
        guard run.stage.nextRole == role else {
            throw PipelineError(.usage, "run \(id) is in stage '\(run.stage.rawValue)', where the \(run.stage.nextRole?.rawValue ?? "no") role runs, not \(role.rawValue)")
        }
        let head = try branchHead(of: run)
        let setup = try AgentSetup.make(workspace: workspace, run: run, revision: head, client: client, recorded: recorded, progress: progress)
        defer { setup.shells.removeAll() }
        progress("\(role.rawValue): calling \(setup.settings.map { "\($0.model) at \($0.baseURL.absoluteString)" } ?? "the replayed model")")
        var change: Event.Change?
        var stopped: PipelineError?
        do {
            change = try await perform(role, run: run, head: head, setup: setup, progress: progress)
        } catch let conflict as CheckoutConflict {
            // The person's work is in the way: keep the stage, record what the calls cost.
            stopped = conflict.error
        } catch {
            change = .failed("\(role.rawValue): \(Self.message(of: error))")
        }
        let entries = await setup.session.transcript
        let usage = Usage(tokens: entries.reduce(0) { $0 + $1.usage.totalTokens }, costUSD: entries.reduce(0) { $0 + $1.costUSD })
        let transcript = TranscriptEntry.encode(entries)
        let transcriptBlob = try pipeline { try store.blobID(for: transcript) }
        let now = Timestamp.now()
        let outcome = change
        let after = try pipeline {
            try store.update(id, artifacts: entries.isEmpty ? [] : [transcript]) { _ throws(StoreError) in
                var events: [Event] = []
                if !entries.isEmpty {
                    events.append(Event(id: Workspace.newEventID(), actor: role.rawValue, at: now,
                                        change: .attached(Artifact(kind: "transcript", blob: transcriptBlob, step: role.rawValue)),
                                        usage: outcome == nil ? usage : nil))
                }
                if let outcome { events.append(Event(id: Workspace.newEventID(), actor: role.rawValue, at: now, change: outcome, usage: usage)) }
                return events
            }
        }
        if let stopped { throw stopped }
        guard let outcome else { throw PipelineError(.failure, "the \(role.rawValue) produced no outcome") }
        let summary: String
        if case .failed(let reason) = outcome { summary = reason } else { summary = "\(outcome.kind), \(usage.tokens) tokens, $\(String(format: "%.4f", usage.costUSD))" }
        return StepReport(run: id, role: role, from: run.stage, to: after.stage, summary: summary, failed: after.stage == .failed)
    }

    private func perform(_ role: Role, run: Run, head: ObjectID, setup: AgentSetup, progress: @escaping @Sendable (String) -> Void) async throws -> Event.Change {
        switch role {
        case .requestPlanner:
            return .planned(try await RequestPlanner(context: setup.context).plan(request: run.request.text, regression: run.regression))
        case .codePlanner:
            guard let plan = run.plan else { throw PipelineError(.usage, "run \(run.id) has no plan") }
            return .tasked(try await CodePlanner(context: setup.context).tasks(request: run.request.text, plan: plan))
        case .codingAgent:
            return .coded(try await codeTasks(run: run, head: head, setup: setup, progress: progress))
        case .testPlanner:
            guard var build = run.builds.last else { throw PipelineError(.usage, "run \(run.id) has no build result") }
            // Only what the model can use, and nothing that differs between a run and its replay.
            build.sha = "the run branch's head"
            build.durationSeconds = nil
            build.log = nil
            let diff = try repository.diff(from: run.base, to: head.hex).patch
            return .testsPlanned(try await TestPlanner(context: setup.context).plan(request: run.request.text, plan: run.plan, build: build, diff: diff))
        case .testBuilder:
            guard let spec = run.testSpec else { throw PipelineError(.usage, "run \(run.id) has no test specification") }
            let edits = try await TestBuilder(context: setup.context).build(spec: spec, request: run.request.text, feedback: feedback(for: run, head: head))
            let commit = try commitEdits(edits, run: run, onto: head, subject: "Add tests: \(spec.cases.prefix(3).map(\.name).joined(separator: ", "))",
                                         trailer: "Healer-Role: test-builder")
            return .testsBuilt([CommitRecord(sha: commit.hex, role: .testBuilder)])
        case .build, .verifier:
            throw PipelineError(.usage, "\(role.rawValue) is not a model role")
        }
    }

    /// Codes every task: tasks whose dependencies are done run in parallel; their commits
    /// land on the run branch one after the other, in task order.
    private func codeTasks(run: Run, head: ObjectID, setup: AgentSetup, progress: @escaping @Sendable (String) -> Void) async throws -> [CommitRecord] {
        var done = Set<String>()
        var records: [CommitRecord] = []
        var current = head
        let feedback = feedback(for: run, head: head)
        let path = repository.workDirectory ?? repository.gitDirectory
        let graph = TaskGraph(run.tasks)
        while done.count < run.tasks.count {
            let wave = graph.ready(after: done).map { run.tasks[$0] }
            guard !wave.isEmpty else { throw PipelineError(.usage, "run \(run.id): the tasks' dependencies form a cycle") }
            var context = setup.context
            context.workspace = GitWorkspace(repositoryPath: path, revision: current.hex, base: run.base, policy: setup.context.editPolicy)
            progress("coding-agent: \(wave.map(\.id).joined(separator: ", "))\(wave.count > 1 ? " in parallel" : "")")
            let results = try await withThrowingTaskGroup(of: (Int, EditSet).self) { group in
                for (index, task) in wave.enumerated() {
                    // Each task's commands get their own checkout of the revision the task starts from.
                    context.shell = setup.shells.runner(revision: current)
                    let taskContext = context
                    group.addTask {
                        (index, try await CodingAgent(context: taskContext).code(task: task, request: run.request.text, plan: run.plan, feedback: feedback))
                    }
                }
                var collected: [(Int, EditSet)] = []
                for try await result in group { collected.append(result) }
                return collected.sorted { $0.0 < $1.0 }.map(\.1)
            }
            for (task, edits) in zip(wave, results) {
                current = try commitEdits(edits, run: run, onto: current, subject: task.patchGoal, trailer: "Healer-Task: \(task.id)")
                records.append(CommitRecord(sha: current.hex, role: .codingAgent, task: task.id))
                done.insert(task.id)
            }
        }
        return records
    }

    /// Turns an edit set into a commit on the run branch (compare-and-swap on the branch).
    private func commitEdits(_ edits: EditSet, run: Run, onto parent: ObjectID, subject: String, trailer: String) throws -> ObjectID {
        if run.branch == trunkBranch() || run.branch == run.baseBranch {
            throw PipelineError(.usage, "refusing to commit on '\(run.branch)': it is the trunk or the base branch")
        }
        let policy = configuration.resolved.editPolicy
        if let violation = policy.violation(for: edits) { throw violation }
        if edits.writes.isEmpty && edits.deletions.isEmpty && (edits.patch ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw PipelineError(.failure, "the model proposed no change")
        }
        var before: [String: String] = [:]
        for path in edits.paths {
            if let data = try? repository.readFile(path, at: parent.hex) { before[path] = String(decoding: data, as: UTF8.self) }
        }
        let allowances = TestIntegrity.Allowances(deletingTests: false, skippingTests: false, fewerAssertions: false)
        if let error = TestIntegrity.error(for: TestIntegrity.check(edits: edits, before: before, allow: allowances)) { throw error }
        var base = parent
        if let patch = edits.patch, !patch.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            let (tree, _) = try repository.applyPatch(patch, toTreeOf: parent, policy: policy.patchPolicy)
            base = try repository.createCommit(tree: tree, parents: [parent], message: "healer: patch\n")
        }
        var changes: [String: Data?] = [:]
        for write in edits.writes { changes[write.path] = Data(write.content.utf8) }
        for path in edits.deletions { changes[path] = .some(nil) }
        let tree = changes.isEmpty ? try repository.commit(base).tree : try repository.tree(writing: changes, onto: base, policy: policy.patchPolicy)
        // A commit that changes nothing would build green and pass for done work.
        if tree == (try repository.commit(parent).tree) {
            throw PipelineError(.failure, "the model's edits leave every file as it was; there is no change to commit")
        }
        let summary = edits.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        let message = String(subject.prefix(72)) + "\n\n" + (summary.isEmpty ? "" : summary + "\n\n") + "Healer-Run: \(run.id)\n\(trailer)\n"
        let commit = try repository.createCommit(tree: tree, parents: [parent], message: message)
        try moveRunBranch(run.branch, to: commit, from: parent)
        return commit
    }

    /// The last red build as feedback for a retry, if the run is retrying, with the change it
    /// was built from (the branch at `head`).
    private func feedback(for run: Run, head: ObjectID) -> BuildFeedback? {
        guard let last = run.builds.last, last.status != .green else { return nil }
        let log = last.log.flatMap { ObjectID(hex: $0) }.flatMap { try? repository.blob($0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let change = try? repository.diff(from: run.base, to: head.hex).patch
        return BuildFeedback(result: last, log: log, attempt: run.attempts.coding, change: change)
    }

    static func message(of error: any Error) -> String {
        switch error {
        case let error as AgentError: return error.message
        case let error as PipelineError: return error.message
        case let error as GitError: return error.description
        default: return String(describing: error)
        }
    }
}
