// A job summary straight from a run document.
import HealerHeal
import HealerRuns
import HealerState
import HealerWorkspace

extension JobSummary {
    /// The summary of `run`: its stage history, plan, build results and request.
    ///
    /// - Parameter links: links to show (the pull request, the CI job).
    package init(run: Run, links: [(title: String, url: String)] = []) {
        self.init(
            runID: run.id,
            branch: run.branch,
            stage: run.stage.rawValue,
            history: run.history.map { (from: $0.from.rawValue, to: $0.to.rawValue, event: $0.event.rawValue) },
            planSteps: run.plan?.steps ?? [],
            results: run.builds.map(Self.line),
            request: run.request.text,
            links: links
        )
    }

    /// One line for a build result: short commit, verdict, counts, the first failing tests.
    static func line(_ build: BuildResult) -> String {
        var text = "`\(build.sha.prefix(10))` \(build.status.rawValue)"
        if let counts = build.testCounts {
            text += ": \(counts.passed) passed, \(counts.failed) failed, \(counts.skipped) skipped"
        }
        if !build.failingTests.isEmpty {
            let shown = build.failingTests.prefix(5).joined(separator: ", ")
            text += " — failing: \(shown)\(build.failingTests.count > 5 ? ", …" : "")"
        }
        if let coverage = build.coverage {
            text += " (coverage \(Int(coverage.rounded()))%)"
        }
        return text
    }
}
