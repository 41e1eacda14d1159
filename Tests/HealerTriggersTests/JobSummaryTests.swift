// The job summary's Markdown and Mermaid, and GitHub step outputs.
import Foundation
import HealerState
import HealerTestSupport
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall

@Suite("JobSummary and StepOutputs")
struct JobSummaryTests {
    static let summary = JobSummary(
        runID: "01JD0000000000000000000000",
        branch: "healer/01JD-add-retry",
        stage: "coded",
        history: [
            (from: "requested", to: "planned", event: "planned"),
            (from: "planned", to: "tasked", event: "tasked"),
            (from: "tasked", to: "coded", event: "coded"),
            (from: "coded", to: "tasked", event: "build_red: 2 failing"),
            (from: "tasked", to: "coded", event: "coded"),
        ],
        planSteps: ["Add a retry loop to Uploader.send", "Cover it with a test"],
        results: ["abc1234 red: UploaderTests.testRetry failed", "def5678 green"],
        request: "Add retry to the uploader",
        links: [(title: "Pull request #42", url: "https://github.com/acme/app/pull/42")]
    )

    @Test("the Markdown has the Mermaid block, the current stage highlighted, the plan, results and branch")
    func markdown() {
        let text = Self.summary.markdown
        #expect(text.contains("```mermaid\nstateDiagram-v2\n"))
        #expect(text.contains("    class coded current"))
        #expect(text.contains("**Stage:** `coded`"))
        #expect(text.contains("`healer/01JD-add-retry`"))
        #expect(text.contains("1. Add a retry loop to Uploader.send\n2. Cover it with a test"))
        #expect(text.contains("- abc1234 red: UploaderTests.testRetry failed"))
        #expect(text.contains("    tasked --> coded : coded ×2"))
        #expect(text.contains("    coded --> tasked : build_red  2 failing"))
        #expect(text.contains("    built --> tests_planned\n"))
        #expect(text.contains("[Pull request #42](https://github.com/acme/app/pull/42)"))
        #expect(text.contains("> Add retry to the uploader"))
    }

    @Test("a summary made from a run document shows its stage, request and builds")
    func fromRun() {
        var run = Run(id: "0042", branch: "healer/0042-retry", base: String(repeating: "a", count: 40), baseBranch: "main",
                      request: .init(text: "Add retry"), createdAt: "2026-11-25T07:00:00Z")
        run.stage = .built
        run.history = [.init(id: "e1", event: .planned, actor: "test", at: "2026-11-25T07:01:00Z", from: .requested, to: .planned)]
        run.builds = [BuildResult(sha: String(repeating: "b", count: 40), status: .red, failingTests: ["T.a"], testCounts: .init(passed: 3, failed: 1), coverage: 81.4)]
        let summary = JobSummary(run: run, links: [(title: "PR", url: "https://example.com/pr/1")])
        #expect(summary.stage == "built")
        #expect(summary.results == ["`bbbbbbbbbb` red: 3 passed, 1 failed, 0 skipped — failing: T.a (coverage 81%)"])
        #expect(summary.markdown.contains("class built current"))
        #expect(summary.markdown.contains("requested --> planned : planned"))
    }

    @Test("a failed run is drawn in the failed style")
    func failed() {
        let summary = JobSummary(runID: "r", branch: "b", stage: "failed", history: [(from: "coded", to: "failed", event: "build_red")])
        #expect(summary.mermaid.contains("coded --> failed : build_red"))
        #expect(summary.mermaid.hasSuffix("class failed failed"))
    }

