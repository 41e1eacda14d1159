// The Markdown summary of a `healer heal` in CI: what was found, the test runs spent, the branch. Pure.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

/// A job summary for the Verifier's outcome on a red trunk, with a Mermaid flowchart of its
/// steps (confirm, bisect, check the revert) and the outcome highlighted.
package struct HealJobSummary: Sendable, Equatable {
    /// What heal reported.
    package var report: HealReport
    /// The pull/merge request opened for the branch, if any.
    package var reviewURL: String?

    /// Creates the summary of `report`.
    package init(report: HealReport) {
        self.report = report
    }

    /// The Mermaid diagram (without the code fence).
    package var mermaid: String {
        var lines = ["flowchart LR"]
        lines.append("    confirm[\"confirm red: \(report.confirmationRuns) test run\(report.confirmationRuns == 1 ? "" : "s")\"]")
        var last = "confirm"
        if report.searchRuns > 0 {
            lines.append("    search[\"look back for green: \(report.searchRuns) test run\(report.searchRuns == 1 ? "" : "s")\"]")
            lines.append("    \(last) --> search")
            last = "search"
        }
        if report.bisectionRuns > 0 || report.culprit != nil || report.culpritRange != nil {
            let found = report.culprit.map { "culprit \($0.prefix(7))" } ?? (report.culpritRange != nil ? "culprit in a range" : "no culprit")
            lines.append("    bisect[\"bisect: \(report.bisectionRuns) test runs, \(found)\"]")
            lines.append("    \(last) --> bisect")
            last = "bisect"
        }
        if report.revertRuns > 0 {
            lines.append("    revert[\"revert checked: \(report.revertRuns) test run\(report.revertRuns == 1 ? "" : "s")\"]")
            lines.append("    \(last) --> revert")
            last = "revert"
        }
        lines.append("    outcome([\"\(report.action.rawValue)\"])")
        lines.append("    \(last) --> outcome")
        let good: Bool = report.action != .regressionRun
        lines.append("    classDef good fill:#dcfce7,stroke:#15803d,stroke-width:3px,font-weight:bold")
        lines.append("    classDef bad fill:#fecaca,stroke:#b91c1c,stroke-width:3px,font-weight:bold")
        lines.append("    class outcome \(good ? "good" : "bad")")
        return lines.joined(separator: "\n")
    }

    /// The whole summary.
    package var markdown: String {
        var out = "## healer heal: \(report.action.rawValue)\n\n"
        out += JobSummary.oneLine(report.headline) + "\n\n"
        var facts = ["**Red commit:** `\(report.bad.prefix(10))`", "**Last green:** `\(report.good.prefix(10))`"]
        if let culprit = report.culprit { facts.append("**Culprit:** `\(culprit.prefix(10))`") }
        if let branch = report.branch { facts.append("**Branch:** `\(branch)`") }
        if let run = report.run { facts.append("**Run:** `\(run)`") }
        out += facts.joined(separator: " · ") + "\n\n"
        out += "```mermaid\n\(mermaid)\n```\n"
        if let range = report.culpritRange, !range.isEmpty {
            out += "\nThe culprit is one of: " + range.map { "`\($0.prefix(10))`" }.joined(separator: ", ") + " (skipped commits hid it).\n"
        }
        if !report.failingTests.isEmpty {
            out += "\n### Failing tests\n\n"
            for test in report.failingTests.prefix(20) { out += "- `\(JobSummary.oneLine(test))`\n" }
            if report.failingTests.count > 20 { out += "- … and \(report.failingTests.count - 20) more\n" }
        }
        if !report.evidence.isEmpty {
            out += "\n### Evidence\n\n"
            for line in report.evidence { out += "- \(JobSummary.oneLine(line))\n" }
        }
        if let reviewURL {
            out += "\nReview it: \(reviewURL)\n"
        } else if let branch = report.branch, report.action == .reverted {
            out += "\nReview the revert: `git log -p \(report.bad.prefix(10))..\(branch)`\n"
        }
        out += "\nTests ran in the \(report.sandbox) sandbox.\n"
        return out
    }

    /// Appends the summary to the job's summary file (see ``SummaryFile``).
    ///
    /// - Returns: whether there was such a file to write.
    @discardableResult
    package func append(environment: [String: String]) throws(TriggerError) -> Bool {
        try SummaryFile.append(markdown, environment: environment) != nil
    }
}
