// The deterministic steps of a run: the Build/CI Runner and the Verifier.
import Foundation
import HealerGit
import HealerHeal
import HealerState
import HealerStore
import HealerWorkspace

/// What one step did, for people and `--json`.
package struct StepReport: Codable, Sendable, Equatable {
    /// The run.
    package var run: String
    /// The role that ran.
    package var role: Role
    /// The stage before.
    package var from: Stage
    /// The stage after.
    package var to: Stage
    /// One line on the outcome.
    package var summary: String
    /// Whether the step's own result was a failure (a red build): exit status 1.
    package var failed: Bool
}

extension RunAdvancer {
    /// Builds and tests the run branch's head in the run's worktree and records the verdict.
    ///
    /// In stage `coded` the verdict moves the run (`built`, or back to coding with the
    /// failures, or `failed` when the attempts are used up); in any other open stage it is only
    /// recorded in `refs/healer/ci` (what the pre-push hook does for pushes of a run branch).
    package func buildStep(run id: String, progress: @escaping (String) -> Void) throws(PipelineError) -> StepReport {
        let stored = try pipeline { try store.load(id) }
        let run = stored.run
        guard !run.stage.isTerminal else {
            throw PipelineError(.usage, "run \(id) is \(run.stage.rawValue); nothing to build (use `healer retry \(id)` to resume a failed run)")
        }
        let head = try branchHead(of: run)
        let tester = try CommitTester(repository: repository, name: "run-\(id)", configuration: configuration, testOverride: nil, progress: progress)
        let test = try tester.test(head)
        let logBlob = try pipeline { try store.blobID(for: test.log) }
        var result = test.result
        result.log = logBlob
        try? VerdictLog(repository: repository).append(
            VerdictEntry(status: test.verdict, by: "build", at: Timestamp.now(), run: id,
                         failing: result.failingTests.isEmpty ? nil : result.failingTests, log: logBlob), on: head)
        let now = Timestamp.now()
        let after = try pipeline {
            try store.update(id, artifacts: [test.log]) { current throws(StoreError) in
                var events = [Event(id: Workspace.newEventID(), actor: "build", at: now, change: .attached(Artifact(kind: "build-log", blob: logBlob, step: "build \(head.short)")))]
                if current.stage == .coded {
                    events.append(Event(id: Workspace.newEventID(), actor: "build", at: now, change: .built(result)))
                }
                return events
            }
        }
        let outcome = result.interruption ?? (test.verdict == .green ? "green" : "red" + (result.failingTests.isEmpty ? "" : ": \(result.failingTests.prefix(5).joined(separator: ", "))"))
        return StepReport(run: id, role: .build, from: run.stage, to: after.stage,
                          summary: "\(head.short) \(outcome)", failed: test.verdict != .green)
    }

    /// The Verifier on a run: in `tests_built` it re-runs the whole suite on the branch head
    /// (green: `verified`; red: a regression that sends the run back to coding); in
    /// `verified` it delivers the branch (`done`).
    package func verifierStep(run id: String, progress: @escaping (String) -> Void) throws(PipelineError) -> StepReport {
        let run = try pipeline { try store.load(id) }.run
        let now = Timestamp.now()
        switch run.stage {
        case .verified:
            let after = try workspace.record(.delivered(Delivery(branch: run.branch)), run: id, actor: "verifier")
            return StepReport(run: id, role: .verifier, from: run.stage, to: after.stage,
                              summary: "\(run.branch) is ready to merge", failed: false)
        case .testsBuilt:
            let head = try branchHead(of: run)
            let tester = try CommitTester(repository: repository, name: "run-\(id)", configuration: configuration, testOverride: nil, progress: progress)
            let test = try tester.test(head)
            let logBlob = try pipeline { try store.blobID(for: test.log) }
            var result = test.result
            result.log = logBlob
            try? VerdictLog(repository: repository).append(
                VerdictEntry(status: test.verdict, by: "verifier", at: now, run: id, failing: result.failingTests.isEmpty ? nil : result.failingTests, log: logBlob), on: head)
            let change: Event.Change = test.verdict == .green ? .verified(result)
                : .regressed(Regression(log: logBlob, failingTests: result.failingTests, culprit: nil,
                                        evidence: ["\(head.short) is \(test.verdict.rawValue) with the new tests" + (result.interruption.map { " (\($0))" } ?? "")]))
            let after = try pipeline {
                try store.update(id, artifacts: [test.log]) { _ throws(StoreError) in
                    [Event(id: Workspace.newEventID(), actor: "verifier", at: now, change: .attached(Artifact(kind: "verify-log", blob: logBlob, step: "verifier \(head.short)"))),
                     Event(id: Workspace.newEventID(), actor: "verifier", at: now, change: change)]
                }
            }
            return StepReport(run: id, role: .verifier, from: run.stage, to: after.stage,
                              summary: "\(head.short) \(test.verdict.rawValue)", failed: test.verdict != .green)
        default:
            throw PipelineError(.usage, "run \(id) is in stage '\(run.stage.rawValue)'; the Verifier runs in 'tests_built' and 'verified'")
        }
    }

    /// The head of the run's branch, creating the branch at the base when this clone lacks it.
    func branchHead(of run: Run) throws(PipelineError) -> ObjectID {
        if let head = try pipeline({ try repository.reference("refs/heads/" + run.branch) }) { return head }
        guard let base = ObjectID(hex: run.base), repository.hasObject(base) else {
            throw PipelineError(.usage, "branch '\(run.branch)' of run \(run.id) is not in this clone; fetch it (`git fetch origin \(run.branch)`)")
        }
        try pipeline { try repository.createBranch(run.branch, at: base) }
        return base
    }
}
