// Runs an extraction tool (ctags, the Swift symbol helper) and collects what it prints.
import Foundation

/// A finished tool run: its standard output, or the last line of its standard error on failure.
enum ToolProcess {
    // Foundation's Process.run is not safe to call from several threads at once on Linux.
    private static let launchLock = NSLock()

    /// Standard output of `executable ARGUMENTS` (found on `PATH` when it has no slash).
    ///
    /// - Parameter hint: what to do when the tool cannot be started or fails, for the error message.
    /// - Throws: ``RAGError/Code/tool`` when the tool cannot be started or exits non-zero.
    static func output(of executable: String, _ arguments: [String], hint: String) throws(RAGError) -> Data {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        launchLock.lock()
        do { try process.run() } catch {
            launchLock.unlock()
            throw RAGError(.tool, "cannot run \(executable): \(error.localizedDescription); \(hint)")
        }
        launchLock.unlock()
        final class Box: @unchecked Sendable { var data = Data() }
        let errors = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let status = process.terminationReason == .exit ? "exit status \(process.terminationStatus)" : "signal \(process.terminationStatus)"
            let detail = String(decoding: errors.data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? status
            throw RAGError(.tool, "\(executable) failed (\(detail)); \(hint)")
        }
        return data
    }
}
