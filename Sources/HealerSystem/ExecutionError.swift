// The error of running a process (and of HealerExecution's layers above it): what failed, why, and how to fix it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from running a process, choosing a sandbox, or reading a test or coverage report
/// (HealerExecution adds the codes of its sandbox and report layers).
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
        /// Whose fault a failure of this kind is: ``ExitClass/usage`` for settings or a project
        /// that cannot work here, else ``ExitClass/failure``.
        package let exitClass: ExitClass

        /// A code named `name`; each layer declares its codes as static constants.
        package init(_ name: String, exitClass: ExitClass = .failure) {
            self.name = name
            self.exitClass = exitClass
        }

        package static func == (left: Code, right: Code) -> Bool { left.name == right.name }

        package func hash(into hasher: inout Hasher) { hasher.combine(name) }

        /// The process could not be started (missing executable, bad working directory, no resources).
        package static let spawnFailed = Code("spawnFailed")
        /// A system call needed to run or watch the process failed.
        package static let systemCallFailed = Code("systemCallFailed")

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
    /// The code's class: usage when the sandbox settings or the project cannot work here
    /// (configuration); failure when a process, a system call or a report failed.
    package var exitClass: ExitClass { code.exitClass }

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
