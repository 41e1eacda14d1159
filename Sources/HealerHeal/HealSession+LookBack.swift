// When no green commit is known: look back along the red commit's first parents, doubling the distance.
import Foundation
import HealerExecution
import HealerGit
import HealerState
import HealerWorkspace

extension HealSession {
    /// Tests `bad`'s first-parent ancestors at distances 1, 2, 4, 8, … (the last one tried is the
    /// oldest within the search limit) until one passes.
    ///
    /// Teams whose CI never recorded a green verdict in `refs/healer/ci` still get a culprit:
    /// 2^k commits back cost k + 1 test runs. Unbuildable commits are stepped over, never taken
    /// as green; every red one is evidence for the search that follows.
    ///
    /// - Returns: the green commit, and the look-back results (commit, verdict) for the search.
    /// - Throws: input errors for a root commit, a shallow clone, or a set-up failure that repeats
    ///   (the environment, not a commit); failure when nothing within the limit passes.
    func lookBack(from bad: ObjectID) throws(PipelineError) -> (green: ObjectID, seen: [(ObjectID, Verdict)]) {
        let ancestors = try firstParents(of: bad, limit: settings.searchLimit)
        guard !ancestors.isEmpty else {
            throw PipelineError(.usage, "\(bad.short) has no parent to compare with; pass --good REV")
        }
        progress("no green commit is known before \(bad.short): looking back up to \(ancestors.count) commits, doubling the distance")
        var distance = 1
        var seen: [(ObjectID, Verdict)] = []
        var previousSetup: FailureSignature?
        while true {
            let index = min(distance, ancestors.count) - 1
            let commit = ancestors[index]
            var test = try self.test([commit])[0]
            try refuseBrokenEnvironment(test, bad: bad)
            var judgement = judge(test)
            // The oldest commit is the last chance: a flaky suite gets two more tries there.
            var tries = 1
            while judgement != .green, index == ancestors.count - 1, suiteFlaky || judgement == .inconclusive, tries < 3 {
                tries += 1
                test = try self.test([commit])[0]
                judgement = judge(test)
            }
            report.evidence.append("look back: \(bad.short)~\(index + 1) (\(commit.short)) \(judgement.rawValue)"
                                   + (judgement == .green ? "" : Self.quote(Array(test.excerpt.prefix(1)))))
            if judgement == .green { return (commit, seen) }
            if let verdict = judgement.verdict { seen.append((commit, verdict)) }
            if let signature = test.signature, signature.kind == .setup {
                if let previousSetup, previousSetup.matches(signature) {
                    throw PipelineError(.usage, "commits before \(bad.short) cannot run their tests here, the same way each time "
                                        + "(\(signature.firstError ?? "no error line")); pass --good REV with a commit that runs, or \(EnvironmentAdvice.fix(for: signature.firstError ?? ""))")
                }
                previousSetup = signature
            } else {
                previousSetup = nil
            }
            if index == ancestors.count - 1 {
                let shallow = ancestors.count < settings.searchLimit && repository.isShallow
                throw PipelineError(shallow ? .usage : .failure, "none of the \(ancestors.count) commits looked at before \(bad.short) passes its tests; "
                                    + (shallow ? "this clone is shallow: `git fetch --unshallow` (or --deepen=N), or pass --good REV"
                                              : "pass --good REV, or raise verify.searchLimit in .healer.yml"))
            }
            distance *= 2
        }
    }

    /// Up to `limit` first-parent ancestors of `commit`, nearest first; stops at a root commit or
    /// at the edge of a shallow clone.
    func firstParents(of commit: ObjectID, limit: Int) throws(PipelineError) -> [ObjectID] {
        var ancestors: [ObjectID] = []
        var current = commit
        while ancestors.count < limit, let parent = try pipeline({ try repository.commit(current) }).parents.first {
            guard repository.hasObject(parent) else { break }  // the edge of a shallow clone
            ancestors.append(parent)
            current = parent
        }
        return ancestors
    }
}
