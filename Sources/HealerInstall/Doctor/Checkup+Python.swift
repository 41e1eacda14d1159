// `healer doctor`'s Python check: which interpreter and which import root heal's tests will use, beside the checkout's own.
import Foundation
import HealerExecution
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

extension Checkup {
    /// For a Python project: the `python3` heal's sandbox runs (path and version) and where its
    /// tests import the project's packages from, with a warning when the interpreter differs
    /// from the checkout's or when the checkout itself imports them from elsewhere (an older
    /// install, another clone's editable install). `nil` for other projects.
    static func pythonCheck(workDirectory: String, configuration: Configuration, environment: [String: String]) -> Check? {
        guard let roots = PythonImportRoots.detect(directory: workDirectory) else { return nil }
        let root = roots.roots[0] == workDirectory ? "." : "." + roots.roots[0].dropFirst(workDirectory.count)
        let packages = roots.packages.joined(separator: ", ")
        let here = (try? ProcessRunner.run(ProcessRequest(roots.probeCommand, in: workDirectory, environment: environment, timeout: .seconds(30))))
            .flatMap { $0.succeeded ? PythonImportRoots.readProbe($0.logText) : nil }
        guard let here else {
            return Check(name: "python", status: .warning, detail: "python3 does not run here, so the tests of \(packages) cannot run",
                         fix: "put python3 on PATH (activate the project's virtual environment) before running healer")
        }
        let state = NSTemporaryDirectory() + "healer-doctor-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let sandbox = (try? configuration.resolved.sandbox.makeSandbox()) ?? PlainSandbox()
        let policy = WorktreeIsolation(workDirectory: workDirectory, checkout: nil, stateDirectory: state, commit: nil, canMount: false)
            .apply(to: SandboxPolicy(workDirectory: workDirectory, environment: environment, timeout: .seconds(30)))
        let inside = (try? sandbox.run(roots.probeCommand, policy: policy, onLine: nil)).flatMap { $0.succeeded ? PythonImportRoots.readProbe($0.logText) : nil }
        var detail = "tests run \(inside?.executable ?? "?") \(inside?.version ?? "?") and import \(packages) from the commit under test (\(root))"
        let hidden = WorktreeIsolation.hiddenToolPaths(environment: environment)
        if !hidden.isEmpty, sandbox is BubblewrapSandbox { detail += "; bound read-only in the sandbox: " + hidden.joined(separator: ", ") }
        if let inside, inside.executable != here.executable || inside.version != here.version {
            return Check(name: "python", status: .warning, detail: detail + "; here python3 is \(here.executable) \(here.version)",
                         fix: "keep the interpreter and virtual environment the tests need on PATH and outside folders the sandbox hides, or set `sandbox: none`")
        }
        if inside == nil {
            return Check(name: "python", status: .warning, detail: "python3 runs here (\(here.executable) \(here.version)) but not in the \(sandbox.name) sandbox",
                         fix: "keep the interpreter the tests need on PATH, or set `sandbox: none` in \(Configuration.fileName)")
        }
        if let (name, origin) = here.foreign(to: roots.roots).first {
            return Check(name: "python", status: .warning, detail: detail + "; in this checkout python3 imports \(name) from \(origin), not from \(root)",
                         fix: "heal is not affected; for your own runs install the checkout editable (`python3 -m pip install -e .`)")
        }
        return Check(name: "python", status: .ok, detail: detail)
    }
}
