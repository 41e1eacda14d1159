// Heal's search: flake-aware culprit finding over the first-parent chain, k commits at a time.
import Foundation
import HealerGit
import HealerState
import HealerWorkspace

extension HealSession {
    /// What the search concluded.
    enum Finding {
        /// The culprit (index in the chain) at the posterior probability.
        case culprit(ObjectID, probability: Double)
        /// Unbuildable commits hide the culprit among these.
        case range([String])
        /// Not certain enough: the most likely commit.
        case suspect(ObjectID, probability: Double)
    }

    /// Searches `chain` (oldest first, ending with the red commit) for the culprit.
    ///
    /// - Parameters:
    ///   - chain: The first-parent commits after the green end.
    ///   - seen: Results already known (the look-back's).
    ///   - anchorMeasured: Whether the green end was measured here (else it is trusted, and
    ///     measured before the commit right after it is blamed).
    func findCulprit(in chain: [ObjectID], seen: [(ObjectID, Verdict)], good: ObjectID, anchorMeasured: Bool) throws(PipelineError) -> Finding {
        var search = startSearch(in: chain, seen: seen, anchorMeasured: anchorMeasured)
        let depth = Int(log2(Double(chain.count + 1)).rounded(.up))
        // A flaky suite needs reruns to reach its stricter bar: twice the budget.
        func budget() -> Int { settings.maxRuns ?? (3 * depth + 8) * (search.knownFlaky ? 2 : 1) }
        var inertChecked: Set<Int> = []
        var inconclusive: [Int: Int] = [:]
        var anchorChecked = anchorMeasured
        let before = testRuns
        progress("searching \(chain.count) commits for the culprit, \(settings.jobs) at a time (confidence \(settings.confidence))")
        while true {
            let decision = search.decision(confidence: settings.confidence)
            switch decision {
            case .culprit(let index, let probability):
                if !inertChecked.contains(index) {
                    inertChecked.insert(index)
                    if try isInert(chain[index]) {
                        search.markInert(index)
                        report.evidence.append("\(chain[index].short) changes only comments, whitespace or docs: blaming it takes more evidence")
                        continue
                    }
                }
                if index == 0, !anchorChecked {
                    anchorChecked = true
                    try measureTrustedGreen(good, culprit: chain[0])
                    search.record(-1, verdict: .green)
                    continue
                }
                report.bisectionRuns = testRuns - before
                report.flakeProbability = search.flakeProbability()
                return .culprit(chain[index], probability: probability)
            case .range(let indices, _):
                report.bisectionRuns = testRuns - before
                return .range(indices.map { chain[$0].hex })
            case .undecided(let suspect, let probability):
                if testRuns - before >= budget() {
                    report.bisectionRuns = testRuns - before
                    return .suspect(chain[suspect], probability: probability)
                }
            }
            let probes = search.nextProbes(count: settings.jobs)
            guard !probes.isEmpty else {
                report.bisectionRuns = testRuns - before
                if case .undecided(let suspect, let probability) = decision { return .suspect(chain[suspect], probability: probability) }
                return .range(chain.map(\.hex))
            }
            let results = try test(probes.map { chain[$0] }, selecting: true)
            for (index, result) in zip(probes, results) {
                record(result, at: index, in: chain, search: &search, inconclusive: &inconclusive)
            }
        }
    }

    /// A search over `chain` that already knows the confirmation runs' reds, the look-back's
    /// results and, when it was measured here, the green end.
    private func startSearch(in chain: [ObjectID], seen: [(ObjectID, Verdict)], anchorMeasured: Bool) -> CulpritSearch {
        var search = CulpritSearch(commits: chain.map(\.hex), knownFlaky: suiteFlaky)
        let last = chain.count - 1
        for _ in 0..<report.confirmationRuns { search.record(last, verdict: .red) }
        for (commit, verdict) in seen { if let index = chain.firstIndex(of: commit) { search.record(index, verdict: verdict) } }
        if anchorMeasured { search.record(-1, verdict: .green) }
        return search
    }

    /// Records one probe's result in the search and the evidence.
    private func record(_ result: CommitTest, at index: Int, in chain: [ObjectID], search: inout CulpritSearch, inconclusive: inout [Int: Int]) {
        let judgement = judge(result)
        if suiteFlaky, !search.knownFlaky { search.markFlaky() }
        if let verdict = judgement.verdict { search.record(index, verdict: verdict) }
        // A commit that fails another way three times and never says red or green cannot be
        // tested for this failure (its output varies run to run): skip it.
        if judgement == .inconclusive {
            inconclusive[index, default: 0] += 1
            if inconclusive[index] == 3, search.reds[index] + search.greens[index] == 0 { search.record(index, verdict: .skip) }
        }
        report.evidence.append("bisect: \(chain[index].short) \(judgement.rawValue)"
                               + (judgement == .green ? "" : Self.quote(Array(result.excerpt.prefix(1)))))
    }

    /// Tests a trusted green end (`--good`, a verdict in refs/healer/ci) before the commit after
    /// it is blamed; a red one is the user's input to fix, not evidence against that commit.
    private func measureTrustedGreen(_ good: ObjectID, culprit: ObjectID) throws(PipelineError) {
        let test = try self.test([good], selecting: true)[0]
        guard judge(test) != .red else {
            let source = options.good != nil ? "--good \(good.short)" : "the last green verdict in refs/healer/ci, \(good.short),"
            throw PipelineError(.usage, "\(source) fails its tests here too, so \(culprit.short) cannot be blamed; pass an older green commit with --good, or leave --good out and heal looks back for one")
        }
    }

    /// Whether every file `commit` changes is documentation, or changes only comments and white space.
    func isInert(_ commit: ObjectID) throws(PipelineError) -> Bool {
        let info = try pipeline { try repository.commit(commit) }
        guard let parent = info.parents.first else { return false }
        let diff = try pipeline { try repository.diff(from: parent.hex, to: commit.hex) }
        guard !diff.files.isEmpty else { return true }
        return diff.files.allSatisfy { change in
            guard !change.isBinary else { return InertChange.isDocumentation(change.path) }
            let old = try? repository.readFile(change.oldPath, at: parent.hex)
            let new = try? repository.readFile(change.path, at: commit.hex)
            return InertChange.isInert(path: change.path, old: old.map { String(decoding: $0, as: UTF8.self) },
                                       new: new.map { String(decoding: $0, as: UTF8.self) })
        }
    }
}
