// One `healer heal`: its testers, the evidence it gathers and the verdicts it records at the end.
import Foundation
import HealerExecution
import HealerGit
import HealerState
import HealerStore
import HealerSystem
import HealerWorkspace

/// The state of one heal as it moves through its phases: confirm the failure, find a green
/// commit, search for the culprit, check it, revert it.
///
/// Verdicts are kept back until the heal ends with an answer (exit 0 or 1): a heal that stops
/// with bad input or a broken environment (exit 2) writes nothing to `refs/healer/ci`.
final class HealSession {
    /// The resolved `verify.*` settings.
    struct Settings {
        var confirmRuns: Int
        var searchLimit: Int
        var confidence: Double
        var jobs: Int
        var maxRuns: Int?
        var optOutTrailer: String

        init(_ configuration: Configuration, options: HealOptions) {
            let verify = configuration.resolved.verify
            confirmRuns = max(0, options.confirmRuns ?? verify.confirmRuns)
            searchLimit = max(1, verify.searchLimit)
            confidence = verify.confidence
            jobs = max(1, options.jobs ?? verify.jobs)
            maxRuns = verify.maxRuns
            optOutTrailer = verify.optOutTrailer
        }
    }

    let workspace: Workspace
    let options: HealOptions
    let settings: Settings
    let progress: (String) -> Void
    var report: HealReport
    /// Tests that failed on the red commit in every confirmation run: what the search follows.
    var targets: [String] = []
    /// How the red commit fails.
    var badSignature: FailureSignature?
    /// The failure the search follows when there are no test ids: the red commit's most frequent
    /// first error line. A run that fails with another line is not evidence for this failure.
    var targetSignature: FailureSignature?
    /// Whether a run failed in another way than the red commit's target failure (at the red
    /// commit or anywhere else): the suite is flaky, so deterministic tests are ruled out.
    var suiteFlaky = false
    /// Whether the red commit's own runs failed in more than one way.
    var badFailedSeveralWays = false
    /// The red commit's log.
    var badLog = Data()
    /// The first lines of the red commit's failure, for people.
    var badExcerpt: [String] = []
    /// The testers made so far, one worktree each; the first is heal's main worktree.
    private(set) var testers: [CommitTester] = []
    /// The time limit later testers get (see ``limitLaterRuns(after:)``).
    var nextTimeoutLimit: Double?

    private var pending: [(commit: ObjectID, entry: VerdictEntry)] = []

    var repository: Repository { workspace.repository }

    init(workspace: Workspace, options: HealOptions, bad: ObjectID, progress: @escaping (String) -> Void) throws(PipelineError) {
        self.workspace = workspace
        self.options = options
        self.settings = Settings(workspace.configuration, options: options)
        self.progress = progress
        let first = try CommitTester(repository: workspace.repository, name: "heal", configuration: workspace.configuration,
                                     testOverride: options.test, progress: progress)
        first.verbose = options.verbose
        testers = [first]
        report = HealReport(bad: bad.hex, good: "", action: .alreadyGreen, failingTests: [], confirmationRuns: 0,
                            bisectionRuns: 0, revertRuns: 0, evidence: [], sandbox: first.sandboxSummary)
    }

    /// The first tester (heal's main worktree).
    var mainTester: CommitTester { testers[0] }

    /// Test runs spent so far, over every worktree.
    var testRuns: Int { testers.reduce(0) { $0 + $1.testRuns } }

    /// Runs `body`, then writes the verdicts it gathered unless it stopped with an input error.
    func recordingVerdicts<T>(_ body: () throws(PipelineError) -> T) throws(PipelineError) -> T {
        do {
            let value = try body()
            flushVerdicts()
            return value
        } catch {
            if error.exitClass == .failure { flushVerdicts() }
            throw error
        }
    }

    private func flushVerdicts() {
        let log = VerdictLog(repository: repository)
        for (commit, entry) in pending { try? log.append(entry, on: commit) }
        pending.removeAll()
    }

