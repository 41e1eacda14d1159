// The flake-aware culprit search as a pure value: deterministic histories, flaky ones, skips, inert commits.
import Foundation
import Testing
@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall
@testable import HealerState

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

extension CulpritSearchTests {
    @Test("a flaky suite (30% of runs fail on good commits, known flaky): 500 seeds, never an innocent commit")
    func flakyNeverWrong() {
        var right = 0
        for seed in 1...500 {
            let culprit = 5 + seed % 50
            var random = SplitMix(seed: UInt64(seed))
            var search = CulpritSearch(commits: (0..<60).map { "c\($0)" }, knownFlaky: true)
            for _ in 0..<3 { search.record(59, verdict: .red) }
            search.record(-1, verdict: .green)
            var runs = 0
            decide: while runs < 60 {
                switch search.decision(confidence: 0.95) {
                case .culprit(let index, _):
                    #expect(index == culprit, "seed \(seed): blamed \(index), the culprit is \(culprit)")
                    if index == culprit { right += 1 }
                    break decide
                case .range: Issue.record("no skips, no range"); break decide
                case .undecided: break
                }
                for index in search.nextProbes(count: 1) {
                    runs += 1
                    search.record(index, verdict: index >= culprit || random.next() < 0.3 ? .red : .green)
                }
            }
        }
        #expect(right >= 450, "named the culprit for \(right) of 500 seeds")
    }

    @Test("skipped commits right before the culprit: the answer is the range, the skipped ones never alone")
    func skipsGiveRange() {
        let (decision, _) = Self.search(length: 32, culprit: 12, skipped: [10, 11])
        guard case .range(let indices, _) = decision else { Issue.record("\(decision)"); return }
        #expect(indices == [10, 11, 12])
    }

    @Test("a culprit whose diff cannot change behaviour takes more runs to blame")
    func inertNeedsMoreEvidence() {
        let (plain, plainRuns) = Self.search(length: 64, culprit: 36)
        let (inert, inertRuns) = Self.search(length: 64, culprit: 36, inert: [36])
        guard case .culprit(let first, _) = plain, case .culprit(let second, _) = inert else { Issue.record("\(plain) \(inert)"); return }
        #expect(first == 36 && second == 36, "the same culprit")
        #expect(inertRuns > plainRuns, "\(inertRuns) vs \(plainRuns) runs")
    }

    @Test("inert changes: docs and comments are inert; code, data, docstrings and Python indentation are not",
          arguments: [
            ("README.md", "a", "b", true), ("docs/guide.txt", "a", "b", true), ("value.txt", "ok", "bug", false),
            ("a.py", "x = 1  # one\n", "x = 1  # uno\n", true), ("a.py", "x = 1\n", "x = 2\n", false),
            ("a.py", "def f():\n    \"\"\"Doc.\"\"\"\n", "def f():\n    \"\"\"Other.\"\"\"\n", false),
            ("a.go", "// c\nfunc f() {}\n", "/* d */\nfunc  f()  {}\n", true), ("a.go", "s := \"//x\"\n", "s := \"//y\"\n", false),
            ("a.py", "if x:\n    y()\n", "if x:\ny()\n", false),
          ])
    func inertChanges(path: String, old: String, new: String, inert: Bool) {
        #expect(InertChange.isInert(path: path, old: old, new: new) == inert)
    }
}