    @Test("append writes to GITHUB_STEP_SUMMARY, and nothing outside Actions")
    func append() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.appending("summary.md")
        #expect(try Self.summary.append(environment: ["GITHUB_STEP_SUMMARY": path]))
        #expect(try Self.summary.append(environment: ["GITHUB_STEP_SUMMARY": path]))
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        #expect(text.components(separatedBy: "```mermaid").count == 3)
        #expect(try !Self.summary.append(environment: [:]))
    }

    @Test("the summary file: GitHub's step summary first, then HEALER_SUMMARY_FILE, then healer-summary.md in GitLab's project dir")
    func summaryFile() throws {
        #expect(SummaryFile.path(environment: ["GITHUB_STEP_SUMMARY": "/g", "HEALER_SUMMARY_FILE": "/h", "GITLAB_CI": "true"]) == "/g")
        #expect(SummaryFile.path(environment: ["HEALER_SUMMARY_FILE": "/h", "GITLAB_CI": "true", "CI_PROJECT_DIR": "/p"]) == "/h")
        #expect(SummaryFile.path(environment: ["GITLAB_CI": "true", "CI_PROJECT_DIR": "/p"]) == "/p/healer-summary.md")
        #expect(SummaryFile.path(environment: ["CI_PROJECT_DIR": "/p"]) == nil)
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let written = try SummaryFile.append("one", environment: ["GITLAB_CI": "true", "CI_PROJECT_DIR": temp.path])
        try SummaryFile.append("two\n", environment: ["GITLAB_CI": "true", "CI_PROJECT_DIR": temp.path])
        #expect(written == temp.appending("healer-summary.md"))
        #expect(FileManager.default.contents(atPath: temp.appending("healer-summary.md")) == Data("one\n\ntwo\n\n".utf8))
    }

    static func report(_ action: HealReport.Action) -> HealReport {
        HealReport(bad: String(repeating: "b", count: 40), good: String(repeating: "a", count: 40), action: action,
                   culprit: action == .flaky ? nil : String(repeating: "c", count: 40), culpritRange: nil,
                   failingTests: action == .flaky ? [] : ["tests.test_retry.test_cap|x"], confirmationRuns: 3,
                   bisectionRuns: action == .flaky ? 0 : 5, revertRuns: action == .reverted ? 1 : 0,
                   evidence: ["first red: cccccc", "parent green"], branch: action == .flaky ? nil : "healer/regression/ccccccc",
                   regressionCommit: nil, run: action == .regressionRun ? "01RUN" : nil,
                   whyNotReverted: action == .regressionRun ? "the revert conflicts" : nil, sandbox: "bubblewrap")
    }

    @Test("the heal summary: outcome, culprit, flowchart of the test runs spent, failing tests escaped, review command")
    func healSummary() {
        let reverted = HealJobSummary(report: Self.report(.reverted)).markdown
        #expect(reverted.hasPrefix("## healer heal: reverted\n"))
        #expect(reverted.contains("**Culprit:** `cccccccccc`"))
        #expect(reverted.contains("confirm --> bisect\n"))
        #expect(reverted.contains("bisect[\"bisect: 5 test runs, culprit ccccccc\"]"))
        #expect(reverted.contains("revert --> outcome"))
        #expect(reverted.contains("class outcome good"))
        #expect(reverted.contains("- `tests.test_retry.test_cap\\|x`"))
        #expect(reverted.contains("git log -p bbbbbbbbbb..healer/regression/ccccccc"))

        let flaky = HealJobSummary(report: Self.report(.flaky)).mermaid
        #expect(flaky.contains("confirm --> outcome") && !flaky.contains("bisect"))

        let opened = HealJobSummary(report: Self.report(.regressionRun)).markdown
        #expect(opened.contains("class outcome bad"))
        #expect(opened.contains("the revert conflicts") && opened.contains("**Run:** `01RUN`"))
    }

    @Test("step outputs: key=value, and delimiters for multiline values that never occur in them")
    func outputs() throws {
        #expect(try StepOutputs.format(StepOutputs.forRun(id: "0001", stage: .built)) == "run-id=0001\nstage=built\n")
        let text = try StepOutputs.format([(key: "log", value: "line 1\nEOF\nline 3")], delimiter: { "EOF" })
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("log<<"))
        let marker = String(lines[0].dropFirst("log<<".count))
        #expect(marker != "EOF" && !marker.isEmpty)
        #expect(lines[1...3] == ["line 1", "EOF", "line 3"])
        #expect(lines[4] == marker)
        #expect(throws: TriggerError.self) { try StepOutputs.format([(key: "a=b", value: "x")]) }

        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.appending("output")
        #expect(try StepOutputs.write(StepOutputs.forRun(id: "0002", stage: .done), environment: ["GITHUB_OUTPUT": path]))
        #expect(FileManager.default.contents(atPath: path) == Data("run-id=0002\nstage=done\n".utf8))
        #expect(try !StepOutputs.write([(key: "k", value: "v")], environment: [:]))
        #expect(try StepOutputs.dotenv([(key: "run-id", value: "0003"), (key: "note", value: "a\nb")]) == "HEALER_RUN_ID=0003\nHEALER_NOTE=a b\n")
        #expect(try StepOutputs.write(StepOutputs.forRun(id: "0004", stage: .built), environment: ["GITLAB_CI": "true", "CI_PROJECT_DIR": temp.path]))
        #expect(FileManager.default.contents(atPath: temp.appending("healer.env")) == Data("HEALER_RUN_ID=0004\nHEALER_STAGE=built\n".utf8))
    }
}
