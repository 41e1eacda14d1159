// Failure signatures: the exit class, the first error line, and when two runs fail the same way.
import Foundation
import HealerExecution
import Testing

@Suite("FailureSignature and FailureExcerpt")
struct FailureSignatureTests {
    static func result(_ log: String, exit: Int32) -> ProcessResult {
        ProcessResult(exitCode: exit, signal: nil, timedOut: false, memoryLimitExceeded: false, duration: .seconds(1),
                      log: Data(log.utf8), logByteCount: log.utf8.count, logTruncated: false)
    }

    @Test("a Go module missing offline is a set-up failure even though go reports the package as FAIL")
    func goMissingModule() {
        let log = "m_test.go:2:20: module lookup disabled by GOPROXY=off\nFAIL\texample.com/m [setup failed]\nFAIL\n"
        var report = TestReport(source: .log)
        report.failed = 1
        report.failingTests = ["example.com/m"]
        let signature = FailureSignature.classify(Self.result(log, exit: 1), report: report, testCommand: "go test ./...")
        #expect(signature.kind == .setup)
        #expect(signature.firstError?.contains("module lookup disabled") == true, "\(signature.firstError ?? "")")
    }

    @Test("pytest: a collection error is set-up, an assertion is tests; the E line is quoted first")
    func pytest() {
        let collection = "ImportError while importing test module '/w/tests/test_a.py'.\nE   ModuleNotFoundError: No module named 'requests'\n1 error in 0.1s\n"
        let setup = FailureSignature.classify(Self.result(collection, exit: 2), report: TestReport(source: .log), testCommand: "python3 -m pytest")
        #expect(setup.kind == .setup && setup.firstError == "E   ModuleNotFoundError: No module named 'requests'")
        let assertion = "tests/test_a.py F\nE       assert 2 == 3\nFAILED tests/test_a.py::test_x - assert 2 == 3\n1 failed in 0.02s\n"
        var report = TestReport(source: .log)
        report.failed = 1
        report.failingTests = ["tests/test_a.py::test_x"]
        let tests = FailureSignature.classify(Self.result(assertion, exit: 1), report: report, testCommand: "python3 -m pytest")
        #expect(tests.kind == .tests && tests.firstError == "E       assert 2 == 3")
    }

    @Test("the same failure with other paths, numbers and addresses matches; another test does not")
    func matching() {
        let a = FailureSignature(kind: .setup, failingTests: [], firstError: "ImportError: /tmp/a/x.py:12 at 0x7f00", exitCode: 2)
        let b = FailureSignature(kind: .setup, failingTests: [], firstError: "ImportError: /work/b/x.py:40 at 0x7e11", exitCode: 2)
        let c = FailureSignature(kind: .setup, failingTests: [], firstError: "SyntaxError: invalid syntax", exitCode: 2)
        #expect(a.matches(b) && !a.matches(c))
    }
}
