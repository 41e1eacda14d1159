// A missing program or test runner, told apart from a test suite that ran and failed, on real processes.

import Foundation
import Testing

@testable import HealerExecution

@Suite("UnrunnableCommand")
struct UnrunnableCommandTests {
    private func run(_ script: String) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(.shell(script), in: NSTemporaryDirectory()))
    }

    @Test("a program that is not on PATH, or not executable, could not run")
    func missingProgram() throws {
        let missing = try run("no-such-test-runner-1d2c --all")
        #expect(missing.exitCode == 127)
        #expect(UnrunnableCommand.reason(missing)?.contains("no-such-test-runner-1d2c") == true)
        let directory = try TemporaryDirectory()
        let notExecutable = try run("'\(directory.path)'")
        #expect(notExecutable.exitCode == 126)
        #expect(UnrunnableCommand.reason(notExecutable) != nil)
    }

    @Test("python3 -m with a module that is not installed could not run; the fix names pip")
    func missingPythonModule() throws {
        let result = try run("python3 -m no_such_runner_1d2c -q")
        #expect(result.exitCode == 1)
        let reason = try #require(UnrunnableCommand.reason(result))
        #expect(reason.hasSuffix("No module named no_such_runner_1d2c"))
        #expect(UnrunnableCommand.fix(for: reason).contains("python3 -m pip install no_such_runner_1d2c"))
    }

    @Test("tests that ran and failed, an import error inside a test, exit 0 and timeouts are not 'could not run'")
    func ranAndFailed() throws {
        #expect(UnrunnableCommand.reason(try run("echo '1 failed, 3 passed in 0.1s'; exit 1")) == nil)
        let importError = try run("python3 -c 'import no_such_module_1d2c'")
        #expect(importError.exitCode == 1)
        #expect(UnrunnableCommand.reason(importError) == nil, "\(importError.logText)")
        #expect(UnrunnableCommand.reason(try run("true")) == nil)
        let timedOut = try ProcessRunner.run(ProcessRequest(.shell("sleep 5"), in: NSTemporaryDirectory(), timeout: .milliseconds(200)))
        #expect(UnrunnableCommand.reason(timedOut) == nil)
    }
}
