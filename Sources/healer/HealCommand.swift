// `healer heal`: find the culprit of a red trunk and open a regression commit.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerTriggers
import HealerWorkspace

struct Heal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heal",
        abstract: "Find the commit that turned the tests red and open a regression commit on healer/regression/<sha>.",
        discussion: """
        Confirms the failure (reruns tell flaky from real), searches the first-parent history between the last green \
        commit and the red one with flake-aware bisection (results are evidence; reruns near the boundary until the \
        culprit reaches verify.confidence; unbuildable commits are skipped, never blamed), and reverts the culprit on \
        its own branch when the revert passes. Otherwise it opens a run to fix the regression. Never touches the \
        trunk or your checkout. Exit 0 when it reverted or found nothing to do, 1 when it could only open a \
        regression run or name a suspect, 2 for bad input or tests that cannot run in this environment.
        """
    )
    @Option(help: "A commit whose tests pass (default: the newest green verdict in refs/healer/ci).") var good: String?
    @Option(help: "The red commit (default: HEAD).") var bad: String?
    @Option(help: "The test command (default: .healer.yml's `test`, else detected).") var test: String?
    @Option(help: "Extra runs of the tests on the red commit, to tell flaky from real.") var confirmRuns: Int?
    @Option(help: "How many commits to test at once, each in its own worktree (default: verify.jobs).") var jobs: Int?
    @Flag(help: "Show the tail of the log of every failed build or test command.") var verbose = false
    @Flag(help: "Print one JSON document (also on errors).") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let options = HealOptions(good: good, bad: bad, test: test, confirmRuns: confirmRuns, jobs: jobs, verbose: verbose)
        let report = try TrunkHealer(workspace).heal(options) { line in
            Terminal.note("healer: " + line)
        }
        if json {
            Terminal.json(report)
        } else {
            print(HealSummary.text(report))
        }
        if report.action == .regressionRun || report.action == .suspect { throw ExitCode(1) }
    }
}

enum HealSummary {
    static func text(_ report: HealReport) -> String {
        var lines: [String] = []
        lines.append(report.headline)
        if let culprit = report.culprit {
            lines.append("  culprit:   \(culprit)" + (report.confidence.map { String(format: " (probability %.3f)", $0) } ?? ""))
        }
        if let suspect = report.suspect { lines.append("  suspect:   \(suspect)") }
        if let excerpt = report.failureExcerpt, !excerpt.isEmpty { lines.append("  failure:   \(excerpt.joined(separator: "\n             "))") }
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
