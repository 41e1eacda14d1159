// The commit tester's sandbox runs the worktree's own code: each ecosystem's isolation, and the Python import probe heal runs before bisecting.
import Foundation
import HealerExecution
import HealerGit
import HealerWorkspace

extension CommitTester {
    /// The user's checkout that holds `.git/healer/worktrees/…`, or `nil` for a separate git folder.
    var checkoutPath: String? {
        guard let range = path.range(of: "/.git/healer/") else { return nil }
        return String(path[..<range.lowerBound])
    }

    /// `policy` with the worktree's isolation added (``WorktreeIsolation``): the tools of
    /// `PATH` and `VIRTUAL_ENV`, the worktree's Python packages first, per-ecosystem caches.
    func isolated(_ policy: SandboxPolicy) -> SandboxPolicy {
        WorktreeIsolation(workDirectory: path, checkout: checkoutPath, stateDirectory: path + ".env", commit: checkedOut?.hex,
                          canMount: sandbox is BubblewrapSandbox).apply(to: policy)
    }

    /// Checks, before bisecting, that the tests of a Python project will import its packages
    /// from this worktree: one short `python3` run in the sandbox, with the environment the
    /// tests get, on `commit`.
    ///
    /// - Parameter commit: The commit to look at (heal's bad commit).
    /// - Returns: A line for people naming the interpreter and the import root, or `nil` when
    ///   the worktree is not a Python project or `python3` does not run.
    /// - Throws: ``PipelineError`` (input, exit 2) when a package would still be imported from
    ///   elsewhere; the message says which, from where, and what to do.
    package func checkImportRoots(at commit: ObjectID) throws(PipelineError) -> String? {
        if checkedOut != commit {
            try pipeline { try worktree.checkoutDetached(commit) }
            checkedOut = commit
        }
        guard let roots = PythonImportRoots.detect(directory: path) else { return nil }
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where Self.isSecretName(key) { environment[key] = nil }
        let policy = isolated(SandboxPolicy(workDirectory: path, environment: environment, timeout: .seconds(60)))
        guard let result = try? sandbox.run(roots.probeCommand, policy: policy, onLine: nil), result.succeeded,
              let probe = PythonImportRoots.readProbe(result.logText) else { return nil }
        if let (name, origin) = probe.foreign(to: roots.roots).first {
            let worktreeRoot = roots.roots[0]
            throw PipelineError(.usage, "the tests would import \(name) from \(origin), not from the commit under test"
                + " (\(worktreeRoot)), even with it first on PYTHONPATH; \(probe.executable) \(probe.version) loads it before"
                + " any test runs (a .pth file that imports it, or python -I/-E): remove that from the environment heal runs in")
        }
        let relative = roots.roots[0].hasPrefix(path) ? "." + roots.roots[0].dropFirst(path.count) : roots.roots[0]
        return "python: \(probe.executable) \(probe.version) imports \(roots.packages.joined(separator: ", ")) from the commit under test (\(relative))"
    }
}
