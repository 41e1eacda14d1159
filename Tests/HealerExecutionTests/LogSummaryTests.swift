// Counts from test runners' summary lines when no report file exists.

import Foundation
import Testing

@testable import HealerExecution

@Suite("Log summaries")
struct LogSummaryTests {
    @Test("pytest: the final summary line and FAILED/ERROR lines")
    func pytest() throws {
        let log = """
            ..F.sEF.
            =========================== short test summary info ============================
            FAILED tests/test_calc.py::test_add_broken - assert 3 == 4
            FAILED tests/test_calc.py::TestGroup::test_even[1] - assert (1 % 2) == 0
            ERROR tests/test_calc.py::test_error - RuntimeError: fixture exploded
            2 failed, 2 passed, 1 skipped, 1 error in 1.07s
            """
        let report = try #require(LogSummary.parse(log)[.pytest])
        #expect((report.passed, report.failed, report.errors, report.skipped) == (2, 2, 1, 1))
        // The same node ids pytest's JUnit report gives.
        #expect(report.failingTests == [
            "tests/test_calc.py::test_add_broken", "tests/test_calc.py::TestGroup::test_even[1]", "tests/test_calc.py::test_error",
        ])
        let passing = try #require(LogSummary.parse("\u{1B}[32m==== 3 passed in 0.01s ====\u{1B}[0m")[.pytest])
        #expect(passing.passed == 3)
    }

    @Test("swift-testing and XCTest, as swift test prints them together")
    func swiftTest() throws {
        let log = """
            Test Case 'OldTests.testBroken' started at 2026-11-25 07:10:52.369
            /tmp/swfail/Tests/LibTests/T.swift:11: error: OldTests.testBroken : XCTAssertEqual failed: ("4") is not equal to ("5") -\u{20}
            Test Case 'OldTests.testBroken' failed (0.0 seconds)
            Test Suite 'OldTests' failed at 2026-11-25 07:10:52.370
            \t Executed 3 tests, with 1 test skipped and 1 failure (0 unexpected) in 0.009 (0.009) seconds
            Test Suite 'All tests' failed at 2026-11-25 07:10:52.370
            \t Executed 3 tests, with 1 test skipped and 1 failure (0 unexpected) in 0.009 (0.009) seconds
            ◇ Test run started.
            ➜ Test later() skipped: "not yet"
            ✘ Test breaks() recorded an issue at T.swift:6:25: Expectation failed: (add(1, 2) → 3) == 4
            ✘ Test breaks() failed after 0.001 seconds with 1 issue.
            ✔ Test adds() passed after 0.001 seconds.
            ✘ Suite MathTests failed after 0.002 seconds with 1 issue.
            ✘ Test run with 3 tests in 1 suite failed after 0.002 seconds with 1 issue.
            """
        let summaries = LogSummary.parse(log)
        let testing = try #require(summaries[.swiftTesting])
        #expect((testing.passed, testing.failed, testing.skipped) == (1, 1, 1))
        #expect(testing.failingTests == ["breaks()"])
        let xctest = try #require(summaries[.xctest])
        #expect((xctest.passed, xctest.failed, xctest.skipped) == (1, 1, 1))
        #expect(xctest.failingTests == ["LibTests.OldTests/testBroken"])

        let green = LogSummary.parse("✔ Test run with 12 tests in 3 suites passed after 0.5 seconds.")
        #expect(green[.swiftTesting]?.passed == 12)
        let darwin = LogSummary.parse("""
            Test Case '-[LibTests.OldTests testBroken]' failed (0.001 seconds).
            Executed 2 tests, with 1 failure (0 unexpected) in 0.002 (0.003) seconds
            """)
        #expect(darwin[.xctest]?.failingTests == ["LibTests.OldTests/testBroken"])
    }

    @Test("go test: failures attributed to their package, build failures as errors")
    func goTest() throws {
        let log = """
            --- FAIL: TestDivide (0.00s)
                --- FAIL: TestDivide/by_zero (0.00s)
                    calc_test.go:20: want error
            FAIL
            FAIL\texample.com/calc\t0.004s
            ok  \texample.com/calc/format\t(cached)
            # example.com/calc/broken
            broken/x.go:3:1: syntax error: non-declaration statement outside function body
            FAIL\texample.com/calc/broken [build failed]
            FAIL
            """
        let report = try #require(LogSummary.parse(log)[.go])
        #expect(report.failed == 2)
        #expect(report.errors == 1)
        // TestDivide failed through its subtest: the subtest is the id.
        #expect(report.failingTests == ["example.com/calc.TestDivide/by_zero", "example.com/calc/broken"])
    }

    @Test("cargo test: results summed over test binaries")
    func cargoTest() throws {
        let log = """
            running 3 tests
            test tests::adds ... ok
            test tests::divides ... FAILED
            test tests::slow ... ignored

            test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

            running 2 tests
            test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
            """
        let report = try #require(LogSummary.parse(log)[.cargo])
        #expect((report.passed, report.failed, report.skipped) == (3, 1, 1))
        #expect(report.failingTests == ["tests::divides"])
    }

    @Test("an unrelated log has no summary")
    func nothing() {
        #expect(LogSummary.parse("make: *** [Makefile:3: test] Error 1\nok then\n").isEmpty)
    }

    @Test("collect: JUnit first, then the log, then only the exit code")
    func collect() throws {
        let directory = try TemporaryDirectory()
        try directory.write("pytest.xml", JUnitReportTests.pytest)
        try directory.write("broken.xml", "<testsuites><testsuite>")
        let fromJUnit = TestReport.collect(
            junitReports: [directory.path + "/pytest.xml", directory.path + "/missing.xml"], log: "1 passed in 0.1s")
        #expect(fromJUnit.source == .junit)
        #expect(fromJUnit.failed == 2)

        let fromLog = TestReport.collect(junitReports: [directory.path + "/broken.xml"], log: "1 failed, 1 passed in 0.1s")
        #expect(fromLog.source == .log)
        #expect(fromLog.failed == 1)
        #expect(fromLog.notes.first?.contains("broken.xml was passed over") == true)

        let bare = TestReport.collect(junitReports: [], log: "Segmentation fault")
        #expect(bare.source == .exitCode)
        #expect(bare.total == 0)
    }

    @Test("collect: swift test's missing XCTest report is filled in from the log")
    func collectSwiftMixed() throws {
        let directory = try TemporaryDirectory()
        try directory.write("swift-junit-swift-testing.xml", JUnitReportTests.swiftTesting)
        let report = TestReport.collect(
            junitReports: [directory.path + "/swift-junit.xml", directory.path + "/swift-junit-swift-testing.xml"],
            log: """
                Test Case 'OldTests.testBroken' failed (0.0 seconds)
                \t Executed 3 tests, with 1 test skipped and 1 failure (0 unexpected) in 0.009 (0.009) seconds
                ✘ Test run with 3 tests in 1 suite failed after 0.002 seconds with 1 issue.
                """)
        #expect(report.source == .junit)
        #expect((report.passed, report.failed, report.skipped) == (2, 2, 2))
        // No error line in this log names the XCTest module.
        #expect(report.failingTests == ["LibTests.MathTests/breaks()", "OldTests/testBroken"])
    }
}
