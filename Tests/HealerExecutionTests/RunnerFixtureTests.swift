// Failing test ids from reports and logs that pytest, go test, gotestsum and swift test really wrote.

import Foundation
import Testing

@testable import HealerExecution

/// The captured files in Tests/Fixtures/runners (see its README.md for how each was made).
enum RunnerFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/runners").path

    static func path(_ name: String) -> String { directory + "/" + name }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }
}

@Suite("Failing test ids from real runners")
struct RunnerFixtureTests {
    static let pytestFailing = [
        "tests/unit/test_ids.py::test_words[a b-1]", "tests/unit/test_ids.py::test_words[x[y]-2]",
        "tests/unit/test_ids.py::TestGroup::test_even[one two]", "tests/unit/test_ids.py::TestGroup::test_plain",
        "tests/unit/test_ids.py::TestGroup::TestInner::test_nested", "tests/unit/test_ids.py::test_uses_broken",
    ]

    @Test("pytest 9 JUnit (xunit2 and xunit1): node ids with spaces, brackets and nested classes")
    func pytestJUnit() throws {
        for file in ["pytest-junit.xml", "pytest-junit-xunit1.xml"] {
            let report = try JUnitReport.parse(contentsOf: RunnerFixture.path(file))
            #expect((report.passed, report.failed, report.errors, report.skipped) == (3, 5, 1, 1), "\(file)")
            #expect(report.failingTests == Self.pytestFailing, "\(file)")
        }
    }

    @Test("pytest's log gives the same node ids as its JUnit report")
    func pytestLog() throws {
        let report = try #require(LogSummary.parse(try RunnerFixture.text("pytest.log"))[.pytest])
        #expect((report.passed, report.failed, report.errors, report.skipped) == (3, 5, 1, 1))
        #expect(Set(report.failingTests) == Set(Self.pytestFailing))
    }

    @Test("a pytest collection error names the module's file")
    func pytestCollectionError() throws {
        let junit = try JUnitReport.parse(contentsOf: RunnerFixture.path("pytest-junit-collection-error.xml"))
        #expect(junit.failingTests == ["tests/test_broken_import.py"])
        #expect(junit.errors == 1)
        let log = try #require(LogSummary.parse(try RunnerFixture.text("pytest-collection-error.log"))[.pytest])
        #expect(log.failingTests == ["tests/test_broken_import.py"])
    }

    static let goFailing = [
        "example.com/calc/calc.TestAdd/one_plus_one", "example.com/calc/calc.TestAdd/zero/zero",
        "example.com/calc/calc.TestAdd/neg(1)", "example.com/calc/calc.TestNested/outer/inner_case",
        "example.com/calc/calc.TestWhole",
    ]

    @Test("gotestsum's JUnit: subtests with their package, parents of failing subtests left out")
    func gotestsumJUnit() throws {
        let report = try JUnitReport.parse(contentsOf: RunnerFixture.path("gotestsum-junit.xml"))
        #expect(report.failingTests == Self.goFailing)
        #expect(report.skipped == 1)
    }

    @Test("go test's log, plain and -v, gives the same ids as gotestsum", arguments: ["go-test.log", "go-test-v.log"])
    func goLog(file: String) throws {
        let report = try #require(LogSummary.parse(try RunnerFixture.text(file))[.go])
        #expect(report.failingTests == Self.goFailing)
    }

    @Test("swift test: XCTest (--parallel) and Swift Testing JUnit ids as swift test list prints them")
    func swiftJUnit() throws {
        let xctest = try JUnitReport.parse(contentsOf: RunnerFixture.path("swift-junit-xctest.xml"))
        #expect(xctest.failingTests == ["CalcTests.OldTests/testBroken"])
        #expect(xctest.passed == 1)
        let testing = try JUnitReport.parse(contentsOf: RunnerFixture.path("swift-junit-swift-testing.xml"))
        #expect(testing.failingTests == [
            "CalcTests.freeFunction()", "CalcTests.MathTests/breaks()", "CalcTests.MathTests/each(value:)",
            "CalcTests.MathTests/named()",
        ])
    }

    @Test("swift test without an XCTest report: the log's XCTest ids get their module from the error line")
    func swiftCollected() throws {
        let directory = try TemporaryDirectory()
        let reports = [directory.path + "/swift-junit.xml", directory.path + "/swift-junit-swift-testing.xml"]
        try directory.write("swift-junit-swift-testing.xml", try RunnerFixture.text("swift-junit-swift-testing.xml"))
        let report = TestReport.collect(junitReports: reports, log: try RunnerFixture.text("swift-test.log"))
        #expect(report.failingTests.contains("CalcTests.OldTests/testBroken"), "\(report)")
        #expect(report.failingTests.count == 5, "\(report)")
    }
}
