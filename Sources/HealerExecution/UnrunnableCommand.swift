// Telling a command that could not start (its program or test runner is missing) from one that ran and failed.
import Foundation
import HealerSystem

/// Reads a finished command's exit status and log for signs that it never got to run its tests.
///
/// A missing program or test runner fails like a red test suite (a non-zero exit), but it says
/// nothing about the commit under test: blaming a commit for it would revert an innocent change.
/// These signs are recognised:
///
/// - exit 127 from the shell: the program was not found (`sh: 1: pytest: not found`);
/// - exit 126 from the shell: the program cannot be executed (permissions, a directory);
/// - Python's own `python3: No module named pytest` for `python3 -m MODULE` (exit 1), which
///   differs from an import failing inside a test (`ModuleNotFoundError: No module named 'x'`);
/// - Go's `module lookup disabled by GOPROXY=off`: a dependency missing from the module cache
///   (heal's sandbox sets `GOPROXY=off`; see ``WorktreeIsolation``), quoted as the reason.
package enum UnrunnableCommand {
    /// Why the command could not run, as one line quoted from its log; `nil` when it ran.
    ///
    /// - Parameter result: How the command ended.
    package static func reason(_ result: ProcessResult) -> String? {
        guard !result.timedOut, let exitCode = result.exitCode, exitCode != 0 else { return nil }
        let tail = lastLines(of: result)
        switch exitCode {
        case 126, 127:
            let fallback = exitCode == 127 ? "command not found (exit 127)" : "command cannot be executed (exit 126)"
            return tail.last(where: { $0.contains("not found") || $0.contains("ermission denied") || $0.contains("Is a directory") }) ?? fallback
        default:
            return missingGoModule(in: result) ?? tail.last(where: isMissingPythonModule)
        }
    }

    /// What to do about `reason`: the install command for a missing Python module, else a general fix.
    package static func fix(for reason: String) -> String {
        if let range = reason.range(of: ": No module named ") {
            let module = reason[range.upperBound...].prefix { !$0.isWhitespace && $0 != "(" }
            return "install it where healer runs (`python3 -m pip install \(module)`), or set `test:` in .healer.yml (or pass --test CMD)"
        }
        if reason.contains(goModuleMarker) {
            return "the module is not in the Go module cache and the sandbox has no network: run `go mod download`"
                + " (or `go mod vendor`) in your checkout, then run healer again"
        }
        return "install what it needs where healer runs, or set `test:`/`build:` in .healer.yml (or pass --test CMD)"
    }

    /// Whether `line` is the interpreter's complaint about `-m MODULE`: `…/python3.11: No module named pytest`.
    static func isMissingPythonModule(_ line: String) -> Bool {
        guard let range = line.range(of: ": No module named ") else { return false }
        let program = line[..<range.lowerBound].split(separator: "/").last ?? ""
        let module = line[range.upperBound...]
        return program.hasPrefix("python") && !module.isEmpty && !module.contains("'") && !module.contains(" ")
    }

    /// What Go prints for a module it would have to download while `GOPROXY=off`.
    package static let goModuleMarker = "module lookup disabled by GOPROXY=off"

    /// The first line of the log's last 4 KiB that names a Go module missing from the module
    /// cache (`m_test.go:2:20: module lookup disabled by GOPROXY=off`), or `nil`.
    ///
    /// `go test` may print a `FAIL pkg [setup failed]` line beside it that a log reader counts
    /// as a failing test, so check this before trusting the test counts.
    ///
    /// - Parameter result: How the command ended.
    package static func missingGoModule(in result: ProcessResult) -> String? {
        let text = String(decoding: result.log.suffix(4096), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).first { $0.contains(goModuleMarker) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The last non-empty lines of the log (at most 4 KiB of it), trimmed.
    private static func lastLines(of result: ProcessResult) -> [String] {
        let text = String(decoding: result.log.suffix(4096), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return Array(lines.suffix(8))
    }
}
