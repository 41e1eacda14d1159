// Advancing a run step by step: what `healer advance`, `healer run` and `healer replay` do.
import Foundation
import HealerAgents
import HealerGit
import HealerHeal
import HealerState
import HealerStore
import HealerWorkspace

/// Advances runs: the agent steps, the Build/CI Runner and the Verifier, one stage at a time, and
/// replays recorded runs (`healer advance`, `healer run`, `healer step`, `healer replay`, the hook).
package struct RunAdvancer: WorkspaceService {
    package let workspace: Workspace

    /// A service for runs in `workspace`.
    package init(_ workspace: Workspace) {
        self.workspace = workspace
    }
}

extension RunAdvancer {
    /// Runs the next steps of a run until it is done, failed, or reaches `until`.
    ///
    /// - Parameters:
    ///   - client: a model client to use instead of the configured one (replay, tests).
    ///   - recorded: `shell_exec`'s recorded answers in a replay; `nil` runs commands in the sandbox.
    package func advance(run id: String, until: Stage? = nil, client: (any LLMClient)? = nil, recorded: RecordedShell? = nil,
                        progress: @escaping @Sendable (String) -> Void) async throws(PipelineError) -> [StepReport] {
        var reports: [StepReport] = []
        while true {
            let run = try pipeline { try store.load(id) }.run
            if run.stage.isTerminal { break }
            if let until, run.stage >= until { break }
            guard let role = run.stage.nextRole else { break }
            let started = Date()
            let report: StepReport
            switch role {
            case .build: report = try buildStep(run: id, progress: progress)
            case .verifier: report = try verifierStep(run: id, progress: progress)
            default: report = try await agentStep(role: role, run: id, client: client, recorded: recorded, progress: progress)
            }
            reports.append(report)
            let after = try pipeline { try store.load(id) }.run
            progress(String(format: "%@ %@ -> %@ in %.1fs (%@); run total %d tokens, $%.4f", report.role.rawValue, report.from.rawValue, report.to.rawValue,
                            Date().timeIntervalSince(started), report.summary, after.budget.used.tokens, after.budget.used.costUSD))
            if report.from == report.to && after.stage == run.stage { break }  // no progress: stop rather than loop
        }
        return reports
    }
}

/// What `healer replay` found.
package struct ReplayReport: Codable, Sendable, Equatable {
    /// The recorded run.
    package var original: String
    /// The new run made from its transcripts.
    package var replay: String
    /// The stage the replay reached.
    package var stage: Stage
    /// Pairs of commits, original and replayed, with whether their trees are identical.
    package var commits: [CommitPair]
    /// Whether every replayed commit has the same tree as the original.
    package var identical: Bool

    /// One commit of the original run and its replay.
    package struct CommitPair: Codable, Sendable, Equatable {
        package var original: String
        package var replay: String?
        package var sameTree: Bool
    }
}

extension RunAdvancer {
    /// Re-runs a recorded run from its transcripts, with no model: a new run from the same
    /// request and base, whose model calls are answered by the recorded responses and whose
    /// `shell_exec` calls by the recorded results (no command runs again; the tool is offered
    /// exactly when the recording offered it).
    package func replay(run id: String, progress: @escaping @Sendable (String) -> Void) async throws(PipelineError) -> ReplayReport {
        let original = try pipeline { try store.load(id) }.run
        var entries: [TranscriptEntry] = []
        for artifact in original.artifacts where artifact.kind == "transcript" {
            guard let blob = ObjectID(hex: artifact.blob) else { continue }
            let data = try pipeline { try repository.blob(blob) }
            do { entries += try TranscriptEntry.decode(data) } catch {
                throw PipelineError(.usage, "run \(id): transcript \(blob.short) cannot be read: \(error.message)")
            }
        }
        guard !entries.isEmpty else {
            throw PipelineError(.usage, "run \(id) has no model transcripts to replay (`healer show \(id)` lists its artifacts)")
        }
        let copy = try workspace.request(original.request.text, base: original.base,
                               source: Run.Source(kind: original.request.source.kind, reference: "replay of \(id)"),
                               regression: original.regression, actor: "replay")
        progress("replaying \(entries.count) model calls of \(id) as run \(copy.id)")
        let client = ReplayClient(entries: entries)
        _ = try await advance(run: copy.id, client: client, recorded: RecordedShell(entries: entries), progress: progress)
        let replayed = try pipeline { try store.load(copy.id) }.run
        var pairs: [ReplayReport.CommitPair] = []
        for (index, commit) in original.commits.enumerated() {
            let other = index < replayed.commits.count ? replayed.commits[index].sha : nil
            let same = try other.map { o throws(PipelineError) -> Bool in
                guard let a = ObjectID(hex: commit.sha), let b = ObjectID(hex: o) else { return false }
                return try pipeline { try repository.commit(a).tree == repository.commit(b).tree }
            } ?? false
            pairs.append(.init(original: commit.sha, replay: other, sameTree: same))
        }
        // The same commits with the same trees, and, for a run that had ended, the same end: a run
        // that failed before its first commit replays identically when the replay fails in the same stage.
        let sameEnd = !original.stage.isTerminal || (replayed.stage == original.stage && replayed.failure?.stage == original.failure?.stage)
        let identical = pairs.allSatisfy(\.sameTree) && replayed.commits.count == original.commits.count && sameEnd
            && (!pairs.isEmpty || original.stage.isTerminal)
        return ReplayReport(original: id, replay: copy.id, stage: replayed.stage, commits: pairs, identical: identical)
    }
}
