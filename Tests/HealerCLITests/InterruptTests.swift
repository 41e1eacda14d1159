import Foundation
import HealerTestSupport
import Testing

@Suite("Interrupting healer")
struct InterruptTests {
    /// The ids of the processes whose command line contains `text`.
    private func processes(matching text: String, in directory: String) -> [Int32] {
        runProcess("pgrep", ["-f", text], in: directory).stdout.split(separator: "\n").compactMap { Int32($0) }
    }

    @Test("SIGTERM or SIGINT to healer heal ends the test command it runs (plain sandbox), and healer ends by that signal",
          arguments: [SIGTERM, SIGINT])
    func interruptedHeal(signal: Int32) throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let marker = "3\(Int.random(in: 10_000...99_999))"
        let repo = GitFixture.make(in: tmp, files: [".healer.yml": "sandbox: none\ntest: sh -c 'sleep \(marker) & sleep \(marker)'\n"])
        repo.commit(files: ["b.txt": "b\n"], message: "second")
        // Started as from a terminal: no blocked signals, default actions (a test runner's threads block most signals,
        // and a child inherits that mask).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP): signal.signal(s, signal.SIG_DFL)
            os.execv(sys.argv[1], [sys.argv[1], "heal"])
            """, HealerBinary.path]
        process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var started = false
        for _ in 0..<100 where !started {
            Thread.sleep(forTimeInterval: 0.1)
            started = !processes(matching: "sleep \(marker)", in: tmp.path).isEmpty
        }
        #expect(started, "the test command started")
        kill(process.processIdentifier, signal)
        var waited = 0
        while process.isRunning && waited < 100 {
            Thread.sleep(forTimeInterval: 0.1)
            waited += 1
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        Thread.sleep(forTimeInterval: 0.3)
        let left = processes(matching: "sleep \(marker)", in: tmp.path)
        #expect(left.isEmpty, "no process of the test command survives: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }
}
