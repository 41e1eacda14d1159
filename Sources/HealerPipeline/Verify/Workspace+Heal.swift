// `healer heal`: confirm a red trunk, bisect to the culprit, and open a regression commit.
import Foundation
import HealerExecution
import HealerGit
import HealerState
import HealerStore

/// Settings for one `healer heal`.
public struct HealOptions: Sendable {
    /// The last known green commit (default: the newest green verdict in refs/healer/ci).
    public var good: String?
    /// The red commit (default: `HEAD`).
    public var bad: String?
    /// The test command (default: .healer.yml's, else detected).
    public var test: String?
    /// Extra runs of the tests on the bad commit to tell real from flaky failures.
    public var confirmRuns: Int?

    /// Creates options.
    public init(good: String? = nil, bad: String? = nil, test: String? = nil, confirmRuns: Int? = nil) {
        self.good = good
        self.bad = bad
        self.test = test
        self.confirmRuns = confirmRuns
    }
}

extension Workspace {
    /// Finds the commit that turned the trunk red and opens a regression commit on
    /// `healer/regression/<culprit>`: a tested revert when one is safe, else a commit
    /// carrying the regression plus a new run to fix it. Never touches the trunk or the
    /// user's checkout.
    public func heal(_ options: HealOptions, progress: @escaping (String) -> Void) throws(PipelineError) -> HealReport {
        let bad = try pipeline { try repository.resolve(options.bad ?? "HEAD") }
        if options.bad == nil, let directory = repository.workDirectory,
           let changes = try? GitCommand(directory: directory).run(["status", "--porcelain", "--untracked-files=no"]),
           changes.status == 0, !changes.stdout.isEmpty {
            progress("note: your uncommitted changes are not tested; heal tests commits, starting from HEAD (\(bad.short))")
        }
        if let (branch, commit) = try openedRegression(on: bad) {
            progress("\(branch) already heals \(bad.short); nothing tested")
            return alreadyOpenedReport(bad: bad, branch: branch, commit: commit)
        }
        let verdicts = VerdictLog(repository: repository)
        var known: ObjectID?
        if let text = options.good {
            let good = try pipeline { try repository.resolve(text) }
            guard try pipeline({ try repository.isAncestor(good, of: bad) }), good != bad else {
                throw PipelineError(.input, "--good \(good.short) is not an ancestor of --bad \(bad.short); pick a green commit from the red commit's history")
            }
            known = good
        } else if let green = try pipeline({ try verdicts.lastGreen(before: bad, command: options.test) }), green != bad,
                  try pipeline({ try repository.isAncestor(green, of: bad) }) {
            known = green
            progress("last green commit from refs/healer/ci: \(green.short)")
        }
        let tester = try CommitTester(repository: repository, name: "heal", configuration: configuration, testOverride: options.test, progress: progress)
        var report = HealReport(bad: bad.hex, good: known?.hex ?? "", action: .alreadyGreen, failingTests: [], confirmationRuns: 0,
                                bisectionRuns: 0, revertRuns: 0, evidence: [], sandbox: tester.sandboxSummary)
        func record(_ test: CommitTest) {
            let entry = VerdictEntry(status: test.verdict.rawValue, by: "heal", at: Timestamp.now(), failing: test.result.failingTests.isEmpty ? nil : test.result.failingTests,
                                     command: options.test)
            try? verdicts.append(entry, on: test.commit)
        }

        // 1. Confirm: the bad commit fails, every time.
        progress("confirming that \(bad.short) fails")
        let first = try tester.test(bad)
        if let unrunnable = first.unrunnable {
            throw PipelineError(.input, "on \(bad.short), \(unrunnable); \(UnrunnableCommand.fix(for: unrunnable))")
        }
        record(first)
        report.confirmationRuns = 1
        switch first.verdict {
        case .green:
            report.evidence.append("\(bad.short) passes its tests: nothing to heal")
            return report
        case .skip:
            throw PipelineError(.failure, "\(bad.short) cannot be built or tested (\(first.result.interruption ?? "skipped")); fix the build first")
        case .red:
            break
        }
        report.failingTests = first.result.failingTests
        let badLog = first.log
        report.evidence.append("\(bad.short) fails" + (first.result.failingTests.isEmpty ? "" : ": \(first.result.failingTests.prefix(5).joined(separator: ", "))"))
        for rerun in 0..<max(0, options.confirmRuns ?? configuration.verify?.confirmRuns ?? 2) {
            let again = try tester.test(bad)
            record(again)
            report.confirmationRuns += 1
            if again.verdict == .green {
                report.action = .flaky
                report.evidence.append("rerun \(rerun + 1) of \(bad.short) passed: the failure is flaky, nobody is blamed")
                return report
            }
        }
        report.evidence.append("\(bad.short) failed \(report.confirmationRuns) of \(report.confirmationRuns) runs")

        // 2. Without a known green commit, look back for one; then bisect along the first-parent chain.
        var lastRed: ObjectID?
        let good: ObjectID
        if let known {
            good = known
        } else {
            let limit = max(1, configuration.verify?.searchLimit ?? 128)
            let before = tester.testRuns
            let found = try searchGreen(before: bad, limit: limit, tester: tester, record: record, evidence: &report.evidence, progress: progress)
            report.searchRuns = tester.testRuns - before
            good = found.green
            lastRed = found.lastRed
            report.good = good.hex
        }
        let chain = try pipeline { try repository.commits(from: good, to: bad, firstParentOnly: true) }.map(\.hex)
        var bisection = Bisection(commits: chain)
        if let lastRed, let index = chain.firstIndex(of: lastRed.hex) { bisection.record(index, verdict: .red) }
        let before = tester.testRuns
        while let index = bisection.next() {
            let commit = try pipeline { try repository.resolve(chain[index]) }
            let test = try tester.test(commit)
            record(test)
            bisection.record(index, verdict: test.verdict)
            report.evidence.append("bisect: \(commit.short) \(test.verdict.rawValue)")
        }
        report.bisectionRuns = tester.testRuns - before
        let culpritText: String
        switch bisection.outcome {
        case .range(let commits):
            report.culpritRange = commits
            report.evidence.append("skipped commits hide the culprit: it is one of \(commits.map { String($0.prefix(7)) }.joined(separator: ", "))")
            return try openRegressionRun(report: &report, culprit: nil, bad: bad, log: badLog, why: "unbuildable commits hide the culprit")
        case .culprit(let commit):
            culpritText = commit
        }
        let culprit = try pipeline { try repository.resolve(culpritText) }
        report.culprit = culprit.hex
        let culpritInfo = try pipeline { try repository.commit(culprit) }

        // 3. Evidence: red on the culprit, green on its parent.
        guard let parent = culpritInfo.parents.first else {
            throw PipelineError(.failure, "culprit \(culprit.short) has no parent; cannot verify it")
        }
        // A trusted good end (--good, a verdict in refs/healer/ci) is measured here before anyone is blamed.
        let parentVerdict = parent == good && known == nil ? .green : chain.firstIndex(of: parent.hex).flatMap { bisection.verdicts[$0] }
        if parentVerdict != .green {
            let test = try tester.test(parent)
            record(test)
            report.bisectionRuns += 1
            if parent == good, let known, test.verdict == .red {
                let source = options.good != nil ? "--good \(known.short)" : "the last green verdict in refs/healer/ci, \(known.short),"
                throw PipelineError(.input, "\(source) fails its tests here too, so \(culprit.short) cannot be blamed; pass an older green commit with --good, or leave --good out and heal looks back for one")
            }
            if test.verdict != .green {
                report.evidence.append("the culprit's parent \(parent.short) is \(test.verdict.rawValue) too: not blaming \(culprit.short)")
                return try openRegressionRun(report: &report, culprit: nil, bad: bad, log: badLog, why: "the failure also shows on \(parent.short)")
            }
        }
        report.evidence.append("\(culprit.short) fails and its parent \(parent.short) passes: \(culprit.short) is the culprit (\"\(culpritInfo.summary)\")")

        // 4. Safety: an opt-out trailer, a branch already opened.
        let branch = "healer/regression/\(culprit.short)"
        if try pipeline({ try repository.reference("refs/heads/" + branch) }) != nil {
            report.action = .alreadyOpened
            report.branch = branch
            report.evidence.append("\(branch) exists already")
            return report
        }
        let trailer = configuration.verify?.optOutTrailer ?? "Healer-No-Revert"
        if Self.hasTrailer(trailer, in: culpritInfo.message) {
            report.evidence.append("\(culprit.short) carries '\(trailer): true': not reverted")
            return try openRegressionRun(report: &report, culprit: culprit, bad: bad, log: badLog, why: "the culprit opts out with \(trailer)")
        }

        // 5. Revert on top of the bad commit, and prove that it passes.
        guard let tree = try pipeline({ try repository.revertTree(of: culprit, onto: bad) }) else {
            report.evidence.append("reverting \(culprit.short) on \(bad.short) conflicts")
            return try openRegressionRun(report: &report, culprit: culprit, bad: bad, log: badLog, why: "the revert conflicts")
        }
        let message = """
        Revert "\(culpritInfo.summary)"

        This reverts commit \(culprit.hex), which broke the tests on \(bad.short).
        healer heal bisected \(chain.count) commits with \(report.bisectionRuns) test runs after \(report.confirmationRuns) confirmation runs.

        Healer-Culprit: \(culprit.hex)
        Healer-Failing-Tests: \(report.failingTests.isEmpty ? "(the test command failed)" : report.failingTests.prefix(20).joined(separator: ", "))
        Healer-Evidence: red on \(culprit.short), green on \(parent.short), red \(report.confirmationRuns)/\(report.confirmationRuns) on \(bad.short)

        """
        let revert = try pipeline { try repository.createCommit(tree: tree, parents: [bad], message: message) }
        let check = try tester.test(revert)
        record(check)
        report.revertRuns = 1
        guard check.verdict == .green else {
            report.evidence.append("the revert \(revert.short) does not pass (\(check.verdict.rawValue))")
            return try openRegressionRun(report: &report, culprit: culprit, bad: bad, log: badLog, why: "the revert does not make the tests pass")
        }
        try pipeline { try repository.setBranch(branch, to: revert, expected: nil) }
        report.evidence.append("the revert \(revert.short) passes")
        report.action = .reverted
        report.branch = branch
        report.regressionCommit = revert.hex
        return report
    }

