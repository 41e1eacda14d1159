// Whether a command could start, checked against the real PATH, files and python3.

import Foundation
import Testing

@testable import HealerExecution

@Suite("Command.availabilityProblem")
struct CommandCheckTests {
    @Test("a program on PATH, a shell builtin line and an existing script are fine")
    func runnable() throws {
        let directory = try TemporaryDirectory()
        let script = directory.path + "/run-tests.sh"
        _ = FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\ntrue\n".utf8), attributes: [.posixPermissions: 0o755])
        #expect(Command.shell("sh test.sh").availabilityProblem(in: directory.path) == nil)
        #expect(Command.shell("CI=1 ./run-tests.sh --all && echo done").availabilityProblem(in: directory.path) == nil)
        #expect(Command.argv(["python3", "-m", "json.tool", "--help"]).availabilityProblem(in: directory.path) == nil)
        #expect(Command.shell("$(cat cmd)").availabilityProblem(in: directory.path) == nil, "too involved to tell")
    }

    @Test("a missing program, a missing script and a missing python3 module are named with a fix")
    func missing() throws {
        let directory = try TemporaryDirectory()
        let program = try #require(Command.shell("no-such-test-runner-1d2c --all").availabilityProblem(in: directory.path))
        #expect(program.problem == "`no-such-test-runner-1d2c` is not on PATH")
        let script = try #require(Command.shell("./run-tests.sh").availabilityProblem(in: directory.path))
        #expect(script.problem.contains("`./run-tests.sh` does not exist or is not executable"))
        let module = try #require(Command.shell("python3 -m no_such_runner_1d2c -q").availabilityProblem(in: directory.path))
        #expect(module.problem == "`python3` cannot import no_such_runner_1d2c")
        #expect(module.fix.contains("python3 -m pip install no_such_runner_1d2c"))
    }
}
