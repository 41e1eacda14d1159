// The template each CI system gets from `healer install --ci`, and what the person does next.
import HealerTriggers

extension CIProvider {
    /// Where `healer install --ci` puts the template, relative to the work tree's root.
    package var templateDestination: String {
        switch self {
        case .github: ".github/workflows/healer.yml"
        case .gitlab: ".gitlab-ci.healer.yml"
        }
    }

    /// The template's text (the file under `ci-templates/` in healer's repository).
    package var templateText: String {
        switch self {
        case .github: Self.githubTemplate
        case .gitlab: Self.gitlabTemplate
        }
    }

    /// What the person still has to do after the template is in place.
    package var instruction: String {
        switch self {
        case .github:
            "commit .github/workflows/healer.yml; pin `healer-dev/healer@…` to the healer commit you build from, "
                + "name the workflow to heal in `workflow_run.workflows`, and add the secret HEALER_LLM_API_KEY (docs/github.md)"
        case .gitlab:
            "add `include: [{local: .gitlab-ci.healer.yml}]` to .gitlab-ci.yml, commit both, and add a masked "
                + "CI/CD variable HEALER_GITLAB_TOKEN holding a project access token with write_repository (docs/gitlab.md)"
        }
    }
}
