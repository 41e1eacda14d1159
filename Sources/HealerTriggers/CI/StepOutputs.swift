// Step outputs for GitHub Actions: `key=value` lines in $GITHUB_OUTPUT, multiline-safe.
import Foundation
import HealerHeal
import HealerRuns
import HealerState
import HealerWorkspace

/// Writes GitHub Actions step outputs (`run-id`, `stage`, ...) to the file named by
/// `GITHUB_OUTPUT`. Values with line breaks use the `key<<DELIMITER` form with a delimiter that
/// does not occur in the value.
package enum StepOutputs {
    /// The outputs healer's action declares, for one run.
    package static func forRun(id: String, stage: Stage) -> [(key: String, value: String)] {
        [(key: "run-id", value: id), (key: "stage", value: stage.rawValue)]
    }

    /// Formats outputs as the text to append to `$GITHUB_OUTPUT`.
    ///
    /// - Parameter delimiter: makes a fresh delimiter (tests pass a fixed one); one that occurs
    ///   in the value is never used.
    /// - Throws: ``TriggerError/Code/invalidInput`` for an empty key or one with `=`, `<<` or a line break.
    package static func format(
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

    /// The dotenv file healer's GitLab template declares as `artifacts:reports:dotenv`, in `CI_PROJECT_DIR`.
    package static let gitlabDotenvName = "healer.env"

    /// Appends `outputs` to the file named by `GITHUB_OUTPUT`; in GitLab CI, to `healer.env` in
    /// `CI_PROJECT_DIR` as `HEALER_RUN_ID=…`, `HEALER_STAGE=…` (a dotenv report: later jobs get
    /// them as variables).
    ///
    /// - Returns: whether there was such a file (outside CI there is not).
    /// - Throws: ``TriggerError`` for a bad key or a file that cannot be written.
    @discardableResult
    package static func write(_ outputs: [(key: String, value: String)], environment: [String: String]) throws(TriggerError) -> Bool {
        if let path = environment["GITHUB_OUTPUT"], !path.isEmpty {
            try append(try format(outputs), toFileAt: path)
            return true
        }
        if environment["GITLAB_CI"] == "true", let directory = environment["CI_PROJECT_DIR"], !directory.isEmpty {
            try append(try dotenv(outputs), toFileAt: directory + "/" + gitlabDotenvName)
            return true
        }
        return false
    }

    /// Formats outputs as dotenv lines: `run-id` becomes `HEALER_RUN_ID`; line breaks become spaces
    /// (dotenv reports hold one line per variable).
    package static func dotenv(_ outputs: [(key: String, value: String)]) throws(TriggerError) -> String {
        var text = ""
        for (key, value) in outputs {
            let name = "HEALER_" + key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            guard !key.isEmpty, name.allSatisfy({ $0.isASCII }) else {
                throw TriggerError(.invalidInput, "step output name '\(key)' is not usable; use letters, digits, '-' and '_'")
            }
            text += "\(name)=\(value.map { $0.isNewline ? " " : $0 }.reduce(into: "") { $0.append($1) })\n"
        }
        return text
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
