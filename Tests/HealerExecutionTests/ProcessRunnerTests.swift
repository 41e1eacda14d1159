// Real processes: exit codes, logs, timeouts that stop the whole group, memory limits.

import Foundation
import Testing

@testable import HealerExecution

@Suite("ProcessRunner")
struct ProcessRunnerTests {
    @Test("captures combined output and the exit status")
    func capturesOutput() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(.shell("echo out; echo err >&2; exit 3"), in: NSTemporaryDirectory()))
        #expect(result.exitCode == 3)
        #expect(result.signal == nil)
        #expect(!result.timedOut)
        #expect(result.logText.contains("out\n"))
        #expect(result.logText.contains("err\n"))
        #expect(result.statusDescription == "exit 3")
    }

    @Test("runs in the working directory with the given environment")
    func workingDirectoryAndEnvironment() throws {
        let directory = try TemporaryDirectory()
        let result = try ProcessRunner.run(
            ProcessRequest(
                .argv(["sh", "-c", "pwd; echo $GREETING"]), in: directory.path,
                environment: ["PATH": "/usr/bin:/bin", "GREETING": "hello"]))
        let expected = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path
        #expect(result.logText == "\(expected)\nhello\n")
    }

    @Test("streams lines as they complete")
    func streamsLines() throws {
        let lines = LineCollector()
        _ = try ProcessRunner.run(
            ProcessRequest(.shell("printf 'one\\ntwo\\r\\nthree'"), in: NSTemporaryDirectory()),
            onLine: { lines.append($0) })
        #expect(lines.all == ["one", "two", "three"])
    }

    @Test("a missing command is a spawn error that says what to do")
    func missingCommand() {
        #expect(throws: ExecutionError.self) {
            try ProcessRunner.run(ProcessRequest(.argv(["healer-no-such-tool"]), in: NSTemporaryDirectory()))
        }
        do {
            _ = try ProcessRunner.run(ProcessRequest(.argv(["healer-no-such-tool"]), in: NSTemporaryDirectory()))
        } catch {
            #expect(error.code == .spawnFailed)
            #expect(error.description.contains("command not found"))
            #expect(error.description.contains("install it"))
        }
    }

    @Test("a hanging command is stopped at its timeout together with its children")
    func timeoutKillsGroup() throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.path + "/child.pid"
        let start = ContinuousClock.now
        let result = try ProcessRunner.run(
            ProcessRequest(
                .shell("sleep 1000 & echo $! > '\(pidFile)'; sleep 1000"), in: directory.path,
                timeout: .milliseconds(500), terminationGrace: .milliseconds(300)))
        let elapsed = ContinuousClock.now - start
        #expect(result.timedOut)
        #expect(result.signal == SIGTERM)
        #expect(result.statusDescription == "timed out (killed by SIGTERM)")
        #expect(elapsed < .seconds(5))
        let childPid = try #require(pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!processExists(childPid))
    }

    @Test("a process that ignores SIGTERM is killed after the grace period")
    func sigkillAfterGrace() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(
                .shell("trap '' TERM; echo ready; while :; do sleep 0.05; done"), in: NSTemporaryDirectory(),
                timeout: .milliseconds(300), terminationGrace: .milliseconds(300)))
        #expect(result.timedOut)
        #expect(result.signal == SIGKILL)
        #expect(result.logText.hasPrefix("ready"))
    }

    @Test("children left running after the command exits are stopped")
    func leftoversAreStopped() throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.path + "/child.pid"
        let start = ContinuousClock.now
        let result = try ProcessRunner.run(
            ProcessRequest(.shell("sleep 1000 & echo $! > '\(pidFile)'; echo done"), in: directory.path))
        #expect(result.exitCode == 0)
        #expect(ContinuousClock.now - start < .seconds(3))
        let childPid = try #require(pid_t(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!processExists(childPid))
    }

    @Test("a process allocating past its memory limit dies and the result says so")
    func memoryLimit() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(
                .argv(["python3", "-c", "x = bytearray(600 * 1024 * 1024); print('allocated')"]),
                in: NSTemporaryDirectory(), memoryLimitBytes: 200 << 20))
        #expect(!result.succeeded)
        #expect(result.memoryLimitExceeded)
        #expect(result.statusDescription.hasPrefix("memory limit exceeded"))
        #expect(!result.logText.contains("allocated"))

        let small = try ProcessRunner.run(
            ProcessRequest(
                .argv(["python3", "-c", "x = bytearray(10 * 1024 * 1024); print('allocated')"]),
                in: NSTemporaryDirectory(), memoryLimitBytes: 200 << 20))
        #expect(small.succeeded)
        #expect(!small.memoryLimitExceeded)

        // An ordinary crash under a limit is a crash, not a memory problem.
        let crash = try ProcessRunner.run(
            ProcessRequest(.shell("kill -ABRT $$"), in: NSTemporaryDirectory(), memoryLimitBytes: 200 << 20))
        #expect(crash.signal == SIGABRT)
        #expect(!crash.memoryLimitExceeded)
    }

    @Test("a huge log keeps its head and tail and says so")
    func boundedLog() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(
                .shell("echo FIRST; head -c 3000000 /dev/zero | tr '\\0' x; echo; echo LAST"),
                in: NSTemporaryDirectory(), logLimitBytes: 64 << 10))
        #expect(result.logTruncated)
        #expect(result.logByteCount > 3_000_000)
        #expect(result.log.count < 70 << 10)
        #expect(result.logText.hasPrefix("FIRST\n"))
        #expect(result.logText.hasSuffix("LAST\n"))
        #expect(result.logText.contains("[healer: log truncated:"))
    }

    @Test("the async variant runs off the cooperative pool")
    func asyncRun() async throws {
        let result = try await ProcessRunner.run(ProcessRequest(.shell("echo async"), in: NSTemporaryDirectory()))
        #expect(result.logText == "async\n")
    }
}

/// Whether a pid still names a live (not zombie) process a moment later; SIGKILL is delivered
/// asynchronously, so this polls for up to two seconds before answering yes.
func processExists(_ pid: pid_t) -> Bool {
    for _ in 0..<40 {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        if stat.isEmpty || stat.contains(") Z ") { return false }
        usleep(50_000)
    }
    return true
}