    /// Opens the payload regression commit and a run whose request is to fix the regression.
    private func openRegressionRun(report: inout HealReport, culprit: ObjectID?, bad: ObjectID, log: Data, why: String) throws(PipelineError) -> HealReport {
        let name = culprit?.short ?? String(report.culpritRange?.first?.prefix(7) ?? Substring(bad.short))
        let branch = "healer/regression/\(name)"
        if try pipeline({ try repository.reference("refs/heads/" + branch) }) != nil {
            report.action = .alreadyOpened
            report.branch = branch
            return report
        }
        let excerpt = String(String(decoding: log, as: UTF8.self).suffix(4000))
        let regression = Regression(log: excerpt, failingTests: report.failingTests, culprit: culprit?.hex,
                                    culpritRange: report.culpritRange, evidence: report.evidence)
        let badInfo = try pipeline { try repository.commit(bad) }
        let subject = culprit.map { "Regression from \($0.short): \(why)" } ?? "Regression before \(bad.short): \(why)"
        let message = subject + "\n\n" + "--- regression\n" + regressionYAML(regression) + "...\n\n"
            + (culprit.map { "Healer-Culprit: \($0.hex)\n" } ?? "") + "Healer-Failing-Tests: \(report.failingTests.prefix(20).joined(separator: ", "))\n"
        let commit = try pipeline { try repository.createCommit(tree: badInfo.tree, parents: [bad], message: message) }
        try pipeline { try repository.setBranch(branch, to: commit, expected: nil) }
        let text = "Fix the regression " + (culprit.map { "introduced by \($0.short)" } ?? "before \(bad.short)")
            + (report.failingTests.isEmpty ? "" : ": failing \(report.failingTests.prefix(5).joined(separator: ", "))") + " (\(why))"
        let run = try label(branch: branch, text: text, source: Run.Source(kind: .regression, reference: culprit?.hex ?? bad.hex),
                            regression: regression, actor: "verifier")
        report.action = .regressionRun
        report.branch = branch
        report.regressionCommit = commit.hex
        report.run = run.id
        report.whyNotReverted = why
        return report
    }

    private func regressionYAML(_ regression: Regression) -> String {
        var copy = regression
        copy.log = String(regression.log.suffix(1500))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return ((try? encoder.encode(copy)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    static func hasTrailer(_ key: String, in message: String) -> Bool {
        message.split(separator: "\n").contains { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 && parts[0].trimmingCharacters(in: .whitespaces).caseInsensitiveCompare(key) == .orderedSame
                && ["true", "yes", "1"].contains(parts[1].trimmingCharacters(in: .whitespaces).lowercased())
        }
    }
}
