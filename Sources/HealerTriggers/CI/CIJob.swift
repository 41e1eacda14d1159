// `healer ci`: what a CI job runs. Reads the event, creates or advances a run, or heals the trunk.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerState
import HealerStore
import HealerWorkspace

/// One `healer ci` job: the event it reads, the run it creates or advances, or the heal it runs,
/// and what it reports back (job summary, step outputs, review comments).
package struct CIJob: WorkspaceService {
    package let workspace: Workspace

    /// A job working in `workspace` (the CI checkout).
    package init(_ workspace: Workspace) {
        self.workspace = workspace
    }
}

/// What `healer ci` did.
package struct CIOutcome: Codable, Sendable, Equatable {
    /// What the job did.
    package var action: Action
    /// Why, in one line.
    package var detail: String
    /// The run involved, if any.
    package var run: String?
    /// Its stage at the end.
    package var stage: Stage?
    /// A branch to review, if any.
    package var branch: String?
    /// Whether the run failed or the trunk could not be healed (exit status 1).
    package var failed: Bool

    /// What a CI job did (written `advanced`, `verified`, `nothing`).
    package enum Action: String, Codable, Sendable {
        /// A run was created or advanced.
        case advanced
        /// The trunk's failure went to the Verifier (heal).
        case verified
        /// The event does not concern healer.
        case nothing
    }
}

extension CIJob {
    /// Acts on the CI event described by `environment` (GitHub Actions or GitLab CI), as far as
    /// it can inside one job, then pushes the state, writes the job summary and step outputs.
    ///
    /// The run state is synced with the remote once before acting and once after, whether the
    /// job succeeded or stopped.
    package func ci(environment: [String: String], progress: @escaping @Sendable (String) -> Void) async throws(PipelineError) -> CIOutcome {
        let event = try Self.ciEvent(environment: environment, configuredLabel: configuration.resolved.ciLabel)
        let remote = defaultRemote()
        var gitEnvironment = CICredentials.gitEnvironment(environment: environment)
        gitEnvironment[PrePushHook.guardVariable] = "1"
        do {
            let report = try workspace.sync(remote: remote, environment: gitEnvironment)
            progress("fetched run state from \(remote) (\(report.fetched.count) updated)")
        } catch {
            progress("warning: cannot sync run state with \(remote) (\(error.message)); going on with the state in this checkout")
        }
        // The run the job created or advanced, known before the step that may fail.
        var touchedRun: String?
        let result: Result<CIOutcome, PipelineError>
        do {
            result = .success(try await act(on: event, remote: remote, gitEnvironment: gitEnvironment, environment: environment,
                                            touchedRun: &touchedRun, progress: progress))
        } catch {
            await reportStop(error, run: touchedRun, remote: remote, gitEnvironment: gitEnvironment, environment: environment, progress: progress)
            result = .failure(error)
        }
        do { _ = try workspace.sync(remote: remote, environment: gitEnvironment) } catch {
            // A stopped job already said what stopped it.
            if case .success = result { progress("warning: run state not pushed: \(error.message)") }
        }
        let outcome = try result.get()
        if let id = outcome.run, let stage = outcome.stage {
            _ = try? StepOutputs.write(StepOutputs.forRun(id: id, stage: stage), environment: environment)
        }
        return outcome
    }

    /// The CI event in `environment`; refuses to run outside GitHub Actions and GitLab CI.
    private static func ciEvent(environment: [String: String], configuredLabel: String?) throws(PipelineError) -> CIEvent {
        do {
            guard let detected = try CIEvent.detect(environment: environment, configuredLabel: configuredLabel) else {
                throw PipelineError(.usage, "not running in GitHub Actions or GitLab CI (GITHUB_ACTIONS / GITLAB_CI are not set); use `healer advance` or `healer heal` locally")
            }
            return detected
        } catch let error as PipelineError {
            throw error
        } catch {
            throw PipelineError(.usage, "cannot read the CI event: \(error)")
        }
    }

