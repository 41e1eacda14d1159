// `healer heal`: confirm a red trunk, find the culprit with flake-aware bisection, and open a regression commit.
import Foundation
import HealerExecution
import HealerGit
import HealerState
import HealerStore
import HealerWorkspace

/// Heals a red trunk (`healer heal`, `healer ci` on a red pipeline): confirms the failure, finds
/// the culprit, and reverts it on its own branch with the evidence.
package struct TrunkHealer: WorkspaceService {
    package let workspace: Workspace

    /// A healer for the trunk of `workspace`.
    package init(_ workspace: Workspace) {
        self.workspace = workspace
    }
}

/// Settings for one `healer heal`.
package struct HealOptions: Sendable {
    /// The last known green commit (default: the newest green verdict in refs/healer/ci).
    package var good: String?
    /// The red commit (default: `HEAD`).
    package var bad: String?
    /// The test command (default: .healer.yml's, else detected).
    package var test: String?
    /// Extra runs of the tests on the bad commit to tell real from flaky failures.
    package var confirmRuns: Int?
    /// How many commits to test at once (default: `verify.jobs`).
    package var jobs: Int?
    /// Whether progress lines carry the log tail of failed commands.
    package var verbose: Bool

    /// Creates options.
    package init(good: String? = nil, bad: String? = nil, test: String? = nil, confirmRuns: Int? = nil, jobs: Int? = nil, verbose: Bool = false) {
        self.good = good
        self.bad = bad
        self.test = test
        self.confirmRuns = confirmRuns
        self.jobs = jobs
        self.verbose = verbose
    }
}

extension TrunkHealer {
    /// Finds the commit that turned the trunk red and opens a regression commit on
    /// `healer/regression/<culprit>`: a tested revert when one is safe, else a commit
    /// carrying the regression plus a new run to fix it. Never touches the trunk or the
    /// user's checkout.
    ///
    /// - Throws: ``PipelineError`` input (exit 2) for bad options, a test command that cannot
    ///   run, or tests that fail the same way on every commit (the environment); failure (exit 1)
    ///   when the commit cannot be built or nothing green is found. No verdict is written on exit 2.
    package func heal(_ options: HealOptions, progress: @escaping (String) -> Void) throws(PipelineError) -> HealReport {
        try Self.check(options)
        try deepenInCI(progress: progress)
        let bad = try pipeline { try repository.resolve(options.bad ?? "HEAD") }
        if options.bad == nil, (try? repository.hasUncommittedChanges()) == true {
            progress("note: your uncommitted changes are not tested; heal tests commits, starting from HEAD (\(bad.short))")
        }
        if let (branch, commit) = try openedRegression(on: bad) {
            progress("\(branch) already heals \(bad.short); nothing tested")
            return alreadyOpenedReport(bad: bad, branch: branch, commit: commit)
        }
        let known = try knownGreen(options, bad: bad, progress: progress)
        let session = try HealSession(workspace: workspace, options: options, bad: bad, progress: progress)
        if let imports = try session.mainTester.checkImportRoots(at: bad) { progress(imports) }
        return try session.recordingVerdicts { () throws(PipelineError) in try session.run(bad: bad, known: known) }
    }

    /// Options that cannot work, refused before anything runs.
    static func check(_ options: HealOptions) throws(PipelineError) {
        if let test = options.test, test.trimmingCharacters(in: .whitespaces).isEmpty {
            throw PipelineError(.usage, "--test is empty; pass the command that runs the tests (for example --test \"make test\"), or leave it out to use .healer.yml's or the detected one")
        }
        if let runs = options.confirmRuns, runs < 0 {
            throw PipelineError(.usage, "--confirm-runs must be 0 or more (it is \(runs))")
        }
        if let jobs = options.jobs, jobs < 1 {
            throw PipelineError(.usage, "--jobs must be 1 or more (it is \(jobs))")
        }
    }

