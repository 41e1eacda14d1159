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
        let start = ContinuousClock.now
        let child = try ChildProcess.spawn(
            arguments: arguments, directory: request.workingDirectory,
            environment: request.environment ?? ProcessInfo.processInfo.environment,
            separateErrors: request.separateErrors, feedsInput: request.input != nil)
        ChildGroups.register(child.pid)
        var watch = ExitWatch(pid: child.pid)
        var supervisor = ProcessSupervisor(request: request, child: child, start: start, onLine: onLine)
        defer {
            supervisor.closePipes()
            watch.close()
            ChildGroups.unregister(child.pid)
        }
        try startWatching(&watch, child: child)
        try BrokenPipes.ignored(while: request.input != nil) { () throws(ExecutionError) in
            try supervisor.superviseUntilDone(watch: watch)
        }
        let (exitCode, signal) = reap(child.pid)
        return supervisor.result(exitCode: exitCode, signal: signal, duration: ContinuousClock.now - start)
    }

    /// Starts the exit watcher; without one the child cannot be supervised, so it is killed.
    private static func startWatching(_ watch: inout ExitWatch, child: ChildProcess) throws(ExecutionError) {
        do {
            try watch.start()
        } catch {
            kill(-child.pid, SIGKILL)
            _ = reap(child.pid)
            throw error
        }
    }

    /// Reaps the child and reads its ending: an exit status or a terminating signal.
    ///
    /// A status nobody can know (someone else reaped the child) must not read as exit 0, so
    /// then both are `nil`.
    static func reap(_ pid: pid_t) -> (exitCode: Int32?, signal: Int32?) {
        var status: Int32 = 0
        var reaped = waitpid(pid, &status, 0)
        while reaped < 0 && errno == EINTR { reaped = waitpid(pid, &status, 0) }
        let termination = status & 0x7f
        let exitCode: Int32? = reaped > 0 && termination == 0 ? (status >> 8) & 0xff : nil
        let signal: Int32? = reaped > 0 && termination != 0 && termination != 0x7f ? termination : nil
        return (exitCode, signal)
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
}
