// `healer doctor`: each check says what it found and how to fix a problem.
import Foundation
import HealerExecution
import HealerGit
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

/// One finding of `healer doctor`.
package struct Check: Codable, Sendable, Equatable {
    /// How bad it is.
    package enum Status: String, Codable, Sendable { case ok, warning, problem }
    /// What was checked.
    package var name: String
    /// The finding.
    package var status: Status
    /// What was found.
    package var detail: String
    /// How to fix it, for warnings and problems.
    package var fix: String?
}

/// The checks `healer doctor` runs.
package enum Checkup {
    /// Runs every check from `directory`.
    package static func run(directory: String) -> [Check] {
        var checks: [Check] = []
        checks.append(tool("git", arguments: ["--version"], fix: "install git (apt-get install git)"))
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        libgit2Version(&major, &minor, &patch)
        checks.append(Check(name: "libgit2", status: .ok, detail: "\(major).\(minor).\(patch)"))
        let repository: Repository
        do {
            repository = try Repository.discover(at: directory)
            checks.append(Check(name: "repository", status: .ok, detail: repository.workDirectory ?? repository.gitDirectory))
        } catch {
            checks.append(Check(name: "repository", status: .problem, detail: error.description, fix: "run healer inside a git clone"))
            return checks
        }
        let workDirectory = repository.workDirectory ?? directory
        checks.append(identityCheck(repository))
        checks.append(configurationCheck(workDirectory: workDirectory))
        checks.append(remoteCheck(repository))
        checks.append(runsCheck(repository))
        if let workflow = workflowCheck(workDirectory: workDirectory) { checks.append(workflow) }
        checks.append(contentsOf: projectChecks(workDirectory: workDirectory, environment: ProcessInfo.processInfo.environment))
        for extra in extraChecks { checks.append(contentsOf: extra(repository)) }
        return checks
    }

    /// Whether git knows who commits.
    static func identityCheck(_ repository: Repository) -> Check {
        let name = (try? repository.config().value("user.name"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return name.isEmpty
            ? Check(name: "identity", status: .warning, detail: "user.name is not set; healer's commits will be by 'healer <healer@localhost>'",
                    fix: "git config user.name 'Your Name' && git config user.email you@example.com")
            : Check(name: "identity", status: .ok, detail: name)
    }

    /// Whether `.healer.yml` is absent or valid.
    static func configurationCheck(workDirectory: String) -> Check {
        do {
            _ = try Configuration.load(directory: workDirectory)
            let exists = FileManager.default.fileExists(atPath: workDirectory + "/" + Configuration.fileName)
            return Check(name: "configuration", status: .ok, detail: exists ? Configuration.fileName + " is valid" : "no \(Configuration.fileName); defaults apply",
                         fix: nil)
        } catch {
            return Check(name: "configuration", status: .problem, detail: error.message, fix: "fix \(Configuration.fileName)")
        }
    }

    /// Whether there is a remote, and whether a plain fetch brings refs/healer/*.
    static func remoteCheck(_ repository: Repository) -> Check {
        let remotes = (try? repository.remotes()) ?? []
        if remotes.isEmpty {
            return Check(name: "remote", status: .warning, detail: "no remote; runs stay in this clone", fix: "git remote add origin URL, then `healer sync`")
        }
        let fetchSpecs = ((try? repository.config().values("remote.\(remotes.contains("origin") ? "origin" : remotes[0]).fetch")) ?? []).joined(separator: "\n")
        return fetchSpecs.contains("refs/healer")
            ? Check(name: "remote", status: .ok, detail: "refs/healer/* is fetched from \(remotes.joined(separator: ", "))")
            : Check(name: "remote", status: .warning, detail: "a plain `git fetch` does not bring refs/healer/*",
                    fix: "use `healer sync`, or `healer install` to add the refspecs")
    }

    /// How many runs the repository holds.
    static func runsCheck(_ repository: Repository) -> Check {
        do {
            let runs = try repository.references(matching: "refs/healer/runs/*")
            return Check(name: "runs", status: .ok, detail: "\(runs.count) run(s) in refs/healer/runs")
        } catch {
            return Check(name: "runs", status: .problem, detail: error.description, fix: "check the repository with `git fsck`")
        }
    }

    /// A problem when the GitHub workflow still names the action placeholder.
    static func workflowCheck(workDirectory: String) -> Check? {
        let workflow = workDirectory + "/" + CIProvider.github.templateDestination
        guard let text = try? String(contentsOfFile: workflow, encoding: .utf8), text.contains(HookInstaller.actionPlaceholder) else { return nil }
        return Check(name: "github workflow", status: .problem, detail: "\(CIProvider.github.templateDestination) still names the placeholder \(HookInstaller.actionPlaceholder)",
                     fix: "replace it with OWNER/healer@<40-hex commit> of the healer repository you build from (docs/github.md)")
    }

    /// The checks that depend on the project's settings: tests, sandbox, Python, model, hooks.
    static func projectChecks(workDirectory: String, environment: [String: String]) -> [Check] {
        let configuration = (try? Configuration.load(directory: workDirectory)) ?? Configuration()
        var checks = [testCheck(workDirectory: workDirectory, configuration: configuration), sandboxCheck(configuration: configuration)]
        if let python = pythonCheck(workDirectory: workDirectory, configuration: configuration, environment: environment) {
            checks.append(python)
        }
        checks.append(modelCheck(configuration: configuration, environment: environment))
        checks.append(contentsOf: hookChecks(directory: workDirectory, environment: environment))
        return checks
    }

    /// Checks that later layers add (sandbox, hooks, model, RAG).
    nonisolated(unsafe) static var extraChecks: [(Repository) -> [Check]] = []

    /// The test command heal and the build step would run, and whether its program is there.
    static func testCheck(workDirectory: String, configuration: Configuration) -> Check {
        let command: Command
        let origin: String
        if let test = configuration.test {
            (command, origin) = (.shell(test), Configuration.fileName)
        } else if let detected = try? ProjectDetector().detect(directory: workDirectory, reportDirectory: "<reports>") {
            (command, origin) = (detected.test, "detected \(detected.ecosystem.rawValue)")
        } else {
            return Check(name: "tests", status: .warning, detail: "no test command: nothing recognised (SwiftPM, cargo, go, npm, pytest, make)",
                         fix: "set `test:` in \(Configuration.fileName), or pass --test CMD to heal")
        }
        if let (problem, fix) = command.availabilityProblem(in: workDirectory) {
            return Check(name: "tests", status: .problem, detail: "\(command) (\(origin)): \(problem)", fix: fix)
        }
        return Check(name: "tests", status: .ok, detail: "\(command) (\(origin))")
    }

    static func sandboxCheck(configuration: Configuration) -> Check {
        do {
            let sandbox = try configuration.resolved.sandbox.makeSandbox()
            if let warning = sandbox.warning {
                return Check(name: "sandbox", status: .warning, detail: sandbox.summary, fix: warning)
            }
            return Check(name: "sandbox", status: .ok, detail: sandbox.summary)
        } catch {
            return Check(name: "sandbox", status: .problem, detail: error.message, fix: error.fix)
        }
    }

    static func tool(_ name: String, arguments: [String], fix: String) -> Check {
        guard name == "git" else { return Check(name: name, status: .ok, detail: "") }
        if let version = gitExecutableVersion() {
            return Check(name: name, status: .ok, detail: version)
        }
        return Check(name: name, status: .problem, detail: "git is not on PATH", fix: fix)
    }
}
