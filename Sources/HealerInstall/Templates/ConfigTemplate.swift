// The commented `.healer.yml` that `healer install` writes when a repository has none.
import HealerExecution
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

/// The default configuration file, with every key explained.
package enum ConfigTemplate {
    /// Where the file goes, relative to the work tree's root.
    package static let fileName = ".healer.yml"

    /// The file's text for a repository where nothing was detected (the commands are examples).
    package static var text: String { text(detected: nil) }

    /// The file's text, showing the build and test commands detected in the repository (with
    /// `<reports>` for healer's report directory), or saying that none were.
    package static func text(detected: ProjectCommands?) -> String {
        let commands: String
        if let detected {
            commands = """
            # The commands the Build/CI Runner runs. Left out, they are detected: here \(detected.ecosystem.rawValue), so healer
            # runs the lines below (<reports> is its own report directory). Set them only to override.
            # build: \(detected.build?.description ?? "(none)")
            # test: \(detected.test.description)
            """
        } else {
            commands = """
            # The commands the Build/CI Runner runs. Left out, they are detected (SwiftPM, pytest, npm, go,
            # cargo, make); nothing was recognised in this repository, so set at least `test:`, for example:
            # build: make
            # test: make test
            """
        }
        return template.replacingOccurrences(of: "COMMANDS\n", with: commands + "\n")
    }

    /// Detects the commands of the work tree at `directory` for ``text(detected:)``.
    static func detect(directory: String) -> ProjectCommands? {
        try? ProjectDetector().detect(directory: directory, reportDirectory: "<reports>")
    }

    private static let template = #"""
# healer configuration, written by `healer install` (it is yours now: edit freely).
# Every key is optional; what is left out is detected or takes the default shown here.
# HEALER_LLM_PROVIDER, HEALER_LLM_BASE_URL, HEALER_LLM_MODEL and HEALER_LLM_API_KEY override
# the model settings; HEALER=0 turns the pre-push hook off.

COMMANDS

# Where build and test commands run: auto (bubblewrap when it works here, else a time- and
# memory-limited process, with a warning), bubblewrap (required), or none (a plain process).
sandbox: auto

hook:
  # The steps the pre-push hook runs locally when the pushed branch has a run.
  localSteps: [build]
  # Whether a red local step stops the push (false: record it and push anyway).
  blockOnRed: false

ci:
  # The pull/merge request label that makes the PR/MR a healer run.
  label: healer

model:
  # openai (any OpenAI-compatible server: OpenAI, Azure, vLLM, Ollama, llama.cpp) or anthropic.
  provider: openai
  baseURL: https://api.openai.com/v1
  model: gpt-4o-mini
  # The name of the environment variable that holds the API key (never the key itself).
  apiKeyEnv: OPENAI_API_KEY

budget:
  # Ceilings per run, checked before every model call.
  maxTokens: 200000
  maxCostUSD: 2.0

limits:
  # Red builds allowed before a run fails, and regressions allowed before it fails.
  coding: 3
  verification: 2

paths:
  # Paths the agents may not change (glob patterns); .git/ is never writable.
  protected:
    - .github/**
    - .gitlab-ci.yml
    - .gitlab-ci.healer.yml
    - .healer.yml

"""#
}
