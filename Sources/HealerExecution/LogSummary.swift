// Test counts from the summary lines that pytest, swift-testing, XCTest, go test and cargo print.

import Foundation

/// Reads test counts and failing test ids from a test command's log when no report file exists.
///
/// Recognised: pytest's `2 failed, 2 passed, 1 skipped in 0.1s` and `FAILED path::test` lines
/// (ids as pytest's node ids); swift-testing's `Test run with N tests ... passed|failed` with its
/// `✘ Test X failed` and `Test X skipped` lines; XCTest's last `Executed N tests, with M failures`
/// and `Test Case 'X' failed` lines (ids as `Module.Class/test`, the module read from the error
/// line's `Tests/<Module>/` path); go's `--- FAIL: TestX/sub` / `--- PASS` / `--- SKIP` lines
/// attributed to the `FAIL pkg` line that follows (a test whose failing subtests are listed is
/// left out); cargo's `test result: ok. N passed; M failed; K ignored`
/// lines (summed over test binaries) and `test name ... FAILED`.
package enum LogSummary {
    /// A test runner whose summary lines are recognised.
    package enum Framework: String, Sendable, Hashable, CaseIterable {
        /// pytest.
        case pytest
        /// Swift Testing.
        case swiftTesting
        /// XCTest.
        case xctest
        /// `go test`.
        case go
        /// `cargo test`.
        case cargo
        /// Python's `unittest` (`python3 -m unittest`).
        case unittest
    }

    /// Parses every recognised runner's summary out of a log.
    ///
    /// - Parameter log: The combined output of a test command.
    /// - Returns: One report per runner whose summary was found, each with source ``TestReport/Source/log``.
    package static func parse(_ log: String) -> [Framework: TestReport] {
        var reports: [Framework: TestReport] = [:]
        let lines = log.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            stripANSI(String($0))
        }
        if let report = pytest(lines) { reports[.pytest] = report }
        if let report = swiftTesting(lines) { reports[.swiftTesting] = report }
        if let report = xctest(lines) { reports[.xctest] = report }
        if let report = go(lines) { reports[.go] = report }
        if let report = cargo(lines) { reports[.cargo] = report }
        if let report = unittest(lines) { reports[.unittest] = report }
        return reports
    }

    // MARK: pytest

    static func pytest(_ lines: [String]) -> TestReport? {
        let summary = #/^=*\s*((?:\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)(?:, )?)+) in [\d.]+s/#
        let piece = #/(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)/#
        guard let summaryLine = lines.last(where: { (try? summary.firstMatch(in: $0)) != nil }),
            let match = try? summary.firstMatch(in: summaryLine)
        else { return nil }
        var report = TestReport(source: .log)
        for part in String(match.1).matches(of: piece) {
            let count = Int(part.1) ?? 0
            switch part.2 {
            case "passed", "xpassed": report.passed += count
            case "failed": report.failed += count
            case "skipped", "xfailed": report.skipped += count
            default: report.errors += count
            }
        }
        for line in lines {
            if let id = pytestFailingNodeID(line) { appendFailing(id, to: &report) }
        }
        return report
    }

    /// The node id of a `FAILED nodeid - message` or `ERROR nodeid` line, as written: parameter
    /// ids in brackets may hold spaces, brackets, `::` and ` - ` (`test_x[a b-1]`, `test_x[x[y]-2]`).
    static func pytestFailingNodeID(_ line: String) -> String? {
        let rest: Substring
        if line.hasPrefix("FAILED ") {
            rest = line.dropFirst("FAILED ".count)
        } else if line.hasPrefix("ERROR ") {
            rest = line.dropFirst("ERROR ".count)
        } else {
            return nil
        }
        let plainEnd = rest.range(of: " - ")?.lowerBound ?? rest.endIndex
        var end = plainEnd
        if let open = rest.firstIndex(of: "["), open < plainEnd {
            // The bracketed parameter id ends where its brackets balance.
            var depth = 0
            var index = open
            while index < rest.endIndex {
                if rest[index] == "[" { depth += 1 } else if rest[index] == "]" { depth -= 1 }
                if depth == 0 { break }
                index = rest.index(after: index)
            }
            end = index < rest.endIndex ? rest.index(after: index) : plainEnd
        }
        let id = String(rest[..<end])
        guard id.contains("::") || id.hasSuffix(".py"), !id.contains(" ") || id.contains("[") else { return nil }
        return id
    }

    // MARK: Swift Testing

    static func swiftTesting(_ lines: [String]) -> TestReport? {
        let run = #/Test run with (\d+) tests?(?: in \d+ suites?)? (passed|failed)/#
        let failed = #/^\S+ Test (.+?) failed after /#
        let skipped = #/^\S+ Test (.+?) skipped/#
        guard let runLine = lines.last(where: { (try? run.firstMatch(in: $0)) != nil }),
            let match = try? run.firstMatch(in: runLine)
        else { return nil }
        var report = TestReport(source: .log)
        for line in lines where !line.contains("Test run with") {
            if let hit = try? failed.firstMatch(in: line) {
                report.failed += 1
                appendFailing(String(hit.1), to: &report)
            } else if (try? skipped.firstMatch(in: line)) != nil {
                report.skipped += 1
            }
        }
        if match.2 == "failed", report.failed == 0 { report.failed = 1 }
        report.passed = max(0, (Int(match.1) ?? 0) - report.failed - report.skipped)
        return report
    }

    // MARK: XCTest

    static func xctest(_ lines: [String]) -> TestReport? {
        let executed = #/Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures? \((\d+) unexpected\)/#
        let failedCase = #/Test Case '(?:-\[)?([^' \]]+)(?: ([^'\]]+)\])?' failed/#
        // `/work/p/Tests/LibTests/T.swift:11: error: OldTests.testBroken : XCTAssertEqual failed`
        let errorLine = #//Tests/([^/]+)/\S*:\d+: error: ([^ .]+)\.(\S+) : /#
        guard let last = lines.last(where: { (try? executed.firstMatch(in: $0)) != nil }),
            let match = try? executed.firstMatch(in: last)
        else { return nil }
        let total = Int(match.1) ?? 0
        let skipped = match.2.flatMap { Int($0) } ?? 0
        let failures = Int(match.3) ?? 0
        var report = TestReport(passed: max(0, total - skipped - failures), failed: failures, skipped: skipped, source: .log)
        // Linux prints `Class.test` without the module; SwiftPM's layout names it in the path
        // of the error line (`Tests/<Module>/…`).
        var modules: [String: String] = [:]
        for line in lines {
            if let hit = try? errorLine.firstMatch(in: line) { modules["\(hit.2).\(hit.3)"] = String(hit.1) }
        }
        for line in lines {
            guard let hit = try? failedCase.firstMatch(in: line) else { continue }
            if let method = hit.2 {
                // Darwin: `-[Module.Class test]`.
                appendFailing("\(hit.1)/\(method)", to: &report)
            } else if let dot = hit.1.lastIndex(of: ".") {
                let (type, method) = (hit.1[..<dot], hit.1[hit.1.index(after: dot)...])
                let module = modules[String(hit.1)].map { $0 + "." } ?? ""
                appendFailing("\(module)\(type)/\(method)", to: &report)
            } else {
                appendFailing(String(hit.1), to: &report)
            }
        }
        return report
    }

    // MARK: go test

    static func go(_ lines: [String]) -> TestReport? {
        let result = #/^\s*--- (PASS|FAIL|SKIP): (\S+)/#
        let package = #/^(ok|FAIL)\s+(\S+)\s+(?:[\d.]+s|\(cached\)|\[[^\]]+\])/#
        var report = TestReport(source: .log)
        var pending: [String] = []
        var recognised = false
        for line in lines {
            if let hit = try? result.firstMatch(in: line) {
                recognised = true
                switch hit.1 {
                case "PASS": report.passed += 1
                case "SKIP": report.skipped += 1
                default:
                    report.failed += 1
                    pending.append(String(hit.2))
                }
            } else if let hit = try? package.firstMatch(in: line) {
                recognised = true
                if hit.1 == "FAIL" {
                    pending.forEach { appendFailing("\(hit.2).\($0)", to: &report) }
                    if pending.isEmpty {
                        // A package that failed without a failing test: a build failure or a panic.
                        report.errors += 1
                        appendFailing(String(hit.2), to: &report)
                    }
                }
                pending.removeAll()
            }
        }
        pending.forEach { appendFailing($0, to: &report) }
        report.failingTests = TestReport.goLeaves(report.failingTests)
        return recognised ? report : nil
    }

    // MARK: cargo test

    static func cargo(_ lines: [String]) -> TestReport? {
        let result = #/test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored/#
        let failing = #/^test (\S+) \.\.\. FAILED$/#
        var report = TestReport(source: .log)
        var recognised = false
        for line in lines {
            if let hit = try? result.firstMatch(in: line) {
                recognised = true
                report.passed += Int(hit.1) ?? 0
                report.failed += Int(hit.2) ?? 0
                report.skipped += Int(hit.3) ?? 0
            } else if let hit = try? failing.firstMatch(in: line) {
                appendFailing(String(hit.1), to: &report)
            }
        }
        return recognised ? report : nil
    }

    // MARK: unittest

    /// `Ran N tests in T`, then `OK`/`FAILED (failures=F, errors=E, skipped=S)`; failing ids from
    /// `FAIL: test_x (module.Class.test_x)` and `ERROR: ...` headers, as `module.Class.test_x`.
    static func unittest(_ lines: [String]) -> TestReport? {
        let ran = #/^Ran (\d+) tests? in /#
        let verdict = #/^(OK|FAILED)(?: \((.*)\))?$/#
        let failing = #/^(?:FAIL|ERROR): (\S+) \((\S+)\)/#
        var report = TestReport(source: .log)
        var total: Int?
        var failed = 0, errors = 0, skipped = 0
        var recognised = false
        for line in lines {
            if let hit = try? ran.firstMatch(in: line) {
                total = Int(hit.1)
            } else if total != nil, let hit = try? verdict.firstMatch(in: line) {
                recognised = true
                for part in (hit.2.map(String.init) ?? "").split(separator: ",") {
                    let pair = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2, let count = Int(pair[1]) else { continue }
                    switch pair[0] {
                    case "failures": failed = count
                    case "errors": errors = count
                    case "skipped": skipped = count
                    default: break
                    }
                }
            } else if let hit = try? failing.firstMatch(in: line) {
                let qualified = String(hit.2)
                appendFailing(qualified.hasSuffix("." + hit.1) ? qualified : qualified + "." + hit.1, to: &report)
            }
        }
        guard recognised, let total else { return nil }
        report.failed = failed
        report.errors = errors
        report.skipped = skipped
        report.passed = max(0, total - failed - errors - skipped)
        return report
    }

    // MARK: helpers

    private static func appendFailing(_ id: String, to report: inout TestReport) {
        if !report.failingTests.contains(id) { report.failingTests.append(id) }
    }

    /// Removes terminal colour sequences, which test runners print when they think they have a TTY.
    static func stripANSI(_ line: String) -> String {
        guard line.contains("\u{1B}[") else { return line }
        return line.replacing(#/\x1B\[[0-9;]*[A-Za-z]/#, with: "")
    }
}
