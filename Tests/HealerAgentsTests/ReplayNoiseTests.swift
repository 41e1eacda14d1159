// Replay holds on real runs: feedback without run-to-run noise, and a divergence that says where.
@testable import HealerAgents
import HealerState
import Testing

@Suite("Replay: feedback without noise, divergence that points at the line")
struct ReplayNoiseTests {
    /// Two runs of the same red pytest build, as they really differ from run to run.
    static let firstRun = """
        ============================= test session starts ==============================
        platform linux -- Python 3.11.7, pytest-8.3.4, pluggy-1.5.0
        rootdir: /tmp/pytest-of-root/pytest-12/test_retry0
        collected 5 items

        test_retry.py ..FFF                                                      [100%]
        FAILED test_retry.py::test_cap - AssertionError: assert 40.0 == 25.0
        2026-12-02T10:52:59Z worker pid 4121 crashed at 0x7ffd5e2a1b40
        ========================= 3 failed, 2 passed in 1.40s ==========================
        """
    static let secondRun = """
        ============================= test session starts ==============================
        platform linux -- Python 3.11.7, pytest-8.3.4, pluggy-1.5.0
        rootdir: /tmp/pytest-of-root/pytest-13/test_retry0
        collected 5 items

        test_retry.py ..FFF                                                      [100%]
        FAILED test_retry.py::test_cap - AssertionError: assert 40.0 == 25.0
        2026-12-02T11:03:14Z worker pid 977 crashed at 0x7ffe11c0aa00
        ========================= 3 failed, 2 passed in 1.65s ==========================
        """

    @Test("two runs of the same red build give the same feedback: durations, temp paths, pids, addresses and timestamps are taken out")
    func feedbackWithoutNoise() {
        let result = BuildResult(sha: "0123456789abcdef0123456789abcdef01234567", status: .red, failingTests: ["test_retry.py::test_cap"])
        let first = BuildFeedback(result: result, log: Self.firstRun, attempt: 1)
        let second = BuildFeedback(result: result, log: Self.secondRun, attempt: 1)
        #expect(first.promptSection == second.promptSection)
        #expect(first.logExcerpt.contains("3 failed, 2 passed in <duration>"))
        #expect(first.logExcerpt.contains("AssertionError: assert 40.0 == 25.0"), "the evidence itself stays")
        #expect(!first.logExcerpt.contains("/tmp/"))
    }

    @Test("a replay that diverges names the message, the first differing line, the line before it and both versions")
    func divergenceNamesTheLine() {
        let old = "## Request\nmake the delay configurable\n## Context\nretry.py:1-10\nDELAY = 1.0\n"
        let new = "## Request\nmake the delay configurable\n## Context\nretry.py:1-10\nDELAY = 2.0\n"
        let message = ReplayClient.firstDifference(old, new)
        #expect(message == "differs at line 5 of 6 after 'retry.py:1-10': was 'DELAY = 1.0', is now 'DELAY = 2.0'")
        #expect(ReplayClient.firstDifference("a\nb", "a\nb\nc").contains("was (no line), is now 'c'"))
    }
}
