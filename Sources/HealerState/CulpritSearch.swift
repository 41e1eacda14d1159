// Flake-aware culprit finding: a posterior over which commit of a first-parent chain broke the tests.
import Foundation

/// A Bayesian search for the first red commit of a chain, where a test result is evidence, not truth.
///
/// Hypothesis `k` says commit `k` of the chain broke the tests: the commits before it are good,
/// it and the ones after it bad. A bad commit fails its (selected) tests every time but for a
/// small chance ``missRate``; a good one fails with an unknown flake rate `f`, which is
/// integrated over a small grid (`0` — deterministic tests — is the most likely a priori). A
/// green result is therefore strong evidence ("this commit is good"), a red one weak when the
/// tests look flaky, and repeated reds near the boundary are what makes a culprit certain.
///
/// Commits whose diff cannot change behaviour (comments, whitespace, docs) get a lower prior,
/// so blaming one takes more evidence. Skipped (unbuildable) commits are never blamed: when the
/// evidence cannot separate them from the red commit after them, the outcome is a range.
///
/// ```swift
/// var search = CulpritSearch(commits: chain)
/// search.record(chain.count - 1, verdict: .red)
/// while case .undecided = search.decision(confidence: 0.95), let next = search.nextProbes(count: 1).first {
///     search.record(next, verdict: test(chain[next]))
/// }
/// ```
package struct CulpritSearch: Sendable {
    /// The chain, oldest first; the last commit is the known red one.
    package let commits: [String]
    /// The prior weight of each commit being the culprit (1 for an ordinary commit).
    package private(set) var priors: [Double]
    /// Red and green results per commit.
    package private(set) var reds: [Int]
    /// Green results per commit.
    package private(set) var greens: [Int]
    /// Commits that could not be built or tested.
    package private(set) var skipped: Set<Int> = []
    /// Results on the green end before the chain (they inform only the flake rate).
    package private(set) var anchor: (reds: Int, greens: Int) = (0, 0)

    /// The chance that a commit carrying the regression still passes its selected tests.
    package static let missRate = 0.002
    /// The flake rates considered, with their prior weights.
    package static let flakeRates: [(rate: Double, prior: Double)] = [
        (0, 0.55), (0.05, 0.1), (0.1, 0.1), (0.2, 0.09), (0.3, 0.08), (0.45, 0.08),
    ]
    /// The prior weight of a commit whose diff cannot change behaviour.
    package static let inertPrior = 0.05

    /// What the evidence says so far.
    package enum Decision: Sendable, Equatable {
        /// The culprit, with its posterior probability.
        case culprit(index: Int, probability: Double)
        /// Skipped commits hide the culprit: it is one of these indices (the last one red).
        case range(indices: [Int], probability: Double)
        /// Not certain yet: the most likely culprit and its probability.
        case undecided(suspect: Int, probability: Double)
    }

    /// Whether the tests are known to be flaky (the red commit failed in more than one way): the
    /// deterministic flake rate 0 is then ruled out.
    package private(set) var knownFlaky: Bool

    /// Starts a search over `commits`; `inert` marks commits whose diff cannot change behaviour;
    /// `knownFlaky` rules out deterministic tests.
    package init(commits: [String], inert: Set<Int> = [], knownFlaky: Bool = false) {
        self.commits = commits
        self.knownFlaky = knownFlaky
        self.priors = commits.indices.map { inert.contains($0) ? Self.inertPrior : 1 }
        self.reds = Array(repeating: 0, count: commits.count)
        self.greens = Array(repeating: 0, count: commits.count)
    }

    /// Rules out deterministic tests: a run failed in another way than the red commit does.
    package mutating func markFlaky() {
        knownFlaky = true
    }

    /// Lowers the prior of the commit at `index`: its diff cannot change behaviour.
    package mutating func markInert(_ index: Int) {
        priors[index] = Self.inertPrior
    }

    /// Records one result for the commit at `index`; `-1` is the green end before the chain.
    package mutating func record(_ index: Int, verdict: Verdict) {
        if index < 0 {
            switch verdict {
            case .red: anchor.reds += 1
            case .green: anchor.greens += 1
            case .skip: break
            }
            return
        }
        switch verdict {
        case .red: reds[index] += 1
        case .green: greens[index] += 1
        case .skip: skipped.insert(index)
        }
    }

    /// The posterior probability of each commit being the culprit.
    package func posterior() -> [Double] {
        let joint = jointLogPosterior()
        let peak = joint.flatMap { $0 }.max() ?? 0
        guard peak.isFinite else { return priors.map { $0 / max(priors.reduce(0, +), .leastNormalMagnitude) } }
        var marginal = Array(repeating: 0.0, count: commits.count)
        for row in joint {
            for (index, value) in row.enumerated() { marginal[index] += exp(value - peak) }
        }
        let total = marginal.reduce(0, +)
        return marginal.map { $0 / total }
    }

    /// The posterior probability that the tests are flaky (a flake rate above zero).
    package func flakeProbability() -> Double {
        let joint = jointLogPosterior()
        let peak = joint.flatMap { $0 }.max() ?? 0
        guard peak.isFinite else { return 0 }
        let sums = joint.map { row in row.reduce(0) { $0 + exp($1 - peak) } }
        let total = sums.reduce(0, +)
        return total > 0 ? (total - sums[0]) / total : 0
    }

    /// Log of prior × likelihood for every (flake rate, culprit) pair.
    func jointLogPosterior() -> [[Double]] {
        let count = commits.count
        // Suffix sums of the bad-side log-likelihood: commits at or after k are bad.
        var bad = Array(repeating: 0.0, count: count + 1)
        for index in stride(from: count - 1, through: 0, by: -1) {
            bad[index] = bad[index + 1] + Self.term(reds[index], 1 - Self.missRate) + Self.term(greens[index], Self.missRate)
        }
        return Self.flakeRates.map { flake in
            if knownFlaky && flake.rate == 0 { return Array(repeating: -Double.infinity, count: count) }
            var good = Self.term(anchor.reds, flake.rate) + Self.term(anchor.greens, 1 - flake.rate)
            var row = Array(repeating: 0.0, count: count)
            for index in 0..<count {
                row[index] = log(flake.prior) + log(priors[index]) + good + bad[index]
                good += Self.term(reds[index], flake.rate) + Self.term(greens[index], 1 - flake.rate)
            }
            return row
        }
    }

    /// `count × log(p)`, with no results costing nothing even when `p` is 0.
    static func term(_ count: Int, _ probability: Double) -> Double {
        count == 0 ? 0 : Double(count) * log(probability)
    }

    /// What the evidence says at `confidence` (for example 0.95). In a suite known to be flaky
    /// the bar is ten times stricter on the error side (0.95 becomes 0.995): a flaky red looks
    /// exactly like a real one, and an innocent commit must not be blamed.
    package func decision(confidence requested: Double) -> Decision {
        let confidence = knownFlaky ? 1 - (1 - requested) / 10 : requested
        let posterior = posterior()
        guard let best = posterior.indices.max(by: { posterior[$0] < posterior[$1] }) else {
            return .undecided(suspect: 0, probability: 0)
        }
        if !skipped.contains(best), posterior[best] >= confidence { return .culprit(index: best, probability: posterior[best]) }
        // The smallest window around the most likely commit that holds `confidence` of the mass.
        var low = best, high = best, mass = posterior[best]
        while mass < confidence, low > 0 || high < commits.count - 1 {
            let left = low > 0 ? posterior[low - 1] : -1, right = high < commits.count - 1 ? posterior[high + 1] : -1
            if left >= right { low -= 1; mass += left } else { high += 1; mass += right }
        }
        let testable = (low...high).filter { !skipped.contains($0) }
        // Nothing can tell skipped commits apart from the red one after them: report the range.
        if mass >= confidence, testable == [high], high > low {
            return .range(indices: Array(low...high), probability: mass)
        }
        let suspect = posterior.indices.filter { !skipped.contains($0) }.max { posterior[$0] < posterior[$1] } ?? best
        return .undecided(suspect: suspect, probability: posterior[suspect])
    }

    /// The next `count` commits to test: the testable commits nearest the posterior's quantiles
    /// `1/(count+1)`, `2/(count+1)`…; near a boundary the same commit may come back (a rerun).
    package func nextProbes(count: Int) -> [Int] {
        let posterior = posterior()
        // The last commit is red under every hypothesis: testing it says nothing about the culprit.
        let testable = commits.indices.dropLast().filter { !skipped.contains($0) }
        guard !testable.isEmpty, count > 0 else { return [] }
        var cumulative: [Int: Double] = [:]
        var running = 0.0
        for index in commits.indices {
            running += posterior[index]
            cumulative[index] = running
        }
        return (1...count).map { step in
            let quantile = Double(step) / Double(count + 1)
            return testable.min { abs((cumulative[$0] ?? 0) - quantile) < abs((cumulative[$1] ?? 0) - quantile) } ?? testable[0]
        }
    }
}
