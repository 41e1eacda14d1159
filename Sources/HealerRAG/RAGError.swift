// The one public error type of the retrieval layer.
import Foundation
import HealerGit
import HealerSystem

/// An error from the RAG service: what failed, why, and what to do about it.
///
/// SQLite failures keep SQLite's result code and message, and the statement that failed, so a
/// report can name the exact cause.
package struct RAGError: ActionableError, Equatable {
    /// The kind of failure, stable for callers that branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The git layer failed (no repository, unknown revision, missing blob).
        package static let git = Code(rawValue: "git")
        /// The SQLite index failed (open, schema, query, write).
        package static let database = Code(rawValue: "database")
        /// The revision has not been indexed yet.
        package static let notIndexed = Code(rawValue: "not-indexed")
        /// A chunk id is malformed or unknown.
        package static let unknownChunk = Code(rawValue: "unknown-chunk")
        /// A regular expression does not compile.
        package static let invalidRegex = Code(rawValue: "invalid-regex")
        /// A request argument is invalid (empty query, k out of range).
        package static let invalidArgument = Code(rawValue: "invalid-argument")
        /// An external tool (universal-ctags) failed.
        package static let tool = Code(rawValue: "tool")
        /// The embeddings endpoint failed or answered with something unusable.
        package static let embeddings = Code(rawValue: "embeddings")
        /// The REST server could not start.
        package static let server = Code(rawValue: "server")
        /// The code's stable name (`not-indexed`).
        package var description: String { rawValue }
    }

    /// The kind of failure.
    package var code: Code
    /// A one-line message for a person: what failed and how to fix it.
    package var message: String
    /// SQLite's extended result code, when the failure came from SQLite.
    package var sqliteCode: Int32?
    /// The SQL statement that failed, when there was one.
    package var statement: String?
    /// For a ``Code/git`` error, the git error's class: an unknown revision or an unborn HEAD
    /// is the caller's to fix (usage), a broken object store is a failure.
    var gitExitClass: ExitClass?

    /// Creates an error.
    package init(_ code: Code, _ message: String, sqliteCode: Int32? = nil, statement: String? = nil) {
        self.code = code
        self.message = message
        self.sqliteCode = sqliteCode
        self.statement = statement
    }

    /// The git layer's `error`, keeping whether it is the caller's to fix.
    init(git error: GitError) {
        self.init(.git, error.description)
        gitExitClass = error.exitClass
    }

    /// The message, with SQLite's code and the failing statement when there are some.
    package var description: String {
        var text = message
        if let sqliteCode { text += " (sqlite code \(sqliteCode))" }
        if let statement { text += " in `\(statement.prefix(120))`" }
        return text
    }
    /// The message with SQLite's code and statement.
    package var what: String { description }
    /// `nil`: the message says what to do.
    package var fix: String? { nil }
    /// Usage for a request that cannot be answered as asked (a bad pattern, an unknown chunk, a
    /// bad argument, a revision not indexed, an unknown revision, no commit yet); failure when git,
    /// SQLite, a tool or a server failed.
    package var exitClass: ExitClass {
        if code == .git, let gitExitClass { return gitExitClass }
        return [.invalidRegex, .unknownChunk, .invalidArgument, .notIndexed].contains(code) ? .usage : .failure
    }
}
