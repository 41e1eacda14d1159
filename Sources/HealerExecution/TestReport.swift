// Test counts and failing test ids, from JUnit XML, from a log's summary lines, or from nothing.

/// What a test run reported: counts and the ids of failing tests.
///
/// Failing test ids are complete and in the form the runner selects tests by (see
/// ``TestSelection``), from JUnit XML or the log alike: pytest node ids
/// (`tests/test_calc.py::TestGroup::test_even[a b-1]`), Go tests with their package and
/// subtests (`example.com/calc.TestAdd/one_plus_one`; a test failing only through a listed
/// subtest is left out), SwiftPM's `Module.Class/test` (XCTest) and `Module.Suite/test()`
/// (Swift Testing; the log alone names only `test()`), unittest's `module.Class.test`, cargo's
/// `tests::name`, jest's full title. Other JUnit writers give `classname.name`, or `name` when
/// the class name is empty or `name` already starts with it (jest-junit repeats the describe
/// title in both).
package struct TestReport: Sendable, Hashable {
    /// Where the counts come from.
    package enum Source: String, Sendable, Hashable, Codable {
        /// JUnit XML report files.
        case junit
        /// Summary lines of a known test runner in the log.
        case log
        /// Nothing but the exit status; all counts are zero.
        case exitCode
    }

    /// Tests that passed.
    package var passed: Int
    /// Tests that failed an assertion.
    package var failed: Int
    /// Tests that errored (an exception outside assertions, a broken fixture).
    package var errors: Int
    /// Tests that were skipped (including expected failures).
    package var skipped: Int
    /// The ids of failed and errored tests, in report order, without duplicates.
    package var failingTests: [String]
    /// Where the counts come from.
    package var source: Source
    /// Remarks on how the report was assembled, such as a malformed report that was passed over.
    package var notes: [String]

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - passed: Passed tests.
    ///   - failed: Failed tests.
    ///   - errors: Errored tests.
    ///   - skipped: Skipped tests.
    ///   - failingTests: Ids of failed and errored tests.
    ///   - source: Where the counts come from.
    ///   - notes: Remarks on how the report was assembled.
    package init(
        passed: Int = 0, failed: Int = 0, errors: Int = 0, skipped: Int = 0, failingTests: [String] = [],
        source: Source, notes: [String] = []
    ) {
        self.passed = passed
        self.failed = failed
        self.errors = errors
        self.skipped = skipped
        self.failingTests = failingTests
        self.source = source
        self.notes = notes
    }

    /// All tests counted.
    package var total: Int { passed + failed + errors + skipped }

    /// Adds another report's counts and failing ids to this one.
    ///
    /// - Parameter other: The report to add.
    package mutating func merge(_ other: TestReport) {
        passed += other.passed
        failed += other.failed
        errors += other.errors
        skipped += other.skipped
        var seen = Set(failingTests)
        for id in other.failingTests where seen.insert(id).inserted {
            failingTests.append(id)
        }
        notes += other.notes
    }

    /// The JUnit test id rule: `classname.name`, or `name` when the class name is empty or
    /// `name` already starts with it.
    ///
    /// - Parameters:
    ///   - className: The `classname` attribute.
    ///   - name: The `name` attribute.
    /// - Returns: The test id.
    package static func testID(className: String, name: String) -> String {
        if className.isEmpty || name.hasPrefix(className) { return name }
        return className + "." + name
    }
}
