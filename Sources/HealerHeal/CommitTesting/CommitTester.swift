// Builds and tests one commit in healer's own worktree, inside the sandbox.
import Foundation
import HealerExecution
import HealerGit
import HealerState
import HealerWorkspace

/// What testing one commit found.
package struct CommitTest: Sendable {
    /// The commit.
    package var commit: ObjectID
    /// Green, red or skip.
    package var verdict: Verdict
    /// The result as the run records it (its `log` is filled in by the caller that stores it).
    package var result: BuildResult
    /// The combined build and test log.
    package var log: Data
    /// Why the build or test command could not run at all (a missing program or test runner),
    /// quoting its log; such a commit is skipped, never blamed.
    package var unrunnable: String?
    /// How the run failed (`nil` when it passed or was skipped before testing).
    package var signature: FailureSignature?
    /// The first meaningful lines of the log, for people (empty when it passed).
    package var excerpt: [String] = []
    /// The test command that ran (the selection of failing tests, when one was run).
    package var command: String = ""
    /// Whether only selected tests ran.
    package var selected: Bool = false
}

/// Tests commits in a detached worktree under `.git/healer/worktrees/`, never in the user's checkout.
///
/// Each call checks the commit out (tracked files forced, untracked removed, ignored build
/// caches kept, as `git bisect` leaves them), runs the build command (a failure means the
/// commit cannot be built: skipped, never blamed) and the test command in the sandbox, and
/// reads the reports.
package final class CommitTester {
    /// The worktree's path.
    package let path: String
    let worktree: Repository
    let sandbox: any Sandbox
    let configuration: Configuration
    let testOverride: String?
    let progress: (String) -> Void
    var checkedOut: ObjectID?
    /// How many times a test command ran.
    package private(set) var testRuns = 0

    /// Opens (or creates) the detached worktree `name` of `repository`.
    package init(repository: Repository, name: String, configuration: Configuration, testOverride: String?,
                progress: @escaping (String) -> Void) throws(PipelineError) {
        let path = try pipeline { try repository.healerDirectory() } + "/worktrees/" + name
        if !FileManager.default.fileExists(atPath: path + "/.git") {
            let head = try pipeline { try repository.resolve("HEAD") }
            try pipeline { try repository.addDetachedWorktree(at: path, commit: head) }
        }
        self.path = path
        self.worktree = try pipeline { try Repository.open(at: path) }
        do { self.sandbox = try configuration.resolved.sandbox.makeSandbox() } catch { throw PipelineError(.usage, error.message + (error.fix.map { "; \($0)" } ?? "")) }
        self.configuration = configuration
        self.testOverride = testOverride
        self.progress = progress
        if let warning = sandbox.warning { progress("warning: \(warning)") }
    }

    /// The sandbox in use, for reports.
    package var sandboxSummary: String { sandbox.summary }

    /// Whether progress lines carry the tail of a failed command's log.
    package var verbose = false

    /// A tighter limit than `timeoutSeconds` for later runs (heal sets it from the confirmation runs).
    package var timeoutLimit: Double?

    /// Seconds before a build or test command is killed.
    var timeoutSeconds: Double { min(configuration.resolved.timeoutSeconds, timeoutLimit ?? .infinity) }

    /// Builds and tests `commit`; with `only`, runs just those tests when the runner can select them.
    package func test(_ commit: ObjectID, only selection: [String] = []) throws(PipelineError) -> CommitTest {
        let reports = try prepare(commit)
        let recipe = try BuildRecipe.choose(override: testOverride, configuration: configuration, workTree: path, reportDirectory: reports)
        let started = ContinuousClock.now
        let policy = policy(recipe.environment, reports: reports)
        var log = Data()
        if let build = recipe.build {
            progress("build \(commit.short): \(build)")
            let result = try run(build, policy)
            log.append(result.log)
            if !result.succeeded { return buildFailure(commit, build, result, log: log, started: started) }
        }
        let tests = try runTests(commit, recipe, selection: selection, policy: policy)
        let result = tests.result, report = tests.report
        log.append(result.log)
        let coverage = recipe.coverage.flatMap { try? LineCoverage.read($0) }
        let counts = report.total > 0 ? BuildResult.TestCounts(passed: report.passed, failed: report.failed + report.errors, skipped: report.skipped) : nil
        let (verdict, interruption, unrunnable) = judge(result, report)
        let status: BuildResult.Status = verdict == .green ? .green : (verdict == .red ? .red : .error)
        var details = [interruption ?? result.statusDescription]
        if report.total > 0 { details.append("\(report.failed + report.errors) of \(report.total) tests failed") }
        details.append(String(format: "%.1f s", Self.seconds(since: started)))
        let excerpt = verdict == .green ? [] : FailureExcerpt.lines(result.logText)
        progress("test \(commit.short): \(verdict.rawValue) (\(details.joined(separator: "; ")))" + quoted(excerpt, log: result.logText))
        var test = CommitTest(commit: commit, verdict: verdict, result: BuildResult(
            sha: commit.hex, status: status, failingTests: report.failingTests, testCounts: counts, coverage: coverage?.percent,
            durationSeconds: Self.seconds(since: started), interruption: interruption), log: log, unrunnable: unrunnable)
        test.signature = result.succeeded ? nil : tests.signature
        test.excerpt = excerpt
        test.command = tests.command.description
        test.selected = tests.selected
        return test
    }

    /// Checks `commit` out in the worktree (unless it is there) and empties the reports directory.
    /// - Returns: the reports directory.
    private func prepare(_ commit: ObjectID) throws(PipelineError) -> String {
        if checkedOut != commit {
            try pipeline { try worktree.checkoutDetached(commit) }
            checkedOut = commit
        }
        let reports = path + ".reports"
        try? FileManager.default.removeItem(atPath: reports)
        try? FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        return reports
    }

    /// The sandbox policy for a build or test command: the worktree, build caches and `reports`
    /// writable; the process environment and `environment` without secrets.
    private func policy(_ environment: [String: String], reports: String) -> SandboxPolicy {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        for key in env.keys where Self.isSecretName(key) { env[key] = nil }
        // A crashing Swift test otherwise waits on swift-backtrace, which can hang in the sandbox.
        if env["SWIFT_BACKTRACE"] == nil { env["SWIFT_BACKTRACE"] = "enable=no" }
        return isolated(SandboxPolicy(workDirectory: path, writablePaths: SandboxPolicy.buildCachePaths() + [reports], environment: env,
                                      timeout: Duration.seconds(timeoutSeconds), memoryLimitBytes: configuration.memoryLimitMB.map { $0 << 20 }))
    }

    /// Seconds from `start` until now.
    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The skip a failed build makes: the commit cannot be built, so it is never blamed.
    private func buildFailure(_ commit: ObjectID, _ build: Command, _ result: ProcessResult, log: Data, started: ContinuousClock.Instant) -> CommitTest {
        let unrunnable = UnrunnableCommand.reason(result).map { "the build command could not run: \($0)" + privateTmpHint($0) }
        let excerpt = FailureExcerpt.lines(result.logText)
        let why = result.timedOut ? "build timed out" : unrunnable ?? "build failed (\(result.statusDescription))"
        progress("build \(commit.short): \(why): skipped" + quoted(excerpt, log: result.logText))
        var test = CommitTest(commit: commit, verdict: .skip, result: BuildResult(sha: commit.hex, status: .error, durationSeconds: Self.seconds(since: started), interruption: why),
                              log: log, unrunnable: unrunnable)
        test.excerpt = excerpt
        test.command = build.description
        return test
    }

    /// What running the tests found, and which command found it.
    private struct TestRun {
        var result: ProcessResult
        var report: TestReport
        var signature: FailureSignature
        var command: Command
        var selected: Bool
    }

    /// Runs the selected tests (or all of them); when the selection did not run, the whole suite.
    private func runTests(_ commit: ObjectID, _ recipe: BuildRecipe, selection: [String], policy: SandboxPolicy) throws(PipelineError) -> TestRun {
        let selectedCommand = selection.isEmpty ? nil : TestSelection.command(for: recipe.test, failing: selection)
        let command = selectedCommand ?? recipe.test
        progress("test \(commit.short): \(command) [\(sandbox.name)]")
        var run = try runSuite(command, recipe, policy: policy)
        run.selected = selectedCommand != nil
        if run.selected, !run.result.succeeded, run.signature.kind == .setup || run.report.total == 0 {
            // The selection did not run (the tests do not exist at this commit, or the runner refused
            // the ids): the whole suite answers instead.
            progress("test \(commit.short): the selected tests did not run; running the whole suite: \(recipe.test)")
            run = try runSuite(recipe.test, recipe, policy: policy)
        }
        return run
    }

    /// Runs one test command and reads its reports.
    private func runSuite(_ command: Command, _ recipe: BuildRecipe, policy: SandboxPolicy) throws(PipelineError) -> TestRun {
        testRuns += 1
        let result = try run(command, policy)
        let report = TestReport.collect(junitReports: recipe.junitReports, log: result.logText)
        let signature = FailureSignature.classify(result, report: report, testCommand: command.description)
        return TestRun(result: result, report: report, signature: signature, command: command, selected: false)
    }

    /// The verdict on a test run, why it was interrupted, and why it could not run at all.
    private func judge(_ result: ProcessResult, _ report: TestReport) -> (Verdict, interruption: String?, unrunnable: String?) {
        if result.timedOut {
            return (.skip, "timed out after \(Int(timeoutSeconds)) s; the whole process group was killed", nil)
        } else if result.memoryLimitExceeded {
            return (.skip, "exceeded the memory limit", nil)
        } else if result.exitCode == 125 {
            return (.skip, "the test command exited 125 (cannot test this commit)", nil)
        } else if report.total == 0, let reason = UnrunnableCommand.reason(result) {
            let unrunnable = "the test command could not run: \(reason)" + privateTmpHint(reason)
            return (.skip, unrunnable, unrunnable)
        }
        return (result.succeeded ? .green : .red, nil, nil)
    }

    /// The excerpt as a suffix of a progress line, and the log's tail when verbose.
    private func quoted(_ excerpt: [String], log: String) -> String {
        guard !excerpt.isEmpty else { return "" }
        var text = ": " + excerpt.joined(separator: " | ")
        if verbose {
            let tail = log.split(whereSeparator: \.isNewline).suffix(40).map { "    " + $0 }
            text += "\n  log tail:\n" + tail.joined(separator: "\n")
        }
        return text
    }

    /// Why a program under `/tmp` may be missing: bubblewrap mounts a private `/tmp` over it.
    private func privateTmpHint(_ reason: String) -> String {
        guard sandbox.name == "bubblewrap", reason.contains("/tmp/") else { return "" }
        return " (the bubblewrap sandbox has its own empty /tmp: keep tools and scripts the tests need out of /tmp, or set `sandbox: none` in .healer.yml)"
    }

    private func run(_ command: Command, _ policy: SandboxPolicy) throws(PipelineError) -> ProcessResult {
        do { return try sandbox.run(command, policy: policy, onLine: nil) } catch {
            throw PipelineError(.failure, error.message + (error.fix.map { "; \($0)" } ?? ""))
        }
    }

    /// Whether an environment variable probably holds a secret (kept out of build sandboxes).
    package static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["TOKEN", "SECRET", "PASSWORD", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL"].contains { upper.contains($0) }
    }
}
