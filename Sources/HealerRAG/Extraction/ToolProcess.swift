// Runs an extraction tool (ctags, the Swift symbol helper) and collects what it prints.
import Foundation
import HealerSystem

/// A finished tool run: its standard output, or the last line of its standard error on failure.
enum ToolProcess {
    /// Standard output of `executable ARGUMENTS` (found on `PATH` when it has no slash).
    ///
    /// - Parameter hint: what to do when the tool cannot be started or fails, for the error message.
    /// - Throws: ``RAGError/Code/tool`` when the tool cannot be started or exits non-zero.
    static func output(of executable: String, _ arguments: [String], hint: String) throws(RAGError) -> Data {
        let request = ProcessRequest(
            .argv([executable] + arguments), in: FileManager.default.currentDirectoryPath,
            logLimitBytes: .max, separateErrors: true)
        let result: ProcessResult
        do { result = try ProcessRunner.run(request) } catch {
            throw RAGError(.tool, "cannot run \(executable): \(error.message); \(hint)")
        }
        guard result.exitCode == 0 else {
            let status = result.exitCode.map { "exit status \($0)" } ?? "signal \(result.signal ?? 0)"
            let detail = result.errorText.split(separator: "\n").last.map(String.init) ?? status
            throw RAGError(.tool, "\(executable) failed (\(detail)); \(hint)")
        }
        return result.log
    }
}
