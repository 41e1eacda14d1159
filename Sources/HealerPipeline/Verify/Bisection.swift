// Finding the first red commit in a first-parent range, `git bisect run` style, as a pure value.

/// What testing one commit said.
public enum Verdict: String, Sendable, Codable, Equatable {
    /// Builds and its tests pass.
    case green
    /// Builds and its tests fail.
    case red
    /// Cannot be built or tested (`git bisect run` exit 125): never blamed.
    case skip
}

/// A binary search for the first red commit between a green and a red one.
///
/// `commits` is the first-parent chain after the green commit, oldest first, ending with the
/// known red commit. A merge commit in the chain counts as one unit (the merge is blamed, not a
/// commit on the merged branch). A skipped commit is never blamed: when skips hide the
/// boundary, the result is the smallest range that must contain the culprit.
///
/// ```swift
/// var bisection = Bisection(commits: chain)
/// while let next = bisection.next() { bisection.record(next, verdict: test(chain[next])) }
/// print(bisection.outcome)
/// ```
public struct Bisection: Sendable, Equatable {
    /// The chain, oldest first; the last one is red.
    public let commits: [String]
    /// Verdicts recorded so far, by index.
    public private(set) var verdicts: [Int: Verdict]

    /// How the search ended.
    public enum Outcome: Sendable, Equatable {
        /// The first red commit; its first parent is green.
        case culprit(String)
        /// Skipped commits hide the culprit: it is one of these (oldest first).
        case range([String])
    }

    /// Starts a search over `commits` (the last one is known red).
    public init(commits: [String]) {
        self.commits = commits
        self.verdicts = commits.isEmpty ? [:] : [commits.count - 1: .red]
    }

    /// Records the verdict of the commit at `index`.
    public mutating func record(_ index: Int, verdict: Verdict) {
        verdicts[index] = verdict
    }

    /// The last index known green (−1 is the good commit before the chain).
    var lowerBound: Int {
        let red = upperBound
        return verdicts.filter { $0.value == .green && $0.key < red }.map(\.key).max() ?? -1
    }

    /// The first index known red.
    var upperBound: Int {
        verdicts.filter { $0.value == .red }.map(\.key).min() ?? commits.count - 1
    }

    /// The next index to test, or `nil` when the search is over.
    public func next() -> Int? {
        let low = lowerBound, high = upperBound
        let candidates = (low + 1)..<high
        guard !candidates.isEmpty else { return nil }
        let untested = candidates.filter { verdicts[$0] == nil }
        guard !untested.isEmpty else { return nil }
        // The middle of the unknown range; skipped commits push the choice to the nearest untested one.
        let middle = (low + high) / 2
        return untested.min { abs($0 - middle) < abs($1 - middle) || (abs($0 - middle) == abs($1 - middle) && $0 < $1) }
    }

    /// The result, once ``next()`` returns `nil`.
    public var outcome: Outcome {
        let low = lowerBound, high = upperBound
        if high == low + 1 { return .culprit(commits[high]) }
        return .range(Array(commits[(low + 1)...high]))
    }

    /// The number of verdicts recorded by testing (the known red end is not counted).
    public var testsRun: Int { verdicts.count - 1 }
}
