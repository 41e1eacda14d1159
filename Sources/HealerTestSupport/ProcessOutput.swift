// Running processes from tests: a command, its environment and stdin, and what it printed.
import Foundation

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

private let launchLock = NSLock()

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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment.filter { !isAmbientCIVariable($0.key) }
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    // Foundation's Process.run is not safe to call from several threads at once on Linux
    // (it can trap with "Index out of range"), and tests start processes in parallel.
    launchLock.lock()
    do { try process.run() } catch {
        launchLock.unlock()
        return ProcessOutput(status: 127, stdout: "", stderr: "cannot start \(executable): \(error)")
    }
    launchLock.unlock()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    final class Box: @unchecked Sendable { var data = Data() }
    let errBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errBox.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return ProcessOutput(status: status, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: errBox.data, as: UTF8.self))
}
