// `healer hook pre-push`: which pushed branches carry a run. Pure; the CLI does the steps.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

/// Answers "is there a run on this branch?" for the pre-push hook.
///
/// The lead's store implements it; it must be cheap (a reference lookup, no YAML parsing), since
/// the hook asks it on every push.
package protocol RunLookup {
    /// The id of the run whose feature branch is `branch` (a short name such as
    /// `healer/0001-fix`), or `nil` when the branch has no run.
    func runID(forBranch branch: String) -> String?
}

/// A ``RunLookup`` made from a closure.
package struct ClosureRunLookup: RunLookup {
    private let lookup: (String) -> String?
    /// Creates a lookup that calls `lookup`.
    package init(_ lookup: @escaping (String) -> String?) { self.lookup = lookup }
    /// Calls the closure.
    package func runID(forBranch branch: String) -> String? { lookup(branch) }
}

/// One line git writes to a pre-push hook's stdin: `<local ref> <local sha> <remote ref> <remote sha>`.
package struct PushedReference: Sendable, Equatable {
    /// The local reference pushed (`refs/heads/x`, or `HEAD`, or `(delete)`).
    package var localRef: String
    /// The commit pushed (all zeros for a deletion).
    package var localSHA: String
    /// The reference updated on the remote.
    package var remoteRef: String
    /// What the remote had (all zeros for a new reference).
    package var remoteSHA: String

    /// Creates a pushed reference.
    package init(localRef: String, localSHA: String, remoteRef: String, remoteSHA: String) {
        self.localRef = localRef
        self.localSHA = localSHA
        self.remoteRef = remoteRef
        self.remoteSHA = remoteSHA
    }

    /// Whether the push deletes the remote reference.
    package var isDeletion: Bool { Self.isZero(localSHA) }
    /// Whether the remote reference is new.
    package var isCreation: Bool { Self.isZero(remoteSHA) }

    /// The branch names this line may belong to: the local branch, then the remote one.
    package var candidateBranches: [String] {
        var names: [String] = []
        for ref in [localRef, remoteRef] where ref.hasPrefix("refs/heads/") {
            let name = String(ref.dropFirst("refs/heads/".count))
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    static func isZero(_ sha: String) -> Bool { !sha.isEmpty && sha.allSatisfy { $0 == "0" } }
}

/// A pushed branch that has a run: the local steps run for it.
package struct PushedRun: Sendable, Equatable {
    /// The run's id.
    package var runID: String
    /// The run's branch (short name).
    package var branch: String
    /// The commit being pushed: the local steps (by default the Build/CI Runner) check this one.
    package var sha: String
    /// The remote reference it goes to.
    package var remoteRef: String

    /// Creates a pushed run.
    package init(runID: String, branch: String, sha: String, remoteRef: String) {
        self.runID = runID
        self.branch = branch
        self.sha = sha
        self.remoteRef = remoteRef
    }
}

/// What `healer hook pre-push` should do for one push: a pure value.
package struct PrePushDecision: Sendable, Equatable {
    /// The remote's name as git passed it (`origin`, or the URL for an unnamed remote).
    package var remote: String
    /// The remote's URL.
    package var url: String
    /// The pushed branches that have runs, in push order. Empty: do nothing, exit 0.
    package var runs: [PushedRun]
    /// Why nothing is to be done, when ``runs`` is empty (for `--verbose` output).
    package var reason: String?

    /// Whether the hook has nothing to do (the fast path).
    package var isNothing: Bool { runs.isEmpty }

    /// Creates a decision.
    package init(remote: String, url: String, runs: [PushedRun], reason: String? = nil) {
        self.remote = remote
        self.url = url
        self.runs = runs
        self.reason = reason
    }
}

/// The pre-push hook's decision, from git's arguments and stdin.
///
/// ```swift
/// let input = PrePushHook.readStandardInput()
/// let decision = try PrePushHook.decide(remote: remote, url: url, input: input,
///                                       environment: ProcessInfo.processInfo.environment,
///                                       lookup: store)
/// guard !decision.isNothing else { return }   // the fast path: nothing else runs
/// ```
package enum PrePushHook {
    /// The environment variable healer sets on its own pushes so that the hook does not re-enter.
    package static let guardVariable = "HEALER_IN_HOOK"

    /// The environment for git processes healer starts from inside the hook (its push of
    /// `refs/healer/*`): with the guard set, the nested pre-push hook does nothing.
    package static let nestedPushEnvironment = [guardVariable: "1"]

    /// Why the hook is off in `environment` (`HEALER=0`, or a push healer itself made), or `nil`.
    package static func disabledReason(environment: [String: String]) -> String? {
        if environment["HEALER"] == "0" { return "HEALER=0" }
        if environment[guardVariable] == "1" { return "\(guardVariable)=1: a push made by healer itself" }
        return nil
    }

    /// Parses git's pre-push stdin. Blank lines are skipped.
    ///
    /// - Throws: ``TriggerError/Code/invalidInput`` for a line without four fields.
    package static func parse(_ input: String) throws(TriggerError) -> [PushedReference] {
        var references: [PushedReference] = []
        for line in input.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty { continue }
            guard fields.count == 4 else {
                throw TriggerError(.invalidInput, "unexpected pre-push input line '\(line)'; git writes '<local ref> <local sha> <remote ref> <remote sha>'")
            }
            references.append(PushedReference(localRef: String(fields[0]), localSHA: String(fields[1]), remoteRef: String(fields[2]), remoteSHA: String(fields[3])))
        }
        return references
    }

    /// Decides which pushed branches have runs.
    ///
    /// Deletions, tags and `refs/healer/*` themselves are ignored; each branch is looked up once.
    /// When the hook is disabled by `environment` the decision is empty without any lookup.
    ///
    /// - Parameters:
    ///   - remote: git's first argument (the remote's name).
    ///   - url: git's second argument (the remote's URL).
    ///   - input: git's stdin.
    ///   - environment: the process environment (for `HEALER=0` and the guard).
    ///   - lookup: finds the run on a branch.
    /// - Throws: ``TriggerError/Code/invalidInput`` when the input is malformed.
    package static func decide(
        remote: String,
        url: String,
        input: String,
        environment: [String: String] = [:],
        lookup: some RunLookup
    ) throws(TriggerError) -> PrePushDecision {
        if let reason = disabledReason(environment: environment) {
            return PrePushDecision(remote: remote, url: url, runs: [], reason: reason)
        }
        var runs: [PushedRun] = []
        var seen: Set<String> = []
        for reference in try parse(input) where !reference.isDeletion {
            for branch in reference.candidateBranches where !seen.contains(branch) {
                seen.insert(branch)
                if let id = lookup.runID(forBranch: branch) {
                    runs.append(PushedRun(runID: id, branch: branch, sha: reference.localSHA, remoteRef: reference.remoteRef))
                    break
                }
            }
        }
        let reason = runs.isEmpty ? (seen.isEmpty ? "no branch pushed" : "no run on \(seen.sorted().joined(separator: ", "))") : nil
        return PrePushDecision(remote: remote, url: url, runs: runs, reason: reason)
    }

    /// Reads all of stdin (git closes it after the last line).
    package static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}
