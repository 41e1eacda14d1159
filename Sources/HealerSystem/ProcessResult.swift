// How a process ended: exit status or signal, timeout, duration, and its bounded log.

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process ended, with its combined standard output and error.
package struct ProcessResult: Sendable, Hashable {
    /// The exit status when the process exited normally, else `nil`.
    package var exitCode: Int32?
    /// The signal that ended the process, else `nil`.
    package var signal: Int32?
    /// Whether the wall-clock limit fired and the process group was stopped.
    package var timedOut: Bool
    /// Whether a memory limit was set and the process most likely died of it.
    ///
    /// `RLIMIT_AS` makes allocations fail rather than announcing itself, so this is inferred:
    /// a limit was set, the timeout did not fire, and the process died of SIGKILL or failed
    /// with a well-known out-of-memory message near the end of its log (Python's `MemoryError`,
    /// `std::bad_alloc`, `Cannot allocate memory`, Rust's `memory allocation of N bytes failed`,
    /// Go's and Node's out-of-memory errors).
    package var memoryLimitExceeded: Bool
    /// Wall-clock time from start to the end of the last output.
    package var duration: Duration
    /// The combined standard output and error, or its head and tail with a marker between when
    /// the output was larger than the request's log limit.
    package var log: Data
    /// The number of output bytes the process wrote in total.
    package var logByteCount: Int
    /// Whether ``log`` omits part of the output.
    package var logTruncated: Bool
    /// Standard error when the request kept it apart (bounded like ``log``), else empty.
    package var errorLog: Data

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - exitCode: The exit status, if the process exited.
    ///   - signal: The terminating signal, if any.
    ///   - timedOut: Whether the timeout fired.
    ///   - memoryLimitExceeded: Whether the memory limit most likely killed it.
    ///   - duration: Wall-clock duration.
    ///   - log: The captured output.
    ///   - logByteCount: The total output size.
    ///   - logTruncated: Whether the captured output omits a middle part.
    ///   - errorLog: Standard error, when it was kept apart.
    package init(
        exitCode: Int32?, signal: Int32?, timedOut: Bool, memoryLimitExceeded: Bool = false,
        duration: Duration, log: Data, logByteCount: Int? = nil, logTruncated: Bool = false, errorLog: Data = Data()
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.memoryLimitExceeded = memoryLimitExceeded
        self.duration = duration
        self.log = log
        self.logByteCount = logByteCount ?? log.count
        self.logTruncated = logTruncated
        self.errorLog = errorLog
    }

    /// Whether the process exited with status 0 within its time limit.
    package var succeeded: Bool { exitCode == 0 && !timedOut }

    /// The log decoded as UTF-8, with invalid bytes replaced.
    package var logText: String { String(decoding: log, as: UTF8.self) }

    /// The kept-apart standard error decoded as UTF-8, with invalid bytes replaced.
    package var errorText: String { String(decoding: errorLog, as: UTF8.self) }

    /// A short account of the ending, such as `exit 1`, `killed by SIGKILL` or
    /// `timed out (killed by SIGTERM)`.
    package var statusDescription: String {
        var text: String
        if let exitCode {
            text = "exit \(exitCode)"
        } else if let signal {
            text = "killed by \(ProcessResult.signalName(signal))"
        } else {
            text = "unknown status"
        }
        if timedOut { text = "timed out (\(text))" }
        if memoryLimitExceeded { text = "memory limit exceeded (\(text))" }
        return text
    }

    /// The conventional name of a signal, such as `SIGKILL`, or `signal N`.
    package static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: return "SIGHUP"
        case SIGINT: return "SIGINT"
        case SIGQUIT: return "SIGQUIT"
        case SIGILL: return "SIGILL"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGSEGV: return "SIGSEGV"
        case SIGPIPE: return "SIGPIPE"
        case SIGALRM: return "SIGALRM"
        case SIGTERM: return "SIGTERM"
        case SIGXCPU: return "SIGXCPU"
        default: return "signal \(signal)"
        }
    }
}
