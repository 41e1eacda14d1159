// Heal's last phase: honour the opt-out, revert the culprit on its own branch and prove the revert passes.
import Foundation
import HealerGit
import HealerState
import HealerWorkspace

extension HealSession {
    /// Reverts `culprit` on top of `bad` on `healer/regression/<culprit>` when the revert passes;
    /// else opens a regression commit and a run to fix it.
    func heal(culprit: ObjectID, bad: ObjectID, chainLength: Int) throws(PipelineError) -> HealReport {
        let info = try pipeline { try repository.commit(culprit) }
        let branch = "healer/regression/\(culprit.short)"
        if try pipeline({ try repository.reference("refs/heads/" + branch) }) != nil {
            report.action = .alreadyOpened
            report.branch = branch
            report.evidence.append("\(branch) exists already")
            return report
        }
        if Trailers(info.message).isSet(settings.optOutTrailer) {
            report.evidence.append("\(culprit.short) carries '\(settings.optOutTrailer): true': not reverted")
            return try openRegressionRun(culprit: culprit, bad: bad, why: "the culprit opts out with \(settings.optOutTrailer)")
        }
        guard let tree = try pipeline({ try repository.revertTree(of: culprit, onto: bad) }) else {
            report.evidence.append("reverting \(culprit.short) on \(bad.short) conflicts")
            return try openRegressionRun(culprit: culprit, bad: bad, why: "the revert conflicts")
        }
        let parent = info.parents.first.map(\.short) ?? "its parent"
        let confidence = report.confidence.map { String(format: "%.3f", $0) } ?? "1"
        let message = """
        Revert "\(info.summary)"

        This reverts commit \(culprit.hex), which broke the tests on \(bad.short).
        healer heal searched the \(chainLength) commits after \(report.good.prefix(7)) with \(report.searchRuns + report.bisectionRuns) test runs \
        (\(report.searchRuns) looking back, \(report.bisectionRuns) bisecting) after \(report.confirmationRuns) confirmation runs.

        Healer-Culprit: \(culprit.hex)
        Healer-Failing-Tests: \(report.failingTests.isEmpty ? "(the test command failed)" : report.failingTests.prefix(20).joined(separator: ", "))
        Healer-Evidence: red on \(culprit.short), green on \(parent), red \(report.confirmationRuns)/\(report.confirmationRuns) on \(bad.short)
        Healer-Confidence: \(confidence)

        """
        let revert = try pipeline { try repository.createCommit(tree: tree, parents: [bad], message: message) }
        // A flaky suite, or a run that fails another way, gets up to three tries: a green run means the failure is gone.
        var tries = (report.flakeProbability ?? 0) > 0.5 ? 3 : 1
        var passed = false
        while tries > 0, !passed {
            tries -= 1
            let check = try test([revert])[0]
            report.revertRuns += 1
            let judgement = judge(check)
            passed = judgement == .green
            if judgement == .inconclusive, report.revertRuns < 3 { tries = max(tries, 1) }
            if !passed { report.evidence.append("the revert \(revert.short) does not pass (\(judgement.rawValue))" + Self.quote(Array(check.excerpt.prefix(1)))) }
        }
        guard passed else {
            return try openRegressionRun(culprit: culprit, bad: bad, why: "the revert does not make the tests pass")
        }
        try pipeline { try repository.setBranch(branch, to: revert, expected: nil) }
        report.evidence.append("the revert \(revert.short) passes")
        report.action = .reverted
        report.branch = branch
        report.regressionCommit = revert.hex
        return report
    }

    /// Opens the payload regression commit and a run whose request is to fix the regression.
    func openRegressionRun(culprit: ObjectID?, bad: ObjectID, why: String) throws(PipelineError) -> HealReport {
        let name = culprit?.short ?? String(report.culpritRange?.first?.prefix(7) ?? Substring(bad.short))
        let branch = "healer/regression/\(name)"
        if try pipeline({ try repository.reference("refs/heads/" + branch) }) != nil {
            report.action = .alreadyOpened
            report.branch = branch
            return report
        }
        let excerpt = String(String(decoding: badLog, as: UTF8.self).suffix(4000))
        let regression = Regression(log: excerpt, failingTests: report.failingTests, culprit: culprit?.hex,
                                    culpritRange: report.culpritRange, evidence: report.evidence)
        let badInfo = try pipeline { try repository.commit(bad) }
        let subject = culprit.map { "Regression from \($0.short): \(why)" } ?? "Regression before \(bad.short): \(why)"
        let message = subject + "\n\n" + "--- regression\n" + Self.regressionYAML(regression) + "...\n\n"
            + (culprit.map { "Healer-Culprit: \($0.hex)\n" } ?? "") + "Healer-Failing-Tests: \(report.failingTests.prefix(20).joined(separator: ", "))\n"
        let commit = try pipeline { try repository.createCommit(tree: badInfo.tree, parents: [bad], message: message) }
        try pipeline { try repository.setBranch(branch, to: commit, expected: nil) }
        let text = "Fix the regression " + (culprit.map { "introduced by \($0.short)" } ?? "before \(bad.short)")
            + (report.failingTests.isEmpty ? "" : ": failing \(report.failingTests.prefix(5).joined(separator: ", "))") + " (\(why))"
        let run = try workspace.label(branch: branch, text: text, source: Run.Source(kind: .regression, reference: culprit?.hex ?? bad.hex),
                                      regression: regression, actor: "verifier")
        report.action = .regressionRun
        report.branch = branch
        report.regressionCommit = commit.hex
        report.run = run.id
        report.whyNotReverted = why
        return report
    }

    static func regressionYAML(_ regression: Regression) -> String {
        var copy = regression
        copy.log = String(regression.log.suffix(1500))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return ((try? encoder.encode(copy)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}
