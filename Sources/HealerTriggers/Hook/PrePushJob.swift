// `healer hook pre-push`: run the local steps on pushed run branches and push refs/healer/* along.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerState
import HealerStore
import HealerWorkspace

extension RunStore: RunLookup {}

/// What the pre-push hook did.
package struct HookOutcome: Sendable, Equatable {
    /// The exit status for the hook: 0 push, 1 block (only for a red build when asked to).
    package var status: Int32
    /// Lines for the person pushing.
    package var lines: [String]
}

/// The pre-push hook's slow path: the local steps on pushed run branches, then the state pushed along.
package struct PrePushJob: WorkspaceService {
    package let workspace: Workspace

    /// A job for a push from `workspace`.
    package init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// Handles a pre-push: for each pushed branch that has a run, runs the configured local
    /// steps (default: the Build/CI Runner) and pushes `refs/healer/*` to the same remote with
    /// the hook guard set. Blocks (status 1) only when `hook.blockOnRed` is set and a build is red.
    package func prePush(decision: PrePushDecision, progress: @escaping (String) -> Void) -> HookOutcome {
        var lines: [String] = []
        var red = false
        let steps = configuration.resolved.hookSteps
        for pushed in decision.runs {
            for step in steps {
                guard step == Role.build.rawValue else {
                    lines.append("healer: hook step '\(step)' is not run from the hook (only build is); skipped")
                    continue
                }
                do {
                    let report = try RunAdvancer(workspace).buildStep(run: pushed.runID, progress: progress)
                    lines.append("healer: run \(pushed.runID) on \(pushed.branch): build \(report.summary)")
                    red = red || report.failed
                } catch {
                    lines.append("healer: run \(pushed.runID): build not run: \(error.message)")
                }
            }
        }
        if !decision.runs.isEmpty {
            do {
                let report = try workspace.sync(remote: decision.remote, environment: PrePushHook.nestedPushEnvironment)
                lines.append("healer: refs/healer/* pushed to \(decision.remote) (\(report.pushed.count) updated)")
            } catch {
                lines.append("healer: warning: refs/healer/* not pushed: \(error.message)")
            }
        }
        let block = red && configuration.resolved.hookBlocksOnRed
        if block { lines.append("healer: the build is red and hook.blockOnRed is set: push blocked (HEALER=0 git push skips healer)") }
        return HookOutcome(status: block ? 1 : 0, lines: lines)
    }
}

extension PrePushHook {
    /// The hook's fast path: which pushed branches have runs, reading only references.
    package static func decision(directory: String, remote: String, url: String, input: String,
                                       environment: [String: String]) throws -> PrePushDecision {
        if PrePushHook.disabledReason(environment: environment) != nil || input.isEmpty {
            return PrePushDecision(remote: remote, url: url, runs: [], reason: "nothing to do")
        }
        let repository = try Repository.discover(at: directory)
        return try PrePushHook.decide(remote: remote, url: url, input: input, environment: environment, lookup: RunStore(repository: repository))
    }
}
