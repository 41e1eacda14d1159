// JUnit XML as pytest, swift test, jest-junit and gotestsum write it; malformed input is an error.

import Foundation
import Testing

@testable import HealerExecution

@Suite("JUnit reports")
struct JUnitReportTests {
    /// Written by pytest 9 for a file with a pass, a failure, a skip, a fixture error and a
    /// parametrised class test.
    static let pytest = """
        <?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="1" \
        failures="2" skipped="1" tests="6" time="0.044" timestamp="2026-11-25T07:11:07.379727+00:00" hostname="vm">\
        <testcase classname="tests.test_calc" name="test_add" time="0.001" /><testcase classname="tests.test_calc" \
        name="test_add_broken" time="0.001"><failure message="assert 3 == 4&#10; +  where 3 = add(1, 2)">def test_add_broken():
        &gt;       assert add(1, 2) == 4
        E       assert 3 == 4

        tests/test_calc.py:10: AssertionError</failure></testcase><testcase classname="tests.test_calc" name="test_skipped" \
        time="0.000"><skipped type="pytest.skip" message="later">/tmp/pyt/tests/test_calc.py:12: later</skipped></testcase>\
        <testcase classname="tests.test_calc" name="test_error" time="0.000"><error message="failed on setup with \
        &quot;RuntimeError: fixture exploded&quot;">E       RuntimeError: fixture exploded</error></testcase>\
        <testcase classname="tests.test_calc.TestGroup" name="test_even[1]" time="0.001"><failure message="assert (1 % 2) == 0">\
        E       assert (1 % 2) == 0</failure></testcase><testcase classname="tests.test_calc.TestGroup" name="test_even[2]" \
        time="0.000" /></testsuite></testsuites>
        """

    /// Written by `swift test --xunit-output` (Swift 6.3) for swift-testing tests.
    static let swiftTesting = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites>
          <testsuite name="TestResults" errors="0" tests="2" failures="1" skipped="1" time="0.002677914">
            <testcase classname="LibTests.MathTests" name="adds()" time="0.00133273" />
            <testcase classname="LibTests.MathTests" name="breaks()" time="0.001525812" >
              <failure message="Expectation failed: (add(1, 2) &#8594; 3) == 4 (error): wrong sum" />
            </testcase>
            <testcase classname="LibTests.MathTests" name="later()" >
              <skipped>not yet</skipped>
            </testcase>
          </testsuite>
        </testsuites>
        """

    /// The XCTest shape of `swift test --parallel --xunit-output`.
    static let xctest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites>
          <testsuite name="TestResults" errors="0" failures="1" skipped="0" tests="2" time="0.002">
            <testcase classname="LibTests.OldTests" name="testAdd" time="0.001" />
            <testcase classname="LibTests.OldTests" name="testBroken" time="0.000">
              <failure message="XCTAssertEqual failed: (&quot;4&quot;) is not equal to (&quot;5&quot;)"></failure>
            </testcase>
          </testsuite>
        </testsuites>
        """

    /// jest-junit's default output: the describe and test titles in both classname and name.
    static let jest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="jest tests" tests="3" failures="1" errors="0" time="1.204">
          <testsuite name="Calculator" errors="0" failures="1" skipped="1" timestamp="2026-11-25T07:00:00" time="0.81" tests="3">
            <testcase classname="Calculator adds numbers" name="Calculator adds numbers" time="0.002">
            </testcase>
            <testcase classname="Calculator divides by zero" name="Calculator divides by zero" time="0.004">
              <failure>Error: expect(received).toThrow()
            at Object.&lt;anonymous&gt; (/work/src/calc.test.js:12:5)</failure>
            </testcase>
            <testcase classname="Calculator pending" name="Calculator pending" time="0">
              <skipped/>
            </testcase>
          </testsuite>
        </testsuites>
        """

    /// gotestsum --junitfile: one suite per package, subtests as their own cases.
    static let gotestsum = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites tests="4" failures="2" errors="0" time="0.512">
        \t<testsuite tests="4" failures="2" time="0.010" name="example.com/calc" timestamp="2026-11-25T07:00:00Z">
        \t\t<properties>
        \t\t\t<property name="go.version" value="go1.22.1 linux/amd64"></property>
        \t\t</properties>
        \t\t<testcase classname="example.com/calc" name="TestAdd" time="0.000"></testcase>
        \t\t<testcase classname="example.com/calc" name="TestDivide/by_zero" time="0.000">
        \t\t\t<failure message="Failed" type="">=== RUN   TestDivide/by_zero&#xA;    calc_test.go:20: want error&#xA;</failure>
        \t\t</testcase>
        \t\t<testcase classname="example.com/calc" name="TestDivide" time="0.000">
        \t\t\t<failure message="Failed" type="">=== RUN   TestDivide&#xA;--- FAIL: TestDivide (0.00s)&#xA;</failure>
        \t\t</testcase>
        \t\t<testcase classname="example.com/calc" name="TestSlow" time="0.000">
        \t\t\t<skipped message="calc_test.go:30: slow"></skipped>
        \t\t</testcase>
        \t</testsuite>
        \t<testsuite tests="0" failures="0" time="0.000" name="example.com/calc/cmd" timestamp="2026-11-25T07:00:00Z"></testsuite>
        </testsuites>
        """

