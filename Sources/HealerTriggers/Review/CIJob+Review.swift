// What `healer ci` says on the PR/MR: the run's comment, and a PR/MR for a regression branch.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

extension CIJob {
    /// Keeps the run's comment on its PR/MR current; a failure is a warning, never the job's end.
    func comment(run: String, markdown: String, environment: [String: String], progress: @Sendable (String) -> Void) async {
        guard configuration.resolved.ciComments else { return }
        let payload = environment["GITHUB_EVENT_PATH"].flatMap { FileManager.default.contents(atPath: $0) }
        guard let number = ReviewThread.number(environment: environment, payload: payload) else { return }
        guard let api = ReviewAPI.detect(environment: environment) else {
            progress("no API token to comment on the pull/merge request with; the summary is in the job only")
            return
        }
        let name = "\(api.provider == .github ? "#" : "!")\(number)"
        do {
            let outcome = try await ReviewCommenter(api: api, number: number).upsert(run: run, body: markdown)
            progress("\(outcome.rawValue) the run's comment on \(name)")
        } catch {
            progress("warning: cannot comment on \(name): \(error.message)")
        }
    }

    /// Opens a PR/MR for the branch heal pushed (the tested revert, or the regression commit
    /// and its run), so the fix is one review away; returns its address. Failures are warnings.
    func propose(_ report: HealReport, base: String, environment: [String: String], progress: @Sendable (String) -> Void) async -> String? {
        guard configuration.resolved.ciOpensReviews, let branch = report.branch,
              [.reverted, .regressionRun, .alreadyOpened].contains(report.action) else { return nil }
        guard let api = ReviewAPI.detect(environment: environment) else {
            progress("no API token to open a \(environment["GITLAB_CI"] == "true" ? "merge" : "pull") request with; \(branch) is pushed, open one by hand")
            return nil
        }
        let culprit = report.culprit.map { String($0.prefix(7)) } ?? "an unidentified commit"
        let subject = report.culprit.flatMap { try? repository.commit(repository.resolve($0)).summary } ?? ""
        let title = report.action == .regressionRun
            ? "Fix the regression from \(culprit)\(subject.isEmpty ? "" : ": \(subject)")"
            : "Revert \(culprit)\(subject.isEmpty ? "" : ": \"\(subject)\"") (it turned \(base) red)"
        do {
            let outcome = try await ReviewRequestOpener(api: api).open(branch: branch, base: base, title: String(title.prefix(200)),
                                                                       body: HealJobSummary(report: report).markdown)
            progress("\(outcome.created ? "opened" : "found the open") \(api.reviewName) for \(branch)\(outcome.url.map { ": \($0)" } ?? "")")
            return outcome.url
        } catch {
            progress("warning: cannot open a \(api.reviewName) for \(branch): \(error.message)")
            return nil
        }
    }
}
