// Assembles a run's test report: JUnit files when they exist, else the log, else nothing.

import Foundation

extension TestReport {
    /// Reads the test report of a finished test command.
    ///
    /// JUnit files that exist are parsed and merged. When none exists (or all are malformed),
    /// counts come from well-known summary lines in the log; when the log has none either, the
    /// report carries only ``Source/exitCode`` and zero counts. A malformed JUnit file is
    /// passed over with a note rather than thrown, since the log usually still tells the story.
    ///
    /// `swift test --xunit-output FILE` writes swift-testing results to `FILE-swift-testing.xml`
    /// but (with SwiftPM 6.3 on Linux) may leave the XCTest `FILE` unwritten; when the
    /// swift-testing file exists and its XCTest sibling does not, the XCTest counts and
    /// failures are taken from the log and merged in.
    ///
    /// - Parameters:
    ///   - junitReports: The JUnit files the command may have written.
    ///   - log: The command's combined output.
    /// - Returns: The report.
    package static func collect(junitReports: [String], log: String) -> TestReport {
        var report: TestReport?
        var notes: [String] = []
        for path in junitReports where FileManager.default.fileExists(atPath: path) {
            do {
                let parsed = try JUnitReport.parse(contentsOf: path)
                if report == nil { report = parsed } else { report?.merge(parsed) }
            } catch {
                notes.append("\(path) was passed over: \(error)")
            }
        }
        let summaries = LogSummary.parse(log)
        if var junit = report {
            let swiftTestingSuffix = "-swift-testing.xml"
            let xctestReportMissing = junitReports.contains { path in
                path.hasSuffix(swiftTestingSuffix) && FileManager.default.fileExists(atPath: path)
                    && !FileManager.default.fileExists(atPath: String(path.dropLast(swiftTestingSuffix.count)) + ".xml")
            }
            if xctestReportMissing, let xctest = summaries[.xctest], xctest.total > 0 {
                junit.merge(xctest)
                notes.append("XCTest results come from the log: swift test wrote no XCTest JUnit file")
            }
            junit.notes += notes
            return junit
        }
        if !summaries.isEmpty {
            var merged = TestReport(source: .log)
            for framework in LogSummary.Framework.allCases {
                if let summary = summaries[framework] { merged.merge(summary) }
            }
            merged.notes += notes
            return merged
        }
        return TestReport(source: .exitCode, notes: notes)
    }
}
