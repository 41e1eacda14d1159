// The shell_exec back ends of one agent step: sandboxed checkouts, or a replay's recorded answers.
import Foundation
import HealerAgents
import HealerExecution
import HealerGit
import HealerSystem
import HealerWorkspace

/// Gives each role (each coding task) of one agent step its `shell_exec` runner and removes
/// their checkouts when the step ends.
///
/// Live, every runner is a ``SandboxShell`` with its own checkout under
/// `.git/healer/worktrees/shell-<run>-<n>` (made on its first command); ``removeAll()`` deletes
/// them and their state folders. In a replay, every runner is the ``RecordedShell`` of the
/// recording: no command runs. Without a runner (`shell.enabled: false`, a sandbox the
/// configuration requires but this host lacks, a recording that never offered the tool) the
/// roles are not offered `shell_exec`.
final class StepShells: Sendable {
    private enum Source: Sendable {
        case none
        case sandbox(SandboxShell.Setting, directory: String, run: String)
        case recorded(RecordedShell)
    }

    private let source: Source
    private let made = Locked<[String]>([])

    private init(_ source: Source) {
        self.source = source
    }

    /// No `shell_exec` in this step.
    static let none = StepShells(.none)

    /// Replays `recorded` instead of running commands.
    static func recorded(_ recorded: RecordedShell) -> StepShells { StepShells(.recorded(recorded)) }

    /// Sandboxed checkouts for run `run`, as the configuration says; `.none` with a progress
    /// line saying why when the tool is off. Checkouts an interrupted earlier step of the run
    /// left behind are removed first.
    static func live(workspace: Workspace, run: String, session: ModelSession, progress: (String) -> Void) -> StepShells {
        let repository = workspace.repository
        guard let directory = (try? repository.healerDirectory()).map({ $0 + "/worktrees" }) else { return .none }
        let repositoryPath = repository.workDirectory ?? repository.gitDirectory
        removeCheckouts(Self.stale(in: directory, run: run), repositoryPath: repositoryPath)
        let configuration = workspace.configuration.resolved
        guard configuration.shell.enabled else { return .none }
        let sandbox: any Sandbox
        do { sandbox = try configuration.sandbox.makeSandbox() } catch {
            progress("warning: shell_exec is not offered: \(error.message)" + (error.fix.map { "; \($0)" } ?? ""))
            return .none
        }
        if sandbox.warning != nil { progress("warning: shell_exec commands run without isolation: \(sandbox.summary)") }
        let setting = SandboxShell.Setting(repositoryPath: repositoryPath, gitDirectory: repository.commonDirectory, userCheckout: repository.workDirectory,
                                           sandbox: sandbox, memoryLimitBytes: configuration.memoryLimitMB.map { $0 << 20 }, session: session)
        return StepShells(.sandbox(setting, directory: directory, run: run))
    }

    /// The checkouts of run `run` in `directory` (with or without their state folders).
    private static func stale(in directory: String, run: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let checkouts = names.filter { $0.hasPrefix("shell-\(run)-") }.map { $0.hasSuffix(".env") ? String($0.dropLast(4)) : $0 }
        return Set(checkouts).sorted().map { directory + "/" + $0 }
    }

    /// The runner for a role that sees `revision`, or `nil` when the step has none.
    func runner(revision: ObjectID) -> (any ShellRunner)? {
        switch source {
        case .none:
            return nil
        case .recorded(let recorded):
            return recorded.offered ? recorded : nil
        case .sandbox(let setting, let directory, let run):
            let path = made.withLock { made in
                made.append(directory + "/shell-\(run)-\(made.count + 1)")
                return made[made.count - 1]
            }
            return SandboxShell(setting: setting, path: path, revision: revision)
        }
    }

    /// Removes every checkout this step's runners made (and their state folders).
    func removeAll() {
        guard case .sandbox(let setting, _, _) = source else { return }
        let paths = made.withLock { made in defer { made.removeAll() }; return made }
        Self.removeCheckouts(paths, repositoryPath: setting.repositoryPath)
    }

    /// Removes the worktrees at `paths` from the repository, with their folders and state folders.
    private static func removeCheckouts(_ paths: [String], repositoryPath: String) {
        guard !paths.isEmpty else { return }
        let repository = try? Repository.open(at: repositoryPath)
        for path in paths {
            try? repository?.removeWorktree(named: (path as NSString).lastPathComponent)
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".env")
        }
    }
}
