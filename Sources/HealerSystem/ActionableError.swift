// The one error shape every module's errors conform to: what failed, how to fix it, and its exit class.

/// Whose fault a failure is, and so the process's exit status (DESIGN.md: 1 a step ran and failed,
/// 2 bad usage, input or configuration).
package enum ExitClass: Sendable, Equatable {
    /// Bad usage, input or configuration; nothing was changed. Exit status 2.
    case usage
    /// A step ran and failed (a build, a model call, a dead remote, the network). Exit status 1.
    case failure

    /// The process exit status for this class.
    package var exitStatus: Int32 {
        switch self {
        case .usage: return 2
        case .failure: return 1
        }
    }
}

/// An error a person can act on: one line that says what failed, an optional line that says how
/// to fix it, and whose fault it was.
///
/// The command-line front end maps every error to an exit status through ``exitClass`` in one
/// place; modules never choose exit statuses themselves.
package protocol ActionableError: Error, Sendable, CustomStringConvertible {
    /// What failed, in one line.
    var what: String { get }
    /// How to fix it, when there is something to say beyond ``what``.
    var fix: String? { get }
    /// Whose fault it was.
    var exitClass: ExitClass { get }
}

extension ActionableError {
    /// ``what``, then ``fix`` when there is one.
    package var oneLine: String {
        guard let fix, !fix.isEmpty, !what.contains(fix) else { return what }
        return what + " (" + fix + ")"
    }
}
