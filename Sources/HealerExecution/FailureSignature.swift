// How a test command failed, in a form two runs can be compared by: exit class, failing tests, first error line.

import Foundation
import HealerSystem

/// What kind of failure a test run showed, its failing tests and its first meaningful error line.
///
/// Two runs that fail "the same way" have equal signatures (``matches(_:)``): heal uses this
/// to tell a regression (the failure appears at one commit) from a broken environment (every
/// commit fails to even collect its tests, the same way).
///
/// ```swift
/// let signature = FailureSignature.classify(result, report: report, testCommand: "python3 -m pytest")
/// if signature.kind == .setup { print("cannot run the tests here: \(signature.firstError ?? "")") }
/// ```
package struct FailureSignature: Codable, Sendable, Hashable {
    /// The exit class of a failed run.
    package enum Kind: String, Codable, Sendable, Hashable {
        /// Tests ran and some failed.
        case tests
        /// The tests could not be collected or set up: import errors during collection, usage
        /// errors, a missing dependency module, a compile error in the test set-up.
        case setup
        /// The command failed without a recognisable test summary (judged by its exit status).
        case command
        /// The command was stopped by the time or memory limit.
        case limit
    }

    /// The exit class.
    package var kind: Kind
    /// The failing test ids, sorted.
    package var failingTests: [String]
    /// The first meaningful error line of the log, trimmed, or `nil` when none was found.
    package var firstError: String?
    /// The exit status, when the command exited.
    package var exitCode: Int32?

    /// Creates a signature.
    package init(kind: Kind, failingTests: [String], firstError: String?, exitCode: Int32?) {
        self.kind = kind
        self.failingTests = failingTests.sorted()
        self.firstError = firstError
        self.exitCode = exitCode
    }

    /// Whether `other` is the same failure: the same class, the same failing tests and the same
    /// first error line once paths, numbers and addresses are taken out.
    package func matches(_ other: FailureSignature) -> Bool {
        kind == other.kind && failingTests == other.failingTests
            && firstError.map(Self.normalized) == other.firstError.map(Self.normalized)
    }

    /// Whether `other` is the same failure: when both name failing tests, they share one (runners
    /// that run tests in parallel print them in another order each time); else the same first error
    /// line once paths, numbers and addresses are taken out.
    package func hasSameFirstError(as other: FailureSignature) -> Bool {
        if !failingTests.isEmpty, !other.failingTests.isEmpty { return !Set(failingTests).isDisjoint(with: other.failingTests) }
        return firstError.map(Self.normalized) == other.firstError.map(Self.normalized)
    }

    /// Classifies a finished run.
    ///
    /// - Parameters:
    ///   - result: How the command ended.
    ///   - report: The tests read from reports or the log (`total == 0` when none were found).
    ///   - testCommand: The command line, to read runner-specific exit statuses (pytest's 2–5).
    /// - Returns: The signature; for a passing run, kind `tests` with no failing tests.
    package static func classify(_ result: ProcessResult, report: TestReport, testCommand: String) -> FailureSignature {
        let lines = logLines(result.logText)
        let firstError = FailureExcerpt.lines(lines, limit: 1).first
        if result.timedOut || result.memoryLimitExceeded {
            return FailureSignature(kind: .limit, failingTests: [], firstError: firstError, exitCode: result.exitCode)
        }
        let kind: Kind
        if isSetupFailure(lines: lines, exitCode: result.exitCode, testCommand: testCommand, testsRan: report.total > 0) {
            kind = .setup
        } else if report.total > 0 || !report.failingTests.isEmpty {
            kind = .tests
        } else {
            kind = .command
        }
        return FailureSignature(kind: kind, failingTests: report.failingTests, firstError: firstError, exitCode: result.exitCode)
    }

    /// Marks of a run that never got to its tests, by ecosystem.
    static let setupMarks = [
        // pytest and unittest
        "ImportError while importing test module", "error during collection", "errors during collection",
        "ERROR collecting", "Failed to import test module", "ERROR: file or directory not found", "ERROR: not found:",
        "usage: pytest", "usage: python -m pytest", "no tests ran", "INTERNALERROR",
        // go
        "cannot find module providing package", "no required module provides package", "missing go.sum entry",
        "[setup failed]", "module lookup disabled by GOPROXY", "go: updates to go.mod needed",
        // node
        "Cannot find module", "ERR_MODULE_NOT_FOUND",
        // cargo
        "failed to get `", "no matching package named", "failed to load source for dependency",
        // swift
        "error: Dependencies could not be resolved", "could not find module",
    ]

    /// Marks that mean a dependency is missing, whatever test counts the log seems to carry
    /// (`go test` reports a package that cannot load as `FAIL pkg [setup failed]`).
    static let missingDependencyMarks = [
        "cannot find module providing package", "no required module provides package", "missing go.sum entry",
        "[setup failed]", "module lookup disabled by GOPROXY", "ERR_MODULE_NOT_FOUND",
    ]

    static func isSetupFailure(lines: [String], exitCode: Int32?, testCommand: String, testsRan: Bool) -> Bool {
        guard let exitCode, exitCode != 0 else { return false }
        if testCommand.contains("pytest"), (2...5).contains(exitCode) { return true }
        if lines.contains(where: { line in missingDependencyMarks.contains { line.contains($0) } }) { return true }
        if testsRan, exitCode == 1 { return false }
        return lines.contains { line in setupMarks.contains { line.contains($0) } }
    }

    static func logLines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { LogSummary.stripANSI(String($0)).trimmingCharacters(in: .whitespaces) }
    }

    /// The line with what varies from run to run taken out: absolute paths, numbers, hex addresses.
    static func normalized(_ line: String) -> String {
        var text = line.replacing(#/(/[^\s:'"]+)+/#, with: "<path>")
        text = text.replacing(#/0x[0-9a-fA-F]+/#, with: "<addr>")
        text = text.replacing(#/\d+(\.\d+)?/#, with: "#")
        return text
    }
}

/// The first meaningful lines of a failed command's log: the failing assertion, the import or
/// build error, the test that failed — what a person reads first.
package enum FailureExcerpt {
    /// Patterns of meaningful lines, most telling first.
    static let marks: [String] = [
        "ModuleNotFoundError", "ImportError", "SyntaxError", "cannot find module", "no required module provides",
        "Cannot find module", "missing go.sum entry", "error:", "Error:", "panic:", "Traceback", "AssertionError",
        "Fatal error", "FAIL:", "--- FAIL", "✘", "FAILED", "failed", "ERROR",
    ]

    /// Up to `limit` meaningful lines of `log`, in log order, each at most 200 characters.
    ///
    /// pytest's `E   ` lines (the assertion and its explanation) come first when present; else the
    /// lines with error marks; else the last non-empty lines.
    package static func lines(_ log: String, limit: Int = 3) -> [String] {
        lines(FailureSignature.logLines(log), limit: limit)
    }

    static func lines(_ lines: [String], limit: Int) -> [String] {
        let nonEmpty = lines.filter { !$0.isEmpty && !$0.allSatisfy { "=-_*".contains($0) } }
        let assertions = nonEmpty.filter { $0.hasPrefix("E ") && $0.count > 2 }
        var chosen: [String] = []
        if let first = assertions.first { chosen.append(first) }
        // A missing dependency says more than the FAIL line that follows it.
        let missing = FailureSignature.missingDependencyMarks.filter { $0 != "[setup failed]" } + ["No module named"]
        if let line = nonEmpty.first(where: { line in missing.contains { line.contains($0) } }), !chosen.contains(line) { chosen.append(line) }
        for line in nonEmpty where chosen.count < limit && !chosen.contains(line) {
            if marks.contains(where: { line.contains($0) }), !isNoise(line) { chosen.append(line) }
        }
        if chosen.isEmpty { chosen = Array(nonEmpty.suffix(limit)) }
        return chosen.prefix(limit).map { $0.count > 200 ? String($0.prefix(197)) + "..." : $0 }
    }

    /// Lines that carry an error word but say nothing: summaries and counters.
    static func isNoise(_ line: String) -> Bool {
        line.hasPrefix("FAILED (") || line.contains(" passed") && line.contains(" failed") || line.hasPrefix("short test summary")
            || line.hasPrefix("error: fatalError") || line.hasPrefix("exit status")
    }
}
