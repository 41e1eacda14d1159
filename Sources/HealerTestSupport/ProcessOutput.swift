// Running processes from tests: a command, its environment and stdin, and what it printed.
import Foundation
import HealerSystem

/// What a finished process printed and returned.
package struct ProcessOutput: Sendable {
    /// The exit status (128 + signal when it was killed).
    package var status: Int32
    /// Standard output.
    package var stdout: String
    /// Standard error.
    package var stderr: String

    /// Standard output without the trailing newline.
    package var trimmed: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// The inherited variables that would make a process believe it runs in CI or talks to a model:
/// tests of healer may themselves run in GitHub Actions or GitLab CI.
func isAmbientCIVariable(_ name: String) -> Bool {
    name == "CI" || name == "GITHUB_ACTIONS" || name == "GITLAB_CI"
        || ["GITHUB_", "GITLAB_", "CI_", "HEALER_LLM_", "HEALER_PIPELINE_", "HEALER_LABEL", "HEALER_SUMMARY"].contains { name.hasPrefix($0) }
}

/// Runs `executable` with `arguments` in `directory` and waits for it. The environment is this
/// process's without CI variables (see ``isAmbientCIVariable(_:)``), plus `environment`.
package func runProcess(_ executable: String, _ arguments: [String], in directory: String,
                       environment: [String: String] = [:], stdin: String? = nil) -> ProcessOutput {
    var env = ProcessInfo.processInfo.environment.filter { !isAmbientCIVariable($0.key) }
    for (key, value) in environment { env[key] = value }
    let request = ProcessRequest(
        .argv([executable] + arguments), in: directory, environment: env, logLimitBytes: .max,
        input: Data((stdin ?? "").utf8), separateErrors: true)
    let result: ProcessResult
    do { result = try ProcessRunner.run(request) } catch {
        return ProcessOutput(status: 127, stdout: "", stderr: "cannot start \(executable): \(error)")
    }
    let status = result.exitCode ?? 128 + (result.signal ?? 0)
    return ProcessOutput(status: status, stdout: result.logText, stderr: result.errorText)
}
