// The flake-aware culprit search as a pure value: deterministic histories, flaky ones, skips, inert commits.
import Foundation
import Testing
@testable import HealerPipeline

@Suite("CulpritSearch: flake-aware culprit finding")
struct CulpritSearchTests {
    /// Runs the search against an oracle; returns the decision and the runs it took.
    static func search(length: Int, culprit: Int, flakeRate: Double = 0, seed: UInt64 = 1, jobs: Int = 1, budget: Int = 60,
                       skipped: Set<Int> = [], inert: Set<Int> = [], trace: Bool = false) -> (CulpritSearch.Decision, Int) {
        var random = SplitMix(seed: seed)
        var search = CulpritSearch(commits: (0..<length).map { "c\($0)" })
        for index in inert { search.markInert(index) }
        for _ in 0..<3 { search.record(length - 1, verdict: .red) }
        search.record(-1, verdict: .green)
        var runs = 0
        while runs < budget {
            let decision = search.decision(confidence: 0.95)
            if case .undecided = decision {} else { return (decision, runs) }
            let probes = search.nextProbes(count: jobs)
            if probes.isEmpty { break }
            for index in probes {
                runs += 1
                let verdict: Verdict = skipped.contains(index) ? .skip : index >= culprit ? .red : (random.next() < flakeRate ? .red : .green)
                if trace { print("probe \(index) -> \(verdict) p=\(search.posterior().map { ($0 * 100).rounded() / 100 })") }
                search.record(index, verdict: verdict)
            }
        }
        return (search.decision(confidence: 0.95), runs)
    }

    @Test("deterministic histories: the culprit in about log2(n) + 2 runs", arguments: [(64, 36), (64, 0), (64, 63), (16, 5), (1024, 700), (8, 1)])
    func deterministic(length: Int, culprit: Int) {
        let (decision, runs) = Self.search(length: length, culprit: culprit)
        guard case .culprit(let index, let probability) = decision else { Issue.record("\(decision)"); return }
        #expect(index == culprit && probability >= 0.95)
        let depth = Int(log2(Double(length)).rounded(.up))
        #expect(runs <= depth + 3, "\(runs) runs for \(length) commits")
    }
}

/// A small seeded generator (SplitMix64), so flaky histories replay.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