    /// The green end the user or refs/healer/ci vouches for, if any.
    private func knownGreen(_ options: HealOptions, bad: ObjectID, progress: (String) -> Void) throws(PipelineError) -> ObjectID? {
        if let text = options.good {
            let good = try pipeline { try repository.resolve(text) }
            guard good != bad else {
                throw PipelineError(.usage, "--good and --bad are the same commit (\(good.short)); --good must be an older commit whose tests pass")
            }
            guard try pipeline({ try repository.isAncestor(good, of: bad) }) else {
                throw PipelineError(.usage, "--good \(good.short) is not an ancestor of --bad \(bad.short); pick a green commit from the red commit's history")
            }
            return good
        }
        let verdicts = VerdictLog(repository: repository)
        if let green = try pipeline({ try verdicts.lastGreen(before: bad, command: options.test) }), green != bad,
           try pipeline({ try repository.isAncestor(green, of: bad) }) {
            progress("last green commit from refs/healer/ci: \(green.short)")
            return green
        }
        return nil
    }

    /// In CI (`CI=true`), a shallow checkout is deepened to `verify.searchLimit` commits first:
    /// heal needs the history it searches. Elsewhere the look-back says how to deepen it.
    private func deepenInCI(progress: (String) -> Void) throws(PipelineError) {
        guard repository.isShallow, ProcessInfo.processInfo.environment["CI"] == "true" else { return }
        let depth = configuration.resolved.verify.searchLimit + 1
        progress("shallow clone in CI: fetching \(depth) more commits of history (git fetch --deepen=\(depth))")
        do { try repository.deepen(by: depth, remote: defaultRemote()) } catch {
            progress("warning: could not deepen the clone (\(error.description)); heal searches the history it has")
        }
    }

}

extension HealSession {
    /// The phases in order: confirm, find the green end, search, heal.
    func run(bad: ObjectID, known: ObjectID?) throws(PipelineError) -> HealReport {
        guard try confirm(bad) else { return report }
        var seen: [(ObjectID, Verdict)] = []
        var anchorMeasured = false
        let good: ObjectID
        if let known {
            good = known
            if badSignature?.kind == .setup {
                let test = try self.test([known])[0]
                try refuseBrokenEnvironment(test, bad: bad)
                anchorMeasured = judge(test) == .green
            }
        } else {
            let before = testRuns
            let found = try lookBack(from: bad)
            report.searchRuns = testRuns - before
            (good, seen, anchorMeasured) = (found.green, found.seen, true)
        }
        report.good = good.hex
        let chain = try pipeline { try repository.commits(from: good, to: bad, firstParentOnly: true) }
        let finding = try findCulprit(in: chain, seen: seen, good: good, anchorMeasured: anchorMeasured)
        switch finding {
        case .range(let commits):
            report.culpritRange = commits
            report.evidence.append("skipped commits hide the culprit: it is one of \(commits.map { String($0.prefix(7)) }.joined(separator: ", "))")
            return try openRegressionRun(culprit: nil, bad: bad, why: "unbuildable commits hide the culprit")
        case .suspect(let commit, let probability):
            report.action = .suspect
            report.suspect = commit.hex
            report.confidence = probability
            report.evidence.append(String(format: "%@ is the most likely culprit, at %.2f: below verify.confidence %.2f after %d runs; nothing reverted",
                                          commit.short, probability, settings.confidence, report.bisectionRuns))
            return report
        case .culprit(let culprit, let probability):
            report.culprit = culprit.hex
            report.confidence = probability
            let info = try pipeline { try repository.commit(culprit) }
            let parent = info.parents.first.map(\.short) ?? "its parent"
            report.evidence.append(String(format: "%@ fails and its parent %@ passes: %@ is the culprit at %.3f (\"%@\")",
                                          culprit.short, parent, culprit.short, probability, info.summary))
            return try heal(culprit: culprit, bad: bad, chainLength: chain.count)
        }
    }
}
