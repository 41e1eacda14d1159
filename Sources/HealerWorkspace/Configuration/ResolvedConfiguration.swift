// .healer.yml with every default filled in, once: what the steps read.
import Foundation
import HealerAgents
import HealerExecution
import HealerState

/// The settings of ``Configuration`` with every default applied. Steps read this, so each
/// default lives here and nowhere else; `nil` is left only where absence means something
/// (a command to detect, a remote to discover, no memory limit, no run cap).
package struct ResolvedConfiguration: Sendable, Equatable {
    /// The build command; `nil`: detected.
    package var build: String?
    /// The test command; `nil`: detected.
    package var test: String?
    /// The sandbox for build and test commands (default `auto`).
    package var sandbox: SandboxChoice
    /// Seconds before a build or test command is killed (default 1800).
    package var timeoutSeconds: Double
    /// Memory limit for build and test commands, in MiB; `nil`: none.
    package var memoryLimitMB: Int?
    /// The remote healer syncs with; `nil`: `origin`, else the only remote.
    package var remote: String?
    /// Bounds on the loops (default 3 coding attempts, 2 verifications).
    package var limits: Run.Limits
    /// Model budget per run (default 0: unlimited).
    package var budget: Run.Budget
    /// Roles the pre-push hook runs locally on a run branch (default `[build]`).
    package var hookSteps: [String]
    /// Whether a red build in the pre-push hook blocks the push (default false).
    package var hookBlocksOnRed: Bool
    /// The configured PR/MR label; `nil`: `HEALER_LABEL`, else ``CIEvent/defaultLabel``.
    package var ciLabel: String?
    /// Whether `healer ci` keeps a summary comment on the PR/MR (default true).
    package var ciComments: Bool
    /// Whether `healer ci` opens a PR/MR for a regression branch heal pushed (default true).
    package var ciOpensReviews: Bool
    /// The model settings as written (default none).
    package var model: [String: String]
    /// What agents may edit (default: everything but `.git/`, CI configuration and hooks).
    package var editPolicy: EditPolicy
    /// How the Verifier works.
    package var verify: Verify
    /// The agents' `shell_exec` tool (default on, 120 s a command).
    package var shell: Shell

    /// `shell_exec` settings with their defaults.
    package struct Shell: Sendable, Equatable {
        /// Whether the Coding-Agent and the Test-Builder are offered `shell_exec` (default true).
        package var enabled: Bool
        /// Seconds before one command is stopped (default 120).
        package var timeoutSeconds: Double
    }

    /// Verifier settings with their defaults.
    package struct Verify: Sendable, Equatable {
        /// How many times a failure is re-run to confirm it (default 2).
        package var confirmRuns: Int
        /// The opt-out trailer (default `Healer-No-Revert`).
        package var optOutTrailer: String
        /// How many first-parent commits back heal looks for a green one (default 128).
        package var searchLimit: Int
        /// The posterior probability a culprit needs (default 0.95).
        package var confidence: Double
        /// How many commits heal tests at once (default: half the cores, 1 to 4).
        package var jobs: Int
        /// The most test runs heal spends finding the culprit; `nil`: from the bisection depth.
        package var maxRuns: Int?
    }

    /// Half the cores, 1 to 4: test commands are often parallel themselves.
    static var defaultJobs: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount / 2)) }
}

extension Configuration {
    /// These settings with every default applied.
    package var resolved: ResolvedConfiguration {
        ResolvedConfiguration(
            build: build,
            test: test,
            sandbox: sandbox.flatMap(SandboxChoice.init(rawValue:)) ?? .auto,
            timeoutSeconds: timeoutSeconds ?? 1800,
            memoryLimitMB: memoryLimitMB,
            remote: remote,
            limits: Run.Limits(coding: limits?.coding ?? 3, verification: limits?.verification ?? 2),
            budget: Run.Budget(maxTokens: budget?.maxTokens ?? 0, maxCostUSD: budget?.maxCostUSD ?? 0),
            hookSteps: hook?.localSteps ?? ["build"],
            hookBlocksOnRed: hook?.blockOnRed ?? false,
            ciLabel: ci?.label,
            ciComments: ci?.comment ?? true,
            ciOpensReviews: ci?.openReviews ?? true,
            model: model ?? [:],
            editPolicy: EditPolicy(allowCIConfig: paths?.allowCIConfig ?? false, protectedPaths: paths?.protected ?? []),
            verify: .init(
                confirmRuns: verify?.confirmRuns ?? 2,
                optOutTrailer: verify?.optOutTrailer ?? "Healer-No-Revert",
                searchLimit: verify?.searchLimit ?? 128,
                confidence: verify?.confidence ?? 0.95,
                jobs: verify?.jobs ?? ResolvedConfiguration.defaultJobs,
                maxRuns: verify?.maxRuns
            ),
            shell: .init(enabled: shell?.enabled ?? true, timeoutSeconds: shell?.timeoutSeconds ?? 120)
        )
    }
}
