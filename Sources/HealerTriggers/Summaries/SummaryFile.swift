// Where a CI job's Markdown summary goes: GitHub's step summary, or a file GitLab keeps as an artifact.
import Foundation
import HealerHeal
import HealerRuns

/// The file a job summary is appended to.
///
/// In order: `GITHUB_STEP_SUMMARY` (GitHub Actions renders it on the run page), then
/// `HEALER_SUMMARY_FILE` (any CI), then, in GitLab CI, `healer-summary.md` in `CI_PROJECT_DIR`,
/// which healer's GitLab template keeps as an artifact (`expose_as`, shown on the merge request).
package enum SummaryFile {
    /// The file name used in GitLab CI when `HEALER_SUMMARY_FILE` is not set.
    package static let gitlabName = "healer-summary.md"

    /// The path to append to in `environment`, or `nil` when there is none (a local run).
    package static func path(environment: [String: String]) -> String? {
        if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty { return path }
        if let path = environment["HEALER_SUMMARY_FILE"], !path.isEmpty { return path }
        if environment["GITLAB_CI"] == "true" {
            let directory = environment["CI_PROJECT_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.currentDirectoryPath
            return directory + "/" + gitlabName
        }
        return nil
    }

    /// Appends `markdown` (and a blank line) to the summary file of `environment`.
    ///
    /// - Returns: the path written, or `nil` when the environment names no summary file.
    /// - Throws: ``TriggerError/Code/fileSystem`` when the file cannot be written.
    @discardableResult
    package static func append(_ markdown: String, environment: [String: String]) throws(TriggerError) -> String? {
        guard let path = path(environment: environment) else { return nil }
        try StepOutputs.append(markdown.hasSuffix("\n") ? markdown + "\n" : markdown + "\n\n", toFileAt: path)
        return path
    }
}
