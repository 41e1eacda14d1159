// shell_exec for real: a command in a disposable checkout of the run's revision, in the build step's sandbox.
import Foundation
import HealerAgents
import HealerExecution
import HealerGit
import HealerHeal

/// Runs `shell_exec` commands with `sh -c` in a detached checkout of one revision under
/// `.git/healer/worktrees/`, inside the sandbox the build step uses (bubblewrap: no network,
/// only the checkout and healer's per-checkout folder writable).
///
/// The checkout is made on the first command and kept for the rest of the step, so a command
/// sees what earlier ones left; ``StepShells`` removes it when the step ends. Nothing a command
/// changes reaches the run branch, the user's work tree or any branch: the model puts its edits
/// in its answer. The output the model reads is the last ``outputLimit`` bytes, redacted with
/// the session's ``Redactor``.
actor SandboxShell: ShellRunner {
    /// What the checkout, the sandbox and the command's environment are.
    struct Setting: Sendable {
        /// The repository (its work tree or git folder), to add the checkout to.
        var repositoryPath: String
        /// The repository's git folder (shared by its worktrees): visible read-only, so git works
        /// in the checkout even when the repository lies under `/tmp`, which bubblewrap hides.
        var gitDirectory: String
        /// The user's checkout, whose `node_modules` the checkout may borrow; `nil` when bare.
        var userCheckout: String?
        /// The sandbox backend (``SandboxChoice/makeSandbox(probe:)`` of the configuration).
        var sandbox: any Sandbox
        /// The address-space limit in bytes, or `nil` for none.
        var memoryLimitBytes: Int?
        /// The session whose redactor cleans the output.
        var session: ModelSession
    }

    /// The most output bytes the model reads (the end of the output; the start is cut).
    static let outputLimit = 16 << 10

    let setting: Setting
    let path: String
    let revision: ObjectID
    private var checkedOut = false

    /// A shell for `revision` whose checkout will be at `path`.
    init(setting: Setting, path: String, revision: ObjectID) {
        self.setting = setting
        self.path = path
        self.revision = revision
    }

    /// What the tool's description tells the model.
    nonisolated var isolation: String {
        let place = "a disposable checkout of the run's revision (files it changes are thrown away: put your edits in your answer)"
        if setting.sandbox is BubblewrapSandbox { return place + ", sandboxed: no network, writes only inside the checkout" }
        return place + ", NOT sandboxed (\(setting.sandbox.summary)): do not use the network or write outside the checkout"
    }

    /// Runs `command` in the checkout (made first if needed), stopped after `timeoutSeconds`.
    func exec(_ command: String, timeoutSeconds: Double) async throws -> ShellResult {
        try checkOut()
        let result: ProcessResult
        do {
            result = try await setting.sandbox.run(.shell(command), policy: policy(timeoutSeconds: timeoutSeconds), onLine: nil)
        } catch {
            throw ToolFailure("the command could not be started: \(error.message)")
        }
        let redactor = await setting.session.redactor
        let output = Self.tail(redactor.redact(result.logText), limit: Self.outputLimit)
        return ShellResult(exitCode: result.exitCode ?? 128 + (result.signal ?? 9), output: output, timedOut: result.timedOut)
    }

    /// Adds the detached checkout of `revision` on the first call.
    private func checkOut() throws(ToolFailure) {
        guard !checkedOut else { return }
        do {
            let repository = try Repository.open(at: setting.repositoryPath)
            // A checkout an interrupted step left behind is this shell's own: start afresh.
            try? FileManager.default.removeItem(atPath: path)
            try repository.addDetachedWorktree(at: path, commit: revision)
        } catch {
            throw ToolFailure("no checkout of \(revision.short) to run the command in: \(error.description)")
        }
        checkedOut = true
    }

    /// The build step's policy for the checkout: the environment without secrets, the checkout
    /// and its state folder writable (no build caches: a command writes nothing that outlives the step).
    private func policy(timeoutSeconds: Double) -> SandboxPolicy {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where CommitTester.isSecretName(key) { environment[key] = nil }
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        let policy = SandboxPolicy(workDirectory: path, readablePaths: [setting.gitDirectory], environment: environment, timeout: .seconds(timeoutSeconds),
                                   memoryLimitBytes: setting.memoryLimitBytes, logLimitBytes: 1 << 20)
        return WorktreeIsolation(workDirectory: path, checkout: setting.userCheckout, stateDirectory: path + ".env", commit: revision.hex,
                                 canMount: setting.sandbox is BubblewrapSandbox).apply(to: policy)
    }

    /// The last `limit` bytes of `text` (from a character boundary), with a first line saying
    /// how much was cut.
    static func tail(_ text: String, limit: Int) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return text }
        var start = bytes.count - limit
        while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
        return "[the first \(start) of \(bytes.count) bytes of output were cut]\n" + String(decoding: bytes[start...], as: UTF8.self)
    }
}