    /// Keeps `test`'s verdict to record at the end; a run of selected tests names its command so
    /// that its green never stands for the whole suite.
    func keep(_ test: CommitTest) {
        let command = test.selected ? test.command : options.test
        pending.append((test.commit, VerdictEntry(status: test.verdict, by: "heal", at: Timestamp.now(),
                                                   failing: test.result.failingTests.isEmpty ? nil : test.result.failingTests, command: command)))
    }

    /// Tests `commits` (repeats allowed), up to `settings.jobs` at once in worktrees of their own.
    func test(_ commits: [ObjectID], selecting: Bool = false) throws(PipelineError) -> [CommitTest] {
        let selection = selecting ? targets : []
        if commits.count == 1 {
            let result = try mainTester.test(commits[0], only: selection)
            keep(result)
            return [result]
        }
        while testers.count < min(commits.count, settings.jobs) {
            let tester = try CommitTester(repository: repository, name: "heal-\(testers.count + 1)", configuration: workspace.configuration,
                                          testOverride: options.test, progress: progress)
            tester.verbose = options.verbose
            tester.timeoutLimit = nextTimeoutLimit
            testers.append(tester)
        }
        var results: [CommitTest] = []
        for start in stride(from: 0, to: commits.count, by: testers.count) {
            let batch = Array(commits[start..<min(commits.count, start + testers.count)])
            results += try Self.inParallel(batch, testers: testers, selection: selection)
        }
        results.forEach(keep)
        return results
    }

    /// Runs one commit per tester on threads of their own (the commands block on processes).
    private static func inParallel(_ commits: [ObjectID], testers: [CommitTester], selection: [String]) throws(PipelineError) -> [CommitTest] {
        let outcomes = ResultSlots<Result<CommitTest, PipelineError>>(count: commits.count)
        let group = DispatchGroup()
        for (index, commit) in commits.enumerated() {
            let tester = UncheckedTester(tester: testers[index])
            group.enter()
            let thread = Thread {
                outcomes.set(index, Result { () throws(PipelineError) in try tester.tester.test(commit, only: selection) })
                group.leave()
            }
            thread.start()
        }
        group.wait()
        var results: [CommitTest] = []
        for outcome in outcomes.all() {
            switch outcome {
            case .success(let test): results.append(test)
            case .failure(let error): throw error
            case nil: throw PipelineError(.failure, "a parallel test run ended without a result")
            }
        }
        return results
    }

    /// How `test` counts for the search: red only when a test the red commit fails in every run
    /// fails here too; a run that never got to its tests says nothing (skip). Without test ids, a
    /// run that fails with another first error line than the red commit's is inconclusive: another
    /// failure (a flaky test that stops the suite) may hide this one.
    func judge(_ test: CommitTest) -> Judgement {
        guard test.verdict == .red else { return Judgement(test.verdict) }
        if !targets.isEmpty {
            if let signature = test.signature, signature.kind == .setup || signature.kind == .limit { return .skip }
            let failing = Set(test.result.failingTests)
            if !failing.isEmpty || test.result.testCounts != nil { return targets.contains(where: failing.contains) ? .red : .green }
        }
        // Only a red commit that failed the same way in every run gives a line to follow; when its
        // own runs differed (parallel output, crashes), every red counts, in a suite known flaky.
        if !badFailedSeveralWays, let target = targetSignature, target.firstError != nil, let signature = test.signature,
           !signature.hasSameFirstError(as: target) {
            suiteFlaky = true
            return .inconclusive
        }
        return .red
    }
}

/// What one test run says about the failure heal is after.
enum Judgement: String {
    case green, red, skip
    /// It failed another way: no evidence either way.
    case inconclusive

    init(_ verdict: Verdict) {
        switch verdict {
        case .green: self = .green
        case .red: self = .red
        case .skip: self = .skip
        }
    }

    /// The verdict the search records, or `nil` for no evidence.
    var verdict: Verdict? {
        switch self {
        case .green: .green
        case .red: .red
        case .skip: .skip
        case .inconclusive: nil
        }
    }
}

/// A tester handed to one thread; each tester is used by one thread at a time.
private struct UncheckedTester: @unchecked Sendable {
    let tester: CommitTester
}

