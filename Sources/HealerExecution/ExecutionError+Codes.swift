// The failure codes of HealerExecution's sandbox, report and build-detection layers.
// HealerExecution's users see the process layer it builds on (ProcessRunner, Command, ...) too.
@_exported import HealerSystem

extension ExecutionError.Code {
    /// The requested sandbox cannot be used on this machine.
    package static let sandboxUnavailable = ExecutionError.Code("sandboxUnavailable", exitClass: .usage)
    /// A sandbox setting is invalid (for example a path that does not exist).
    package static let invalidSandboxPolicy = ExecutionError.Code("invalidSandboxPolicy", exitClass: .usage)
    /// A report file could not be read.
    package static let reportUnreadable = ExecutionError.Code("reportUnreadable")
    /// A report is not well-formed or not of the expected kind.
    package static let malformedReport = ExecutionError.Code("malformedReport")
    /// A file passed to the artifact digest could not be read.
    package static let artifactUnreadable = ExecutionError.Code("artifactUnreadable")
    /// No build system was recognised in a directory.
    package static let projectNotDetected = ExecutionError.Code("projectNotDetected", exitClass: .usage)
}
