import HealerExecution
import Testing

@Suite("unittest summaries in logs")
struct LogSummaryUnittestTests {
    @Test("counts and failing ids come from python -m unittest output")
    func unittestLog() throws {
        let log = """
        ..F.E
        ======================================================================
        FAIL: test_capped (test_retry.BackoffTests.test_capped)
        ----------------------------------------------------------------------
        AssertionError: 40.0 != 25.0
        ======================================================================
        ERROR: test_total (test_retry.BackoffTests.test_total)
        ----------------------------------------------------------------------
        Ran 5 tests in 0.002s

        FAILED (failures=1, errors=1)
        """
        let report = try #require(LogSummary.parse(log)[.unittest])
        #expect(report.passed == 3 && report.failed == 1 && report.errors == 1)
        #expect(report.failingTests == ["test_retry.BackoffTests.test_capped", "test_retry.BackoffTests.test_total"])
        #expect(LogSummary.parse("Ran 2 tests in 0.1s\n\nOK (skipped=1)\n")[.unittest]?.skipped == 1)
        #expect(LogSummary.parse("nothing here")[.unittest] == nil)
    }
}
