// A watcher thread that tells the process supervisor when a child exits, without reaping it.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells the runner's poll loop that the child exited, without reaping it.
///
/// A thread blocks in `waitid(WNOWAIT)` and then writes one byte to a pipe the loop polls;
/// leaving the child unreaped keeps its pid and group id reserved until the group is cleaned up.
struct ExitWatch {
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

/// Feeding a child's standard input must not kill healer when the child stops reading.
enum BrokenPipes {
    /// Runs `body` with SIGPIPE blocked on this thread when `active`, so a write to a closed pipe
    /// fails with EPIPE; a SIGPIPE left pending is consumed before the mask is restored.
    static func ignored<T>(while active: Bool, _ body: () throws(ExecutionError) -> T) throws(ExecutionError) -> T {
        guard active else { return try body() }
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        return try body()
    }
}
