// Heal's first phase: the red commit fails, every time, and the same way; a broken environment is not a regression.
import HealerExecution
import HealerGit
import HealerState
import HealerWorkspace

extension HealSession {
    /// Tests the red commit until the failure is confirmed.
    ///
    /// - Returns: `false` when there is nothing to search for (green, or flaky: the report says which).
    /// - Throws: input errors (exit 2) for a test command that cannot run; failure when the
    ///   commit cannot be built at all.
    func confirm(_ bad: ObjectID) throws(PipelineError) -> Bool {
        progress("confirming that \(bad.short) fails")
        let first = try test([bad])[0]
        guard try isRed(first, bad: bad) else { return false }
        badSignature = first.signature
        targetSignature = first.signature
        badLog = first.log
        badExcerpt = first.excerpt
        report.failureExcerpt = first.excerpt
        report.failingTests = first.result.failingTests
        targets = first.result.failingTests
        if badSignature?.kind == .setup {
            // Setup and collection errors do not flake: one run is the evidence; what matters is
            // whether older commits fail the same way (checked where the green end is found).
            report.evidence.append("\(bad.short) fails before its tests run\(Self.quote(first.excerpt))")
            return true
        }
        report.evidence.append("\(bad.short) fails" + (targets.isEmpty ? "" : ": \(targets.prefix(5).joined(separator: ", "))")
                               + Self.quote(Array(first.excerpt.prefix(1))))
        var signatures = first.signature.map { [$0] } ?? []
        for rerun in 0..<settings.confirmRuns {
            guard try failsAgain(bad, rerun: rerun, signatures: &signatures) else { return false }
        }
        report.failingTests = targets.isEmpty ? report.failingTests : targets
        limitLaterRuns(after: first)
        if suiteFlaky, targets.isEmpty {
            report.evidence.append("\(bad.short) failed in more than one way: the tests are flaky; following \"\(targetSignature?.firstError ?? "?")\"")
        }
        report.evidence.append("\(bad.short) failed \(report.confirmationRuns) of \(report.confirmationRuns) runs")
        return true
    }

    /// Whether the red commit's first run failed; `false` when it passed (nothing to heal).
    ///
    /// - Throws: input errors for a test command that cannot run; failure when the commit
    ///   cannot be built or tested.
    private func isRed(_ first: CommitTest, bad: ObjectID) throws(PipelineError) -> Bool {
        if let unrunnable = first.unrunnable {
            throw PipelineError(.usage, "on \(bad.short), \(unrunnable); \(UnrunnableCommand.fix(for: unrunnable))")
        }
        report.confirmationRuns = 1
        switch first.verdict {
        case .green:
            report.evidence.append("\(bad.short) passes its tests: nothing to heal")
            return false
        case .skip:
            let why = first.result.interruption ?? "skipped"
            throw PipelineError(.failure, "\(bad.short) cannot be built or tested (\(why))\(Self.quote(first.excerpt)); fix the build first"
                                + (options.verbose ? "" : " (--verbose shows the log)"))
        case .red:
            return true
        }
    }

    /// Reruns the red commit once more, narrowing the targets to the tests that failed every
    /// time; `false` when the failure turned out flaky (the report says so).
    private func failsAgain(_ bad: ObjectID, rerun: Int, signatures: inout [FailureSignature]) throws(PipelineError) -> Bool {
        let again = try test([bad])[0]
        report.confirmationRuns += 1
        if let signature = again.signature {
            signatures.append(signature)
            targetSignature = Self.mostFrequent(signatures)
            if signatures.contains(where: { !$0.hasSameFirstError(as: signature) }) { suiteFlaky = true; badFailedSeveralWays = true }
        }
        if again.verdict == .green {
            report.action = .flaky
            report.evidence.append("rerun \(rerun + 1) of \(bad.short) passed: the failure is flaky, nobody is blamed")
            return false
        }
        if targets.isEmpty, !again.result.failingTests.isEmpty {
            // The first run named no tests (a crash can cut its report short): this one does.
            targets = again.result.failingTests
        } else if !targets.isEmpty, again.result.testCounts != nil || !again.result.failingTests.isEmpty {
            let steady = targets.filter(again.result.failingTests.contains)
            let flaky = targets.filter { !steady.contains($0) }
            if !flaky.isEmpty { report.evidence.append("flaky on \(bad.short) (failed, then passed): \(flaky.prefix(5).joined(separator: ", "))") }
            guard !steady.isEmpty else {
                report.action = .flaky
                report.evidence.append("no test failed in every run of \(bad.short): the failure is flaky, nobody is blamed")
                return false
            }
            targets = steady
        }
        return true
    }

    /// Later runs get ten times the red commit's first run, at least 5 minutes (never more than
    /// `timeoutSeconds`): a commit whose tests hang costs minutes, not the whole limit.
    func limitLaterRuns(after first: CommitTest) {
        guard workspace.configuration.timeoutSeconds == nil, let seconds = first.result.durationSeconds else { return }
        let limit = max(300, seconds * 10)
        for tester in testers { tester.timeoutLimit = limit }
        nextTimeoutLimit = limit
    }

    /// Stops with exit 2 when `test`, an older commit, fails before its tests run the same way
    /// the red commit does: the environment cannot run the tests, whichever commit is checked out.
    func refuseBrokenEnvironment(_ test: CommitTest, bad: ObjectID) throws(PipelineError) {
        guard let badSignature, badSignature.kind == .setup, let signature = test.signature, signature.matches(badSignature) else { return }
        let line = badSignature.firstError ?? badExcerpt.first ?? "no error line found"
        throw PipelineError(.usage, "the tests fail the same way before they run on \(bad.short) and on \(test.commit.short) (\(line)): "
                            + "the environment cannot run them, this is not a regression; \(EnvironmentAdvice.fix(for: line))")
    }

    /// The signature whose first error line comes up most often (the earliest on a tie).
    static func mostFrequent(_ signatures: [FailureSignature]) -> FailureSignature? {
        signatures.max { left, right in
            signatures.filter { $0.hasSameFirstError(as: left) }.count < signatures.filter { $0.hasSameFirstError(as: right) }.count
        }
    }

    /// ` (first line | second line)`, or nothing.
    static func quote(_ lines: [String]) -> String {
        lines.isEmpty ? "" : ": " + lines.joined(separator: " | ")
    }
}

/// What to do about a test set-up that fails on every commit, from its first error line.
enum EnvironmentAdvice {
    static func fix(for line: String) -> String {
        switch line {
        case let text where text.contains("No module named") || text.contains("ImportError") || text.contains("ModuleNotFoundError"):
            "install the project and its test dependencies where healer runs (for example `pip install -e . pytest` in the virtual environment), or set `test:` in .healer.yml"
        case let text where text.contains("go.sum") || text.contains("module") && (text.contains("go:") || text.contains("provid")):
            "make the modules available offline (`go mod download`, or `go mod vendor`): tests run without network"
        case let text where text.contains("Cannot find module") || text.contains("ERR_MODULE_NOT_FOUND"):
            "install the dependencies in the checkout first (`npm ci`): heal's worktree uses its node_modules"
        default:
            "make the tests run on a known good commit first (`--verbose` shows the log), or set `test:` in .healer.yml"
        }
    }
}