    /// Keeps what a stopped job did (a new run, commits) and says what stopped it where the team looks.
    private func reportStop(_ error: PipelineError, run id: String?, remote: String, gitEnvironment: [String: String],
                            environment: [String: String], progress: @escaping @Sendable (String) -> Void) async {
        guard let id, let run = try? store.load(id).run else {
            writeSummary("## healer ci: stopped\n\n\(JobSummary.oneLine(error.message))\n", environment: environment)
            return
        }
        try? pushBranch(run.branch, remote: remote, environment: gitEnvironment)
        let markdown = JobSummary(run: run).markdown + "\n**Stopped:** \(JobSummary.oneLine(error.message))\n"
        writeSummary(markdown, environment: environment)
        await comment(run: id, markdown: markdown, environment: environment, progress: progress)
        _ = try? StepOutputs.write(StepOutputs.forRun(id: id, stage: run.stage), environment: environment)
    }

    private func act(
        on event: CIEvent, remote: String, gitEnvironment: [String: String], environment: [String: String],
        touchedRun: inout String?, progress: @escaping @Sendable (String) -> Void
    ) async throws(PipelineError) -> CIOutcome {
        switch event.action {
        case .nothing(let reason):
            writeSummary("## healer ci: nothing to do\n\n\(JobSummary.oneLine(reason)).\n", environment: environment)
            return CIOutcome(action: .nothing, detail: reason, failed: false)
        case .createOrAdvanceRun(let branch, let title, let body, let reference):
            let id: String
            if let existing = store.runID(forBranch: branch) {
                id = existing
            } else {
                let kind: Run.Source.Kind = event.provider == .gitlab ? .mergeRequest : .pullRequest
                let text = body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? title : title + "\n\n" + body
                id = try workspace.label(branch: branch, text: text, source: Run.Source(kind: kind, reference: reference), actor: "ci").id
                progress("created run \(id) for \(reference)")
            }
            touchedRun = id
            _ = try await RunAdvancer(workspace).advance(run: id, progress: progress)
            let run = try pipeline { try store.load(id) }.run
            try pushBranch(run.branch, remote: remote, environment: gitEnvironment)
            let links = reference.hasPrefix("http") ? [(title: "Pull request", url: reference)] : []
            writeSummary(JobSummary(run: run, links: links).markdown, environment: environment)
            await comment(run: id, markdown: JobSummary(run: run).markdown, environment: environment, progress: progress)
            return CIOutcome(action: .advanced, detail: "run \(id) is \(run.stage.rawValue)", run: id, stage: run.stage,
                             branch: run.branch, failed: run.stage == .failed)
        case .verify(_, let sha):
            let report = try TrunkHealer(workspace).heal(HealOptions(bad: sha.isEmpty ? nil : sha), progress: progress)
            touchedRun = report.run
            if let branch = report.branch { try pushBranch(branch, remote: remote, environment: gitEnvironment) }
            var run: Run?
            if let id = report.run { run = try? store.load(id).run }
            var summary = HealJobSummary(report: report)
            summary.reviewURL = await propose(report, base: event.defaultBranch ?? trunkBranch() ?? "main", environment: environment, progress: progress)
            writeSummary(summary.markdown, environment: environment)
            if let run { writeSummary(JobSummary(run: run).markdown, environment: environment) }
            return CIOutcome(action: .verified, detail: report.headline, run: report.run,
                             stage: run?.stage, branch: report.branch, failed: report.action == .regressionRun)
        }
    }

    /// Pushes a healer branch (fast-forward only; never the trunk) to `remote`.
    func pushBranch(_ branch: String, remote: String, environment: [String: String]) throws(PipelineError) {
        guard branch != trunkBranch() else { return }
        let name = "refs/heads/\(branch)"
        let outcome = try pipeline { try repository.push([.init(name, to: name)], to: remote, environment: environment) }
        if !outcome.succeeded {
            throw PipelineError(.failure, "cannot push \(branch) to \(remote): \(outcome.reason); check the token's permissions")
        }
    }

    private func writeSummary(_ markdown: String, environment: [String: String]) {
        _ = try? SummaryFile.append(markdown, environment: environment)
    }
}
