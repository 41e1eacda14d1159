// GitLab CI events: labelled merge requests and failed default-branch pipelines.
import HealerHeal
import HealerRuns
import HealerWorkspace

extension CIEvent {
    static func gitlab(environment env: [String: String], label: String) -> CIEvent {
        let source = env["CI_PIPELINE_SOURCE"] ?? ""
        let defaultBranch = env["CI_DEFAULT_BRANCH"].flatMap { $0.isEmpty ? nil : $0 }
        func event(_ action: CIAction) -> CIEvent {
            CIEvent(provider: .gitlab, name: source, defaultBranch: defaultBranch, label: label, action: action)
        }

        if source == "merge_request_event" || env["CI_MERGE_REQUEST_IID"] != nil {
            let iid = env["CI_MERGE_REQUEST_IID"] ?? ""
            let number = iid.isEmpty ? "the merge request" : "!\(iid)"
            let labels = (env["CI_MERGE_REQUEST_LABELS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard labels.contains(label) else {
                return event(.nothing(reason: "merge request \(number) does not carry the label '\(label)'"))
            }
            if let source = env["CI_MERGE_REQUEST_SOURCE_PROJECT_ID"], let target = env["CI_MERGE_REQUEST_PROJECT_ID"], source != target {
                return event(.nothing(reason: "merge request \(number) comes from a fork; healer cannot push to it"))
            }
            guard let branch = env["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"], !branch.isEmpty else {
                return event(.nothing(reason: "merge request \(number) names no source branch (CI_MERGE_REQUEST_SOURCE_BRANCH_NAME)"))
            }
            let url = env["CI_MERGE_REQUEST_PROJECT_URL"].map { "\($0)/-/merge_requests/\(iid)" }
            return event(.createOrAdvanceRun(
                branch: branch,
                title: env["CI_MERGE_REQUEST_TITLE"] ?? "",
                body: env["CI_MERGE_REQUEST_DESCRIPTION"] ?? "",
                reference: url ?? number
            ))
        }

        guard let branch = env["CI_COMMIT_BRANCH"], !branch.isEmpty else {
            return event(.nothing(reason: "the \(source.isEmpty ? "" : source + " ")pipeline is not on a branch"))
        }
        guard branch == defaultBranch else {
            return event(.nothing(reason: "the pipeline runs on '\(branch)', not on the default branch '\(defaultBranch ?? "?")'"))
        }
        guard pipelineFailed(env) else {
            return event(.nothing(reason: "the pipeline on '\(branch)' has not failed (the healer-heal job sets HEALER_PIPELINE_STATUS=failed and runs when: on_failure)"))
        }
        return event(.verify(branch: branch, sha: env["CI_COMMIT_SHA"] ?? ""))
    }
}
