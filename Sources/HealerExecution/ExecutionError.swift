// The one public error type of HealerExecution: what failed, why, and how to fix it.

import HealerSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from running a process, choosing a sandbox, or reading a test or coverage report.
///
/// The ``description`` is one line meant for a person: what failed, why, and what to do.
/// Switch on ``code`` to react programmatically; new codes may be added over time.
///
/// ```swift
/// do {
///     let sandbox = try SandboxChoice.bubblewrap.makeSandbox()
/// } catch {
///     print(error)  // "bubblewrap is not usable: ... install bubblewrap or set `sandbox: none`"
/// }
/// ```
package struct ExecutionError: ActionableError, Hashable {
    /// What kind of failure this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable name of the code, such as `spawnFailed`.
        package let name: String

        init(_ name: String) { self.name = name }

        /// The process could not be started (missing executable, bad working directory, no resources).
        package static let spawnFailed = Code("spawnFailed")
        /// A system call needed to run or watch the process failed.
        package static let systemCallFailed = Code("systemCallFailed")
        /// The requested sandbox cannot be used on this machine.
        package static let sandboxUnavailable = Code("sandboxUnavailable")
        /// A sandbox setting is invalid (for example a path that does not exist).
        package static let invalidSandboxPolicy = Code("invalidSandboxPolicy")
        /// A report file could not be read.
        package static let reportUnreadable = Code("reportUnreadable")
        /// A report is not well-formed or not of the expected kind.
        package static let malformedReport = Code("malformedReport")
        /// A file passed to the artifact digest could not be read.
        package static let artifactUnreadable = Code("artifactUnreadable")
        /// No build system was recognised in a directory.
        package static let projectNotDetected = Code("projectNotDetected")

        /// The code's name.
        package var description: String { name }
    }

    /// What kind of failure this is.
    package let code: Code
    /// What failed and why, in one sentence.
    package let message: String
    /// What the person can do about it, or `nil` when there is nothing obvious.
    package let fix: String?
    /// The message and the system error text, without the fix.
    package var what: String {
        guard let errno else { return message }
        return message + " (\(String(cString: strerror(errno))))"
    }
    /// Usage when the sandbox settings or the project cannot work here (configuration); failure
    /// when a process, a system call or a report failed.
    package var exitClass: ExitClass {
        [.sandboxUnavailable, .invalidSandboxPolicy, .projectNotDetected].contains(code) ? .usage : .failure
    }
    /// The `errno` value of the failing system call, when there was one.
    package let errno: Int32?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: What failed and why.
    ///   - fix: What to do about it.
    ///   - errno: The `errno` of a failing system call.
    package init(_ code: Code, _ message: String, fix: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.fix = fix
        self.errno = errno
    }

    /// One line: the message, the system error text if any, and the fix.
    package var description: String {
        var text = what
        if let fix {
            text += ": \(fix)"
        }
        return text
    }
}
