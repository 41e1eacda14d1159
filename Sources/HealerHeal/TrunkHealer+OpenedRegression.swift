// A second `healer heal` on the same red commit: the branch the first one opened answers at once.
import HealerGit
import HealerWorkspace

extension TrunkHealer {
    /// The `healer/regression/*` branch an earlier heal opened on `bad`: one whose history
    /// leaves `bad` through a commit that heal wrote (a revert with `Healer-Culprit`, or a
    /// regression payload), even after others added commits on top.
    ///
    /// - Returns: the branch name and heal's commit on it, or `nil`.
    func openedRegression(on bad: ObjectID) throws(PipelineError) -> (branch: String, commit: CommitInfo)? {
        let prefix = "refs/heads/"
        for (name, tip) in try pipeline({ try repository.references(matching: prefix + "healer/regression/*") }) {
            var current = tip
            for _ in 0..<64 {
                let info = try pipeline { try repository.commit(current) }
                guard let parent = info.parents.first else { break }
                if parent == bad {
                    if Trailers(message: info.message)["Healer-Culprit"] != nil || info.message.contains("\n--- regression\n") {
                        return (String(name.dropFirst(prefix.count)), info)
                    }
                    break
                }
                current = parent
            }
        }
        return nil
    }

    /// The report for a red commit that a regression branch already heals; no test runs.
    func alreadyOpenedReport(bad: ObjectID, branch: String, commit: CommitInfo) -> HealReport {
        let trailers = Trailers(commit.message)
        let failing = trailers["Healer-Failing-Tests"].map { $0.components(separatedBy: ", ").filter { !$0.isEmpty && !$0.hasPrefix("(") } } ?? []
        return HealReport(bad: bad.hex, good: "", action: .alreadyOpened, culprit: trailers["Healer-Culprit"], failingTests: failing,
                          confirmationRuns: 0, bisectionRuns: 0, revertRuns: 0,
                          evidence: ["\(branch) was opened on \(bad.short) by an earlier heal (\(commit.id.short): \"\(commit.summary)\"); delete the branch to heal again"],
                          branch: branch, regressionCommit: commit.id.hex, sandbox: "not used")
    }
}
