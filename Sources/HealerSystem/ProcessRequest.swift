// What to run and under which limits: the input of ProcessRunner.
import Foundation

/// A command to run, where, with which environment, and under which limits.
///
/// ```swift
/// let request = ProcessRequest(.shell("make test"), in: "/work/tree", timeout: .seconds(600))
/// let result = try ProcessRunner.run(request)
/// ```
package struct ProcessRequest: Sendable, Hashable {
    /// The default cap on the log kept in memory: 8 MiB.
    package static let defaultLogLimit = 8 << 20

    /// The command to run.
    package var command: Command
    /// The directory the command starts in; it must exist.
    package var workingDirectory: String
    /// The complete environment of the command, or `nil` to inherit this process's environment.
    package var environment: [String: String]?
    /// The wall-clock limit after which the whole process group is stopped, or `nil` for none.
    package var timeout: Duration?
    /// The address-space limit (`RLIMIT_AS`) in bytes applied to the command, or `nil` for none.
    package var memoryLimitBytes: Int?
    /// How many bytes of combined output to keep in memory; beyond it the head and tail are kept.
    package var logLimitBytes: Int
    /// How long the process group gets between SIGTERM and SIGKILL when the timeout fires.
    package var terminationGrace: Duration
    /// Bytes fed to the command's standard input, or `nil` for /dev/null.
    package var input: Data?
    /// Whether standard error is kept apart in ``ProcessResult/errorLog`` instead of joining the log.
    package var separateErrors: Bool

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - command: The command to run.
    ///   - workingDirectory: The directory it starts in.
    ///   - environment: Its complete environment; `nil` inherits this process's.
    ///   - timeout: The wall-clock limit; `nil` for none.
    ///   - memoryLimitBytes: The address-space limit in bytes; `nil` for none.
    ///   - logLimitBytes: The in-memory log cap (default 8 MiB).
    ///   - terminationGrace: The pause between SIGTERM and SIGKILL (default 2 seconds).
    ///   - input: What to feed its standard input; `nil` for /dev/null.
    ///   - separateErrors: Whether its standard error is kept apart from the log (each with the log cap).
    package init(
        _ command: Command,
        in workingDirectory: String,
        environment: [String: String]? = nil,
        timeout: Duration? = nil,
        memoryLimitBytes: Int? = nil,
        logLimitBytes: Int = ProcessRequest.defaultLogLimit,
        terminationGrace: Duration = .seconds(2),
        input: Data? = nil,
        separateErrors: Bool = false
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.memoryLimitBytes = memoryLimitBytes
        self.logLimitBytes = logLimitBytes
        self.terminationGrace = terminationGrace
        self.input = input
        self.separateErrors = separateErrors
    }
}
