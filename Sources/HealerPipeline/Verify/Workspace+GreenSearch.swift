// When no green commit is known: look back along the red commit's first parents, doubling the distance.
import HealerGit

extension Workspace {
    /// Tests `bad`'s first-parent ancestors at distances 1, 2, 4, 8, … (the last one tried is the
    /// oldest within `limit`) until one passes.
    ///
    /// Teams whose CI never recorded a green verdict in `refs/healer/ci` still get a culprit:
    /// 2^k commits back cost k + 1 test runs, and the last red commit seen narrows the bisection
    /// that follows. Unbuildable commits are stepped over, never taken as green.
    ///
    /// - Returns: the green commit, and the nearest-to-it red one seen (it bounds the bisection).
    /// - Throws: ``PipelineError/Code/input`` for a root commit, ``PipelineError/Code/failure``
    ///   when nothing within `limit` passes.
    func searchGreen(
        before bad: ObjectID, limit: Int, tester: CommitTester, record: (CommitTest) -> Void,
        evidence: inout [String], progress: (String) -> Void
    ) throws(PipelineError) -> (green: ObjectID, lastRed: ObjectID?) {
        var ancestors: [ObjectID] = []
        var current = bad
        while ancestors.count < limit, let parent = try pipeline({ try repository.commit(current) }).parents.first {
            ancestors.append(parent)
            current = parent
        }
        guard !ancestors.isEmpty else {
            throw PipelineError(.input, "\(bad.short) has no parent to compare with; pass --good REV")
        }
        progress("no green commit is known before \(bad.short): looking back up to \(ancestors.count) commits, doubling the distance")
        var distance = 1
        var lastRed: ObjectID?
        while true {
            let index = min(distance, ancestors.count) - 1
            let commit = ancestors[index]
            let test = try tester.test(commit)
            record(test)
            evidence.append("look back: \(bad.short)~\(index + 1) (\(commit.short)) \(test.verdict.rawValue)")
            switch test.verdict {
            case .green: return (commit, lastRed)
            case .red: lastRed = commit
            case .skip: break
            }
            if index == ancestors.count - 1 {
                throw PipelineError(.failure, "none of the \(ancestors.count) commits looked at before \(bad.short) passes its tests; pass --good REV, or raise verify.searchLimit in .healer.yml")
            }
            distance *= 2
        }
    }
}
