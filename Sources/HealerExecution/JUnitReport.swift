// Parses JUnit XML (pytest, swift test, jest-junit, gotestsum) with an event-based XMLParser.

import Foundation

#if canImport(FoundationXML)
import FoundationXML
import HealerSystem
#endif

/// Reads JUnit XML test reports into a ``TestReport``.
///
/// Accepts a `testsuites` or `testsuite` root, nested suites, and `testcase` elements with
/// `failure`, `error` and `skipped` children, which covers the shapes pytest, `swift test
/// --xunit-output`, jest-junit and gotestsum write. A test case with both a failure and an
/// error counts once, as failed. A suite that lists no test cases but carries `tests`,
/// `failures`, `errors` and `skipped` attributes contributes those counts.
///
/// Failing test ids take the form the runner selects tests by: pytest's node ids
/// (`tests/test_x.py::TestGroup::test_even[a b-1]`, from a suite named `pytest`), SwiftPM's
/// `Module.Class/test` and `Module.Suite/test()` (suites named `TestResults`), Go's
/// `package.TestX/sub_case` (gotestsum; a test whose failing subtests are listed is left out),
/// else `classname.name` (see ``TestReport/testID(className:name:)``).
package enum JUnitReport {
    /// Parses a JUnit report file.
    ///
    /// - Parameter path: The file.
    /// - Returns: The counts and failing test ids, with source ``TestReport/Source/junit``.
    /// - Throws: ``ExecutionError`` with code `reportUnreadable` when the file cannot be read, or
    ///   `malformedReport` when it is not well-formed JUnit XML.
    package static func parse(contentsOf path: String) throws(ExecutionError) -> TestReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExecutionError(
                .reportUnreadable, "cannot read the JUnit report \(path)",
                fix: "check that the test command writes it there")
        }
        return try parse(data, name: path)
    }

    /// Parses JUnit XML from memory.
    ///
    /// - Parameters:
    ///   - data: The XML.
    ///   - name: What to call the report in errors.
    /// - Returns: The counts and failing test ids, with source ``TestReport/Source/junit``.
    /// - Throws: ``ExecutionError`` with code `malformedReport` when the data is not
    ///   well-formed XML or its root is neither `testsuites` nor `testsuite`.
    package static func parse(_ data: Data, name: String = "JUnit report") throws(ExecutionError) -> TestReport {
        let reader = JUnitReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        let wellFormed = parser.parse()
        guard wellFormed, reader.rootName != nil else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw ExecutionError(
                .malformedReport,
                "\(name) is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber): \(reason))",
                fix: "check that the test run finished writing it; a killed run can leave it truncated")
        }
        // FoundationXML on Linux reports a truncated document as parsed; unclosed elements give it away.
        if let open = reader.openElements.last {
            throw ExecutionError(
                .malformedReport, "\(name) is truncated: it ends inside <\(open)>",
                fix: "check that the test run finished writing it; a killed run can leave it truncated")
        }
        guard let root = reader.rootName, root == "testsuites" || root == "testsuite" else {
            throw ExecutionError(
                .malformedReport,
                "\(name) is not a JUnit report: its root element is <\(reader.rootName ?? "")>, not <testsuites> or <testsuite>",
                fix: "point the junit setting at the test runner's JUnit XML output")
        }
        return reader.report
    }
}

/// The XMLParser delegate that tallies test cases; used by one parse on one thread only.
private final class JUnitReader: NSObject, XMLParserDelegate {
    private struct Suite {
        var attributes: [String: String]
        var countedCases = 0
    }

    /// Which runner wrote the report, as far as its ids are concerned.
    private enum Writer {
        case pytest, swiftPM, other
    }

    private(set) var rootName: String?
    private(set) var openElements: [String] = []
    private var tally = TestReport(source: .junit)
    /// The counts and failing ids read so far; Go parents of listed failing subtests left out.
    var report: TestReport {
        guard sawGo else { return tally }
        var leaves = tally
        leaves.failingTests = TestReport.goLeaves(tally.failingTests)
        return leaves
    }
    private var suites: [Suite] = []
    private var currentCase: (id: String, failed: Bool, errored: Bool, skipped: Bool)?
    private var rootWriter = Writer.other
    private var sawGo = false

    private var writer: Writer {
        for suite in suites.reversed() {
            switch suite.attributes["name"] {
            case "pytest": return .pytest
            case "TestResults": return .swiftPM
            default: continue
            }
        }
        return rootWriter
    }

    private func testID(_ attributes: [String: String]) -> String {
        let (className, name) = (attributes["classname"] ?? "", attributes["name"] ?? "")
        switch writer {
        case .pytest: return TestReport.pytestNodeID(className: className, name: name, file: attributes["file"])
        case .swiftPM: return TestReport.swiftTestID(className: className, name: name)
        case .other:
            if className.contains("/"), TestReport.isGoTestID(className + "." + name) { sawGo = true }
            return TestReport.testID(className: className, name: name)
        }
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        if rootName == nil {
            rootName = elementName
            if attributes["name"]?.hasPrefix("pytest") == true { rootWriter = .pytest }
        }
        openElements.append(elementName)
        switch elementName {
        case "testsuite":
            suites.append(Suite(attributes: attributes))
        case "property":
            if attributes["name"] == "go.version" { sawGo = true }
        case "testcase":
            currentCase = (testID(attributes), false, false, false)
        case "failure":
            currentCase?.failed = true
        case "error":
            currentCase?.errored = true
        case "skipped":
            currentCase?.skipped = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        openElements.removeLast(min(1, openElements.count))
        switch elementName {
        case "testcase":
            guard let testCase = currentCase else { return }
            currentCase = nil
            if testCase.failed {
                tally.failed += 1
                appendFailing(testCase.id)
            } else if testCase.errored {
                tally.errors += 1
                appendFailing(testCase.id)
            } else if testCase.skipped {
                tally.skipped += 1
            } else {
                tally.passed += 1
            }
            if !suites.isEmpty { suites[suites.count - 1].countedCases += 1 }
        case "testsuite":
            guard let suite = suites.popLast() else { return }
            if suite.countedCases == 0 {
                // A summary-only suite: trust its attributes.
                let number = { (key: String) in Int(suite.attributes[key] ?? "") ?? 0 }
                let (tests, failures, errors, skipped) = (number("tests"), number("failures"), number("errors"),
                    max(number("skipped"), number("skip")))
                tally.failed += failures
                tally.errors += errors
                tally.skipped += skipped
                tally.passed += max(0, tests - failures - errors - skipped)
            }
            if !suites.isEmpty { suites[suites.count - 1].countedCases += suite.countedCases }
        default:
            break
        }
    }

    private func appendFailing(_ id: String) {
        if !tally.failingTests.contains(id) { tally.failingTests.append(id) }
    }
}