    @Test("pytest: failures, errors, skips and parametrised class tests")
    func pytestReport() throws {
        let report = try JUnitReport.parse(Data(Self.pytest.utf8))
        #expect(report.source == .junit)
        #expect((report.passed, report.failed, report.errors, report.skipped) == (2, 2, 1, 1))
        #expect(report.failingTests == [
            "tests/test_calc.py::test_add_broken", "tests/test_calc.py::test_error", "tests/test_calc.py::TestGroup::test_even[1]",
        ])
    }

    @Test("swift test: swift-testing and XCTest shapes")
    func swiftReports() throws {
        let testing = try JUnitReport.parse(Data(Self.swiftTesting.utf8))
        #expect((testing.passed, testing.failed, testing.skipped) == (1, 1, 1))
        #expect(testing.failingTests == ["LibTests.MathTests/breaks()"])
        let xctest = try JUnitReport.parse(Data(Self.xctest.utf8))
        #expect((xctest.passed, xctest.failed) == (1, 1))
        #expect(xctest.failingTests == ["LibTests.OldTests/testBroken"])
    }

    @Test("jest-junit: the repeated title becomes the id once")
    func jestReport() throws {
        let report = try JUnitReport.parse(Data(Self.jest.utf8))
        #expect((report.passed, report.failed, report.skipped) == (1, 1, 1))
        #expect(report.failingTests == ["Calculator divides by zero"])
    }

    @Test("gotestsum: package-qualified ids, subtests, empty packages")
    func gotestsumReport() throws {
        let report = try JUnitReport.parse(Data(Self.gotestsum.utf8))
        #expect((report.passed, report.failed, report.skipped) == (1, 2, 1))
        #expect(report.failingTests == ["example.com/calc.TestDivide/by_zero"])
    }

    @Test("a suite with only summary attributes contributes its counts")
    func summaryOnlySuite() throws {
        let report = try JUnitReport.parse(Data(#"<testsuite name="x" tests="5" failures="1" errors="1" skipped="1"/>"#.utf8))
        #expect((report.passed, report.failed, report.errors, report.skipped) == (2, 1, 1, 1))
    }

    @Test(
        "malformed or foreign XML is an error, not a crash",
        arguments: [
            "", "not xml at all", "<testsuites><testsuite name=\"x\"><testcase name=\"a\">",
            "<testsuites><testcase name=\"a\"></testsuite></testsuites>", "<html><body>502</body></html>",
            "<?xml version=\"1.0\"?>\u{0}\u{1}",
        ])
    func malformed(xml: String) {
        do {
            _ = try JUnitReport.parse(Data(xml.utf8), name: "junit.xml")
            Issue.record("expected an error for \(xml.debugDescription)")
        } catch {
            #expect(error.code == .malformedReport)
            #expect(error.description.contains("junit.xml"))
        }
    }

    @Test("a missing file is reportUnreadable")
    func missingFile() {
        #expect(throws: ExecutionError.self) { try JUnitReport.parse(contentsOf: "/nonexistent/junit.xml") }
    }
}

@Suite("Coverage reports")
struct CoverageReportTests {
    static let lcov = """
        TN:
        SF:/work/src/calc.js
        FN:1,add
        FNDA:3,add
        FNF:1
        FNH:1
        DA:1,3
        DA:2,3
        DA:5,0
        LF:3
        LH:2
        BRF:0
        BRH:0
        end_of_record
        TN:
        SF:/work/src/format.js
        DA:1,1
        LF:7
        LH:4
        end_of_record
        """

    /// coverage.py's `--cov-report=xml` header.
    static let cobertura = """
        <?xml version="1.0" ?>
        <coverage version="7.6.1" timestamp="1764054667379" lines-valid="40" lines-covered="30" line-rate="0.75" \
        branches-covered="0" branches-valid="0" branch-rate="0" complexity="0">
        \t<!-- Generated by coverage.py: https://coverage.readthedocs.io/en/7.6.1 -->
        \t<sources><source>/work/src</source></sources>
        \t<packages><package name="." line-rate="0.75" branch-rate="0" complexity="0"><classes/></package></packages>
        </coverage>
        """

    @Test("LCOV: LF and LH summed over records")
    func lcovTotals() throws {
        let coverage = try LineCoverage.parseLCOV(Self.lcov)
        #expect(coverage.coveredLines == 6)
        #expect(coverage.totalLines == 10)
        #expect(coverage.percent == 60)
    }

    @Test("LCOV without records is an error")
    func lcovMalformed() {
        #expect(throws: ExecutionError.self) { try LineCoverage.parseLCOV("<html>not lcov</html>") }
    }

    @Test("Cobertura: the root line-rate")
    func coberturaRate() throws {
        let coverage = try LineCoverage.parseCobertura(Data(Self.cobertura.utf8))
        #expect(coverage.percent == 75)
        #expect(coverage.coveredLines == 30)
        #expect(coverage.totalLines == 40)
    }

    @Test("Cobertura: malformed and foreign XML are errors", arguments: ["", "<<<", "<testsuites/>", "<coverage/>"])
    func coberturaMalformed(xml: String) {
        do {
            _ = try LineCoverage.parseCobertura(Data(xml.utf8))
            Issue.record("expected an error for \(xml.debugDescription)")
        } catch {
            #expect(error.code == .malformedReport)
        }
    }

    @Test("read dispatches on the file's format")
    func readFile() throws {
        let directory = try TemporaryDirectory()
        try directory.write("lcov.info", Self.lcov)
        let coverage = try LineCoverage.read(CoverageFile(path: directory.path + "/lcov.info", format: .lcov))
        #expect(coverage.percent == 60)
    }
}
