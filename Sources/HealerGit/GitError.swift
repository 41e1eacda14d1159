// The one public error type of the git layer.
import CLibGit2
import HealerSystem

/// An error from the git layer: what failed, why, and what to do about it.
///
/// Errors coming from libgit2 keep its return code and message in ``libgit2Code`` and
/// ``libgit2Message`` so that a report can name the exact cause.
package struct GitError: ActionableError, Equatable {
    /// The kind of failure, stable for callers that branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The path is not inside a git repository.
        package static let notARepository = Code(rawValue: "not-a-repository")
        /// A revision, reference, path or object does not exist.
        package static let notFound = Code(rawValue: "not-found")
        /// A compare-and-swap reference update lost the race: the reference moved.
        package static let referenceModified = Code(rawValue: "reference-modified")
        /// The object to create already exists (a branch, a reference, a note).
        package static let alreadyExists = Code(rawValue: "already-exists")
        /// A patch does not apply to the files it names.
        package static let patchDoesNotApply = Code(rawValue: "patch-does-not-apply")
        /// A patch is malformed or touches a path it may not touch.
        package static let invalidPatch = Code(rawValue: "invalid-patch")
        /// A reference is locked by another writer.
        package static let locked = Code(rawValue: "locked")
        /// The git executable failed or is missing.
        package static let command = Code(rawValue: "command")
        /// Any other libgit2 failure.
        package static let libgit2 = Code(rawValue: "libgit2")
        package var description: String { rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// A one-line message for a person: what failed and how to fix it.
    package var message: String
    /// libgit2's return code, when the failure came from libgit2.
    package var libgit2Code: Int32?
    /// libgit2's own message (`git_error_last`), when there was one.
    package var libgit2Message: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, libgit2Code: Int32? = nil, libgit2Message: String? = nil) {
        self.code = code
        self.message = message
        self.libgit2Code = libgit2Code
        self.libgit2Message = libgit2Message
    }

    package var description: String {
        if let detail = libgit2Message, !detail.isEmpty, !message.contains(detail) {
            return "\(message) (libgit2: \(detail))"
        }
        return message
    }

    /// The message with libgit2's own words when they add something.
    package var what: String { description }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Usage for a repository, revision or patch the caller named wrongly; failure for the rest
    /// (a lost race, a lock, the git executable, libgit2 itself).
    package var exitClass: ExitClass {
        [.notARepository, .notFound, .invalidPatch, .alreadyExists].contains(code) ? .usage : .failure
    }

    /// Builds an error from a libgit2 return code, reading `git_error_last`.
    static func libgit2(_ result: Int32, _ what: @autoclosure () -> String) -> GitError {
        let detail: String? = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } }
        let code: Code
        switch result {
        case GIT_ENOTFOUND.rawValue: code = .notFound
        case GIT_EMODIFIED.rawValue: code = .referenceModified
        case GIT_EEXISTS.rawValue: code = .alreadyExists
        case GIT_EAPPLYFAIL.rawValue: code = .patchDoesNotApply
        case GIT_ELOCKED.rawValue: code = .locked
        default: code = .libgit2
        }
        return GitError(code, what(), libgit2Code: result, libgit2Message: detail)
    }
}

/// Calls a libgit2 function and throws a ``GitError`` when it returns a negative code.
@inline(__always)
func check(_ result: Int32, _ what: @autoclosure () -> String) throws(GitError) {
    if result < 0 { throw GitError.libgit2(result, what()) }
}
