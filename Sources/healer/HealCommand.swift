// `healer heal`: find the culprit of a red trunk and open a regression commit.
import ArgumentParser
import Foundation
import HealerPipeline

struct Heal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heal",
        abstract: "Find the commit that turned the tests red and open a regression commit on healer/regression/<sha>.",
        discussion: """
        Confirms the failure (reruns tell flaky from real), bisects the first-parent history between the last green \
        commit and the red one (unbuildable commits are skipped, never blamed), and reverts the culprit on its own \
        branch when the revert passes. Otherwise it opens a run to fix the regression. Never touches the trunk or \
        your checkout. Exit 0 when it reverted or found nothing to do, 1 when it could only open a regression run.
        """
    )
    @Option(help: "A commit whose tests pass (default: the newest green verdict in refs/healer/ci).") var good: String?
    @Option(help: "The red commit (default: HEAD).") var bad: String?
    @Option(help: "The test command (default: .healer.yml's `test`, else detected).") var test: String?
    @Option(help: "Extra runs of the tests on the red commit, to tell flaky from real.") var confirmRuns: Int?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let report = try workspace.heal(HealOptions(good: good, bad: bad, test: test, confirmRuns: confirmRuns)) { line in
            Terminal.note("healer: " + line)
        }
        if json {
            Terminal.json(report)
        } else {
            print(HealSummary.text(report))
        }
        if report.action == .regressionRun { throw ExitCode(1) }
    }
}

enum HealSummary {
    static func text(_ report: HealReport) -> String {
        var lines: [String] = []
        lines.append(report.headline)
        if let culprit = report.culprit { lines.append("  culprit:   \(culprit)") }
        if let range = report.culpritRange { lines.append("  range:     \(range.map { String($0.prefix(7)) }.joined(separator: " "))") }
        if !report.failingTests.isEmpty { lines.append("  failing:   \(report.failingTests.prefix(10).joined(separator: ", "))") }
        let lookBack = report.searchRuns > 0 ? "\(report.searchRuns) to look back for a green commit, " : ""
        lines.append("  test runs: \(report.confirmationRuns) to confirm, \(lookBack)\(report.bisectionRuns) to bisect, \(report.revertRuns) to check the revert")
        lines.append("  sandbox:   \(report.sandbox)")
        for line in report.evidence { lines.append("  - \(line)") }
        if let branch = report.branch, report.action == .reverted || report.action == .alreadyOpened {
            lines.append("Review it: git log -p \(report.bad.prefix(7))..\(branch)")
        }
        return lines.joined(separator: "\n")
    }
}
