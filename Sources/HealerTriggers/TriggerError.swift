// The one public error type of the triggers: hooks, installation and CI events.
import HealerSystem
import HealerWorkspace

/// An error from healer's triggers (the pre-push hook, `healer install`/`uninstall`, CI events):
/// what failed, why, and what to do about it, on one line.
package struct TriggerError: ActionableError, Equatable {
    /// The kind of failure, stable for callers that branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The directory is not a git work tree (or git cannot be run).
        package static let notARepository = Code(rawValue: "not-a-repository")
        /// A git command needed by the installer failed.
        package static let git = Code(rawValue: "git")
        /// A file or directory could not be read, written, moved or removed.
        package static let fileSystem = Code(rawValue: "file-system")
        /// Something is in the way that healer will not overwrite (a file it did not write).
        package static let conflict = Code(rawValue: "conflict")
        /// The install record in `.git/healer/install.yml` is unreadable.
        package static let invalidRecord = Code(rawValue: "invalid-record")
        /// Input from git or the CI system is malformed (pre-push lines, event payloads).
        package static let invalidInput = Code(rawValue: "invalid-input")
        /// A CI system's API could not be reached or refused a request.
        package static let network = Code(rawValue: "network")
        /// The code's stable name, for example `conflict`.
        package var description: String { rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// A one-line message for a person: what failed and how to fix it.
    package var message: String
    /// The lower-level error, if there was one (a ``HealerGit/GitError``, a Foundation error).
    package var underlyingDescription: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: one line saying what failed and what to do.
    ///   - underlying: the lower-level error, kept for reports.
    package init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlyingDescription = underlying.map { String(describing: $0) }
    }

    /// The message, followed by the lower-level error when it adds something.
    package var description: String {
        if let detail = underlyingDescription, !detail.isEmpty, !message.contains(detail) {
            return "\(message) (\(detail))"
        }
        return message
    }
    /// The message and the lower-level error.
    package var what: String { description }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Usage for a directory, input or record the person can fix, or something in the way;
    /// failure when git, the file system or the network failed.
    package var exitClass: ExitClass {
        [.notARepository, .conflict, .invalidRecord, .invalidInput].contains(code) ? .usage : .failure
    }
}
