// The poll loop that watches one running child: its output, its input, its exit and its deadlines.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Watches a spawned child until it has exited and its output has ended: keeps its bounded logs,
/// feeds its input, stops its group at the timeout (SIGTERM, the grace period, then SIGKILL) and
/// stops what it left running once it exits.
struct ProcessSupervisor {
    private let request: ProcessRequest
    private let pid: pid_t
    private let onLine: ((String) -> Void)?
    private var output: PipeLog
    private var errors: PipeLog
    private var input: Int32
    private var pendingInput: Data
    private let deadline: ContinuousClock.Instant?
    private var killDeadline: ContinuousClock.Instant?
    private var drainDeadline: ContinuousClock.Instant?
    private var timedOut = false
    private var exited = false

    init(request: ProcessRequest, child: ChildProcess, start: ContinuousClock.Instant, onLine: ((String) -> Void)?) {
        self.request = request
        self.onLine = onLine
        pid = child.pid
        output = PipeLog(child.output, limit: request.logLimitBytes)
        errors = PipeLog(child.errors, limit: request.logLimitBytes)
        input = child.input
        pendingInput = request.input ?? Data()
        deadline = request.timeout.map { start + $0 }
    }

    /// Whether the child has exited and its output has ended (or had its time to drain).
    private var finished: Bool {
        exited && ((output.descriptor < 0 && errors.descriptor < 0) || drainDeadline.map { ContinuousClock.now >= $0 } ?? false)
    }

    /// Polls until ``finished``; on a failing poll the group is killed and the child reaped.
    mutating func superviseUntilDone(watch: ExitWatch) throws(ExecutionError) {
        while !finished {
            let now = ContinuousClock.now
            enforceTimeout(now)
            var fds = [
                pollfd(fd: output.descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors.descriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: input, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: exited ? -1 : watch.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, nfds_t(fds.count), Int32(clamping: waitMilliseconds(now))) < 0 {
                let failure = errno
                if failure == EINTR { continue }
                // Stop the command and wait for the watcher before the pipes close under it.
                kill(-pid, SIGKILL)
                watch.awaitExit()
                _ = ProcessRunner.reap(pid)
                throw ExecutionError(
                    .systemCallFailed, "cannot wait for the output of `\(request.command.arguments[0])`", errno: failure)
            }
            if fds[0].revents != 0 { output.read(splittingLines: onLine != nil).forEach { onLine?($0) } }
            if fds[1].revents != 0 { _ = errors.read(splittingLines: false) }
            if fds[2].revents != 0 { writeInput() }
            if fds[3].revents != 0 { noteExit() }
        }
        if let last = output.log.finishLines() { onLine?(last) }
    }

    /// Sends SIGTERM to the group at the deadline, and SIGKILL once the grace period is over.
    private mutating func enforceTimeout(_ now: ContinuousClock.Instant) {
        guard !exited else { return }
        if let deadline, now >= deadline, !timedOut {
            timedOut = true
            kill(-pid, SIGTERM)
            killDeadline = now + request.terminationGrace
        }
        if let killDeadline, now >= killDeadline {
            kill(-pid, SIGKILL)
        }
    }

    /// How long the next poll may wait: until the nearest deadline, else a second.
    private func waitMilliseconds(_ now: ContinuousClock.Instant) -> Int {
        guard let wake = [deadline, killDeadline, drainDeadline].compactMap({ $0 }).filter({ $0 > now }).min() else {
            return 1000
        }
        let (seconds, attoseconds) = (wake - now).components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000) + 1)
    }

    /// Writes as much pending input as the pipe takes; closes it when all is written or the child stopped reading.
    private mutating func writeInput() {
        let written = pendingInput.withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
        if written > 0 { pendingInput.removeFirst(written) }
        if pendingInput.isEmpty || (written < 0 && errno != EINTR && errno != EAGAIN) {
            closeInput()
        }
    }

    private mutating func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// The leader is gone but not yet reaped, so its group id cannot be reused yet: stop
    /// whatever it left behind, then give the pipes a moment to drain.
    private mutating func noteExit() {
        exited = true
        closeInput()
        kill(-pid, SIGKILL)
        drainDeadline = ContinuousClock.now + .seconds(2)
    }

    /// Closes whatever pipe is still open.
    mutating func closePipes() {
        output.close()
        errors.close()
        closeInput()
    }

    /// The result for an ending read by ``ProcessRunner/reap(_:)``.
    func result(exitCode: Int32?, signal: Int32?, duration: Duration) -> ProcessResult {
        let contents = output.log.contents
        return ProcessResult(
            exitCode: exitCode, signal: signal, timedOut: timedOut,
            memoryLimitExceeded: request.memoryLimitBytes != nil && !timedOut
                && MemoryLimit.looksExceeded(exitCode: exitCode, signal: signal, log: contents),
            duration: duration, log: contents, logByteCount: output.log.totalBytes, logTruncated: output.log.isTruncated,
            errorLog: errors.log.contents)
    }
}

/// One output pipe of the child and the bounded log of what came through it.
private struct PipeLog {
    private(set) var descriptor: Int32
    var log: OutputLog
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)

    init(_ descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        log = OutputLog(limit: limit)
    }

    /// Reads what the pipe has and returns the lines it completed; closes the pipe at its end.
    mutating func read(splittingLines: Bool) -> [String] {
        let count = Glibc.read(descriptor, &buffer, buffer.count)
        if count > 0 { return log.append(Data(buffer[0..<count]), splittingLines: splittingLines) }
        if count == 0 || (errno != EINTR && errno != EAGAIN) { close() }
        return []
    }

    /// Closes the pipe if it is still open.
    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }
}
