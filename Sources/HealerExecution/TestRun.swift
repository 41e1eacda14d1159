// One test command run in a sandbox, with its report and coverage read back.

import Foundation
import HealerSystem

/// The outcome of running a project's test command: the process, the report, the coverage.
package struct TestRun: Sendable, Hashable {
    /// How the test command ended, with its log.
    package var process: ProcessResult
    /// Counts and failing test ids, from JUnit, the log, or only the exit code.
    package var report: TestReport
    /// Line coverage, when the command wrote a readable coverage report.
    package var coverage: LineCoverage?

    /// Creates a test run outcome.
    ///
    /// - Parameters:
    ///   - process: The process result.
    ///   - report: The test report.
    ///   - coverage: The line coverage.
    package init(process: ProcessResult, report: TestReport, coverage: LineCoverage?) {
        self.process = process
        self.report = report
        self.coverage = coverage
    }

    /// Whether the tests passed: exit status 0 within the time limit and no failed or errored test.
    package var passed: Bool { process.succeeded && report.failed == 0 && report.errors == 0 }
}

extension Sandbox {
    /// Runs a project's test command and reads its reports.
    ///
    /// Prepares the report directory (creates it, removes stale reports), makes it writable,
    /// adds the commands' test environment, runs ``ProjectCommands/test``, then collects the
    /// ``TestReport`` and, if a coverage report was written, the ``LineCoverage`` (an unreadable
    /// one becomes a note on the report).
    ///
    /// - Parameters:
    ///   - commands: The detected or configured project commands.
    ///   - policy: The work tree and limits; the report directory is added to its writable paths.
    ///   - onLine: Called with each output line as it arrives.
    /// - Returns: The process result, report and coverage.
    /// - Throws: ``ExecutionError`` when the report directory cannot be created or the command
    ///   cannot be started; test failures are results, not errors.
    package func runTests(
        _ commands: ProjectCommands, policy: SandboxPolicy, onLine: ((String) -> Void)? = nil
    ) throws(ExecutionError) -> TestRun {
        try commands.prepareReportDirectory()
        var policy = policy
        policy.writablePaths.append(commands.reportDirectory)
        if !commands.testEnvironment.isEmpty {
            var environment = policy.environment ?? ProcessInfo.processInfo.environment
            environment.merge(commands.testEnvironment) { $1 }
            policy.environment = environment
        }
        let process = try run(commands.test, policy: policy, onLine: onLine)
        var report = TestReport.collect(junitReports: commands.junitReports, log: process.logText)
        var coverage: LineCoverage?
        if let file = commands.coverage, FileManager.default.fileExists(atPath: file.path) {
            do {
                coverage = try LineCoverage.read(file)
            } catch {
                report.notes.append("coverage was not read: \(error)")
            }
        }
        return TestRun(process: process, report: report, coverage: coverage)
    }
}
