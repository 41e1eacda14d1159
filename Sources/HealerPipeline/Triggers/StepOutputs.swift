// Step outputs for GitHub Actions: `key=value` lines in $GITHUB_OUTPUT, multiline-safe.
import Foundation

/// Writes GitHub Actions step outputs (`run-id`, `stage`, ...) to the file named by
/// `GITHUB_OUTPUT`. Values with line breaks use the `key<<DELIMITER` form with a delimiter that
/// does not occur in the value.
public enum StepOutputs {
    /// The outputs healer's action declares, for one run.
    public static func forRun(id: String, stage: String) -> [(key: String, value: String)] {
        [(key: "run-id", value: id), (key: "stage", value: stage)]
    }

    /// Formats outputs as the text to append to `$GITHUB_OUTPUT`.
    ///
    /// - Parameter delimiter: makes a fresh delimiter (tests pass a fixed one); one that occurs
    ///   in the value is never used.
    /// - Throws: ``TriggerError/Code/invalidInput`` for an empty key or one with `=`, `<<` or a line break.
    public static func format(
        _ outputs: [(key: String, value: String)],
        delimiter: () -> String = { "ghadelimiter_\(UUID().uuidString)" }
    ) throws(TriggerError) -> String {
        var text = ""
        for (key, value) in outputs {
            guard !key.isEmpty, !key.contains("="), !key.contains("<<"), !key.contains(where: \.isNewline) else {
                throw TriggerError(.invalidInput, "step output name '\(key)' is not usable; use letters, digits, '-' and '_'")
            }
            if value.contains(where: \.isNewline) {
                var marker = delimiter()
                var attempts = 0
                while value.contains(marker) || marker.isEmpty {
                    attempts += 1
                    marker = "ghadelimiter_\(UUID().uuidString)_\(attempts)"
                }
                text += "\(key)<<\(marker)\n\(value)\n\(marker)\n"
            } else {
                text += "\(key)=\(value)\n"
            }
        }
        return text
    }

    /// Appends `outputs` to the file named by `GITHUB_OUTPUT`.
    ///
    /// - Returns: whether there was such a file (outside GitHub Actions there is not).
    /// - Throws: ``TriggerError`` for a bad key or a file that cannot be written.
    @discardableResult
    public static func write(_ outputs: [(key: String, value: String)], environment: [String: String]) throws(TriggerError) -> Bool {
        guard let path = environment["GITHUB_OUTPUT"], !path.isEmpty else { return false }
        try append(try format(outputs), toFileAt: path)
        return true
    }

    /// Appends `text` to the file at `path`, creating it if needed.
    static func append(_ text: String, toFileAt path: String) throws(TriggerError) {
        do {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw TriggerError(.fileSystem, "cannot append to '\(path)'; check the file the CI system named", underlying: error)
        }
    }
}
