// What a sandboxed build or test in a worktree other than the user's checkout needs so it runs the worktree's own code with the user's tools.
import Foundation

/// Adjusts a ``SandboxPolicy`` so a command in a worktree (heal's, under `.git/healer/worktrees/`)
/// tests that worktree's code, with the interpreters and dependencies the user's shell has:
///
/// - tools: the folders `PATH` and `VIRTUAL_ENV` name (and a virtual environment's base
///   interpreter) that bubblewrap's private `/tmp` would hide are bound read-only;
/// - Python: ``PythonImportRoots`` first on the import path, ahead of editable installs and
///   installed copies, and bytecode kept per commit in a folder healer owns (a checkout within
///   the same second can leave a same-size file whose stale `.pyc` Python would trust);
/// - Go: `GOPROXY=off` (a module missing from the cache fails at once, and says so), a
///   `vendor` folder used even when `GOFLAGS` asks for `-mod=mod`, the module and build caches
///   that `GOMODCACHE`, `GOPATH` and `GOCACHE` name reachable;
/// - Rust: a target folder per worktree outside it, `CARGO_NET_OFFLINE`, `CARGO_HOME` writable;
/// - Node: the checkout's `node_modules` mounted read-only in the worktree when it has none;
/// - SwiftPM: nothing to do, `.build` is inside the worktree and so per worktree.
package struct WorktreeIsolation: Sendable {
    /// The worktree the command runs in.
    package var workDirectory: String
    /// The user's checkout, whose `node_modules` the worktree may borrow; `nil` when unknown.
    package var checkout: String?
    /// A folder healer owns outside the worktree for `sitecustomize.py`, bytecode and Cargo's target.
    package var stateDirectory: String
    /// The commit checked out in the worktree; its bytecode is kept apart from other commits'.
    package var commit: String?
    /// Whether the sandbox can mount folders (bubblewrap); without it nothing is mounted.
    package var canMount: Bool

    /// Creates the isolation for one worktree.
    ///
    /// - Parameters:
    ///   - workDirectory: The worktree.
    ///   - checkout: The user's checkout.
    ///   - stateDirectory: A folder healer owns, outside the worktree.
    ///   - commit: The checked-out commit.
    ///   - canMount: Whether the sandbox can mount folders.
    package init(workDirectory: String, checkout: String?, stateDirectory: String, commit: String?, canMount: Bool) {
        self.workDirectory = workDirectory
        self.checkout = checkout
        self.stateDirectory = stateDirectory
        self.commit = commit
        self.canMount = canMount
    }

    /// The policy with this worktree's isolation added; its environment is filled in from this
    /// process's when it was `nil`.
    ///
    /// - Parameter policy: The policy to extend.
    /// - Returns: The extended policy.
    package func apply(to policy: SandboxPolicy) -> SandboxPolicy {
        var policy = policy
        var environment = policy.environment ?? ProcessInfo.processInfo.environment
        policy.readablePaths += Self.hiddenToolPaths(environment: environment)
        let files = FileManager.default
        let has = { (name: String) in files.fileExists(atPath: self.workDirectory + "/" + name) }
        try? files.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        policy.writablePaths.append(stateDirectory)
        if let python = PythonImportRoots.detect(directory: workDirectory), (try? PythonImportRoots.writeSiteCustomize(in: siteDirectory)) != nil {
            environment.merge(python.environment(siteDirectory: siteDirectory, existing: environment["PYTHONPATH"])) { $1 }
            environment["PYTHONPYCACHEPREFIX"] = bytecodeDirectory()
        }
        if has("go.mod") {
            environment["GOPROXY"] = "off"
            if has("vendor/modules.txt"), let flags = environment["GOFLAGS"], flags.contains("-mod=mod") {
                environment["GOFLAGS"] = flags.replacingOccurrences(of: "-mod=mod", with: "-mod=vendor")
            }
            policy.writablePaths += ["GOCACHE"].compactMap { environment[$0] }
            policy.readablePaths += ["GOMODCACHE", "GOPATH"].compactMap { environment[$0] }.flatMap { $0.split(separator: ":").map(String.init) }
        }
        if has("Cargo.toml") {
            environment["CARGO_TARGET_DIR"] = stateDirectory + "/cargo-target"
            environment["CARGO_NET_OFFLINE"] = "true"
            policy.writablePaths += [environment["CARGO_HOME"]].compactMap { $0 }
        }
        if canMount, has("package.json"), let checkout {
            let borrowed = checkout + "/node_modules", own = workDirectory + "/node_modules"
            let ownIsEmpty = (try? files.contentsOfDirectory(atPath: own))?.isEmpty ?? true
            if ownIsEmpty, checkout != workDirectory, files.fileExists(atPath: borrowed) {
                // An empty folder as the mount point: git never records an empty folder.
                try? files.createDirectory(atPath: own, withIntermediateDirectories: true)
                policy.mountedPaths[own] = borrowed
            }
        }
        policy.environment = environment
        return policy
    }

    /// The folder that holds healer's `sitecustomize.py`.
    package var siteDirectory: String { stateDirectory + "/python" }

    /// The bytecode folder (`PYTHONPYCACHEPREFIX`); the worktree's part of it is emptied when
    /// the commit changes, the compiled standard library and site-packages stay.
    func bytecodeDirectory() -> String {
        let prefix = stateDirectory + "/pycache"
        let marker = stateDirectory + "/pycache-commit"
        let recorded = try? String(contentsOfFile: marker, encoding: .utf8)
        if recorded != commit {
            try? FileManager.default.removeItem(atPath: prefix + PythonImportRoots.realPath(workDirectory))
            try? FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
            try? (commit ?? "").write(toFile: marker, atomically: true, encoding: .utf8)
        }
        return prefix
    }

    /// The folders `PATH`, `VIRTUAL_ENV` and a virtual environment's `pyvenv.cfg` (`home`)
    /// name that lie under `/tmp`, which bubblewrap replaces with a private empty folder.
    ///
    /// - Parameter environment: The command's environment.
    /// - Returns: Existing folders, resolved, to bind read-only.
    package static func hiddenToolPaths(environment: [String: String]) -> [String] {
        var candidates = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
            guard let prefix = environment[variable], !prefix.isEmpty else { continue }
            candidates.append(prefix)
            if let home = pythonHome(virtualEnvironment: prefix) {
                candidates.append((home as NSString).deletingLastPathComponent)
            }
        }
        let hidden = Set(candidates.filter { $0.hasPrefix("/") }.map(PythonImportRoots.realPath).filter {
            $0.hasPrefix("/tmp/") && FileManager.default.fileExists(atPath: $0)
        })
        // A folder inside another one bound here is visible already.
        return hidden.filter { path in !hidden.contains { path.hasPrefix($0 + "/") } }.sorted()
    }

    /// The `home` of a virtual environment's `pyvenv.cfg`: the base interpreter's `bin` folder.
    static func pythonHome(virtualEnvironment: String) -> String? {
        guard let text = try? String(contentsOfFile: virtualEnvironment + "/pyvenv.cfg", encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "home" { return PythonImportRoots.realPath(parts[1]) }
        }
        return nil
    }
}
