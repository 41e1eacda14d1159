// Runs a command in its own process group with a timeout, a memory limit and a bounded log.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs commands as real processes: own process group, wall-clock timeout that stops the whole
/// group (SIGTERM, a grace period, then SIGKILL), optional memory limit, bounded combined log.
///
/// When the command's main process exits, whatever it left running in its process group is
/// killed too, so a test suite's stray server cannot hold the log open or outlive the run.
///
/// ```swift
/// let result = try ProcessRunner.run(
///     ProcessRequest(.shell("swift test"), in: tree, timeout: .seconds(900))
/// ) { line in print(line) }
/// if result.timedOut { ... }
/// ```
package enum ProcessRunner {
    /// Runs a command to completion, blocking the calling thread.
    ///
    /// - Parameters:
    ///   - request: What to run and under which limits.
    ///   - onLine: Called with each complete output line as it arrives, on the calling thread.
    /// - Returns: How the process ended, with its log.
    /// - Throws: ``ExecutionError`` with code `spawnFailed` when the command cannot start, or
    ///   `systemCallFailed` when watching it fails.
    package static func run(
        _ request: ProcessRequest, onLine: ((String) -> Void)? = nil
    ) throws(ExecutionError) -> ProcessResult {
        var arguments = request.command.arguments
        if let limit = request.memoryLimitBytes {
            arguments = MemoryLimit.prefix(bytes: limit, path: request.environment?["PATH"]) + arguments
        }
        let environment = request.environment ?? ProcessInfo.processInfo.environment
        let start = ContinuousClock.now
        let child = try ChildProcess.spawn(
            arguments: arguments, directory: request.workingDirectory, environment: environment)
        ChildGroups.register(child.pid)
        var watch = ExitWatch(pid: child.pid)
        defer {
            close(child.output)
            watch.close()
            ChildGroups.unregister(child.pid)
        }
        do {
            try watch.start()
        } catch {
            // Without a watcher the child cannot be supervised; do not leave it behind.
            kill(-child.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(child.pid, &status, 0)
            throw error
        }

        var log = OutputLog(limit: request.logLimitBytes)
        let deadline = request.timeout.map { start + $0 }
        var killDeadline: ContinuousClock.Instant?
        var drainDeadline: ContinuousClock.Instant?
        var timedOut = false
        var exited = false
        var endOfOutput = false
        var buffer = [UInt8](repeating: 0, count: 64 << 10)

        while !(exited && (endOfOutput || drainDeadline.map { ContinuousClock.now >= $0 } ?? false)) {
            let now = ContinuousClock.now
            if !exited, let deadline, now >= deadline, !timedOut {
                timedOut = true
                kill(-child.pid, SIGTERM)
                killDeadline = now + request.terminationGrace
            }
            if !exited, let killDeadline, now >= killDeadline {
                kill(-child.pid, SIGKILL)
            }
            let wake = [deadline, killDeadline, drainDeadline].compactMap { $0 }.filter { $0 > now }.min()
            let waitMilliseconds = wake.map { max(1, milliseconds($0 - now)) } ?? 1000

            var fds = [
                pollfd(fd: endOfOutput ? -1 : child.output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: exited ? -1 : watch.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), Int32(clamping: waitMilliseconds))
            if ready < 0 {
                let failure = errno
                if failure == EINTR { continue }
                // Stop the command and wait for the watcher before the pipes close under it.
                kill(-child.pid, SIGKILL)
                watch.awaitExit()
                var status: Int32 = 0
                waitpid(child.pid, &status, 0)
                throw ExecutionError(.systemCallFailed, "cannot wait for the output of `\(arguments[0])`", errno: failure)
            }
            if fds[0].revents != 0 {
                let count = read(child.output, &buffer, buffer.count)
                if count > 0 {
                    let lines = log.append(Data(buffer[0..<count]), splittingLines: onLine != nil)
                    lines.forEach { onLine?($0) }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    endOfOutput = true
                }
            }
            if fds[1].revents != 0 {
                exited = true
                // The leader is gone but not yet reaped, so its group id cannot be reused yet:
                // stop whatever it left behind, then give the pipe a moment to drain.
                kill(-child.pid, SIGKILL)
                drainDeadline = ContinuousClock.now + .seconds(2)
            }
        }
        if let last = log.finishLines() { onLine?(last) }

        var status: Int32 = 0
        var reaped = waitpid(child.pid, &status, 0)
        while reaped < 0 && errno == EINTR { reaped = waitpid(child.pid, &status, 0) }
        let duration = ContinuousClock.now - start
        // A status nobody can know (someone else reaped the child) must not read as exit 0.
        let termination = status & 0x7f
        let exitCode: Int32? = reaped > 0 && termination == 0 ? (status >> 8) & 0xff : nil
        let signal: Int32? = reaped > 0 && termination != 0 && termination != 0x7f ? termination : nil
        let contents = log.contents
        return ProcessResult(
            exitCode: exitCode, signal: signal, timedOut: timedOut,
            memoryLimitExceeded: request.memoryLimitBytes != nil && !timedOut
                && MemoryLimit.looksExceeded(exitCode: exitCode, signal: signal, log: contents),
            duration: duration, log: contents, logByteCount: log.totalBytes, logTruncated: log.isTruncated)
    }

    /// Runs a command to completion on a dedicated thread, so no task of the cooperative pool
    /// is blocked while the command runs.
    ///
    /// - Parameters:
    ///   - request: What to run and under which limits.
    ///   - onLine: Called with each complete output line as it arrives, on the runner's thread.
    /// - Returns: How the process ended, with its log.
    /// - Throws: ``ExecutionError`` as the blocking variant does.
    package static func run(
        _ request: ProcessRequest, onLine: (@Sendable (String) -> Void)? = nil
    ) async throws(ExecutionError) -> ProcessResult {
        let outcome: Result<ProcessResult, ExecutionError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: Result { () throws(ExecutionError) in try run(request, onLine: onLine) })
            }
            thread.name = "healer.process"
            thread.start()
        }
        return try outcome.get()
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000) + 1
    }
}

/// Tells the runner's poll loop that the child exited, without reaping it.
///
/// A thread blocks in `waitid(WNOWAIT)` and then writes one byte to a pipe the loop polls;
/// leaving the child unreaped keeps its pid and group id reserved until the group is cleaned up.
private struct ExitWatch {
    let pid: pid_t
    private(set) var readEnd: Int32 = -1
    private var writeEnd: Int32 = -1

    init(pid: pid_t) { self.pid = pid }

    mutating func start() throws(ExecutionError) {
        (readEnd, writeEnd) = try ChildProcess.makePipe(purpose: "to watch process \(pid)")
        let (pid, writeEnd) = (self.pid, self.writeEnd)
        let thread = Thread {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            var byte: UInt8 = 1
            _ = write(writeEnd, &byte, 1)
        }
        thread.name = "healer.exit-watch"
        thread.start()
    }

    /// Blocks until the watcher reports the exit.
    func awaitExit() {
        var byte: UInt8 = 0
        while read(readEnd, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Closes the pipe; called once the child has exited, so the watcher thread is done with it.
    mutating func close() {
        if readEnd >= 0 { _ = Glibc.close(readEnd) }
        if writeEnd >= 0 { _ = Glibc.close(writeEnd) }
        readEnd = -1
        writeEnd = -1
    }
}
