// The CI event that started a job, read from the environment (and GitHub's event payload). Pure.
import Foundation
import HealerHeal
import HealerRuns
import HealerWorkspace

/// The CI event a `healer ci` job runs for, and what to do about it.
///
/// Reads GitHub Actions (`GITHUB_ACTIONS=true`, `GITHUB_EVENT_NAME`, the `GITHUB_EVENT_PATH`
/// payload, `GITHUB_REF`, `GITHUB_SHA`) or GitLab CI (`GITLAB_CI=true`, `CI_PIPELINE_SOURCE`,
/// `CI_MERGE_REQUEST_*`, `CI_COMMIT_BRANCH`, `CI_DEFAULT_BRANCH`, `CI_JOB_STATUS`).
///
/// `HEALER_PIPELINE_STATUS=failed` is the explicit input the templates set on jobs that only
/// run after a failure (GitLab's `when: on_failure`, a GitHub step with `if: failure()`).
///
/// ```swift
/// let env = ProcessInfo.processInfo.environment
/// guard let event = try CIEvent.detect(environment: env, configuredLabel: config.resolved.ciLabel) else {
///     throw ... // not in CI
/// }
/// switch event.action { case .createOrAdvanceRun(...): ...; case .verify(...): ...; case .nothing(let why): print(why) }
/// ```
package struct CIEvent: Sendable, Equatable {
    /// The CI system.
    package var provider: CIProvider
    /// GitHub's event name (`pull_request`, `workflow_run`, `push`, ...) or GitLab's pipeline
    /// source (`merge_request_event`, `push`, ...).
    package var name: String
    /// The repository's default branch, when the event says.
    package var defaultBranch: String?
    /// The label that makes a PR/MR a healer run.
    package var label: String
    /// What to do.
    package var action: CIAction

    /// Creates an event.
    package init(provider: CIProvider, name: String, defaultBranch: String?, label: String, action: CIAction) {
        self.provider = provider
        self.name = name
        self.defaultBranch = defaultBranch
        self.label = label
        self.action = action
    }

    /// The label used when neither `HEALER_LABEL` nor the configuration names one.
    package static let defaultLabel = "healer"

    /// The label in effect: `HEALER_LABEL` from the environment (the templates set it), then the
    /// configuration's `ci.label`, then ``defaultLabel``.
    package static func label(environment: [String: String], configured: String?) -> String {
        if let value = environment["HEALER_LABEL"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        if let configured, !configured.isEmpty { return configured }
        return defaultLabel
    }

    /// Whether a job reported that the pipeline failed (`HEALER_PIPELINE_STATUS=failed`, or
    /// GitLab's `CI_JOB_STATUS=failed` in an `after_script`).
    static func pipelineFailed(_ environment: [String: String]) -> Bool {
        environment["HEALER_PIPELINE_STATUS"] == "failed" || environment["CI_JOB_STATUS"] == "failed"
    }

    /// Reads the event from `environment`; `payload` is GitHub's event JSON.
    ///
    /// - Returns: the event, or `nil` when the environment is neither GitHub Actions nor GitLab CI.
    /// - Throws: ``TriggerError/Code/invalidInput`` when GitHub's payload is missing or not JSON.
    package static func detect(environment: [String: String], payload: Data?, configuredLabel: String? = nil) throws(TriggerError) -> CIEvent? {
        let label = label(environment: environment, configured: configuredLabel)
        if environment["GITHUB_ACTIONS"] == "true" {
            return try github(environment: environment, payload: payload, label: label)
        }
        if environment["GITLAB_CI"] == "true" {
            return gitlab(environment: environment, label: label)
        }
        return nil
    }

    /// Reads the event from `environment`, loading GitHub's payload from `GITHUB_EVENT_PATH`.
    ///
    /// - Throws: ``TriggerError/Code/invalidInput`` when the payload file cannot be read or parsed.
    package static func detect(environment: [String: String], configuredLabel: String? = nil) throws(TriggerError) -> CIEvent? {
        var payload: Data?
        if environment["GITHUB_ACTIONS"] == "true", let path = environment["GITHUB_EVENT_PATH"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TriggerError(.invalidInput, "cannot read the GitHub event payload at GITHUB_EVENT_PATH='\(path)'; run healer ci inside a GitHub Actions job")
            }
            payload = data
        }
        return try detect(environment: environment, payload: payload, configuredLabel: configuredLabel)
    }
}
