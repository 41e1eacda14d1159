// A red build's evidence, as the Coding-Agent and Test-Builder read it in their prompts.
import HealerState

/// What a failed build tells the next coding attempt: the failing tests and a log excerpt.
package struct BuildFeedback: Sendable, Equatable {
    /// The build's verdict.
    package var status: BuildResult.Status
    /// The failing tests.
    package var failingTests: [String]
    /// The interesting part of the log: error lines first, then the tail.
    package var logExcerpt: String
    /// Why the build was cut off, if it was.
    package var interruption: String?
    /// Which coding attempt this feedback follows (1 for the first red build).
    package var attempt: Int?
    /// The change the red build was built from (the run's base to the branch head, a unified
    /// diff): the previous attempt's code, which stays on the branch under the next attempt.
    package var change: String?

    /// Creates feedback from a build result and its log text.
    ///
    /// - Parameters:
    ///   - result: the red build.
    ///   - log: the full log (the pipeline reads the blob `result.log` names).
    ///   - attempt: the coding attempt that produced it.
    ///   - change: the diff the build was built from (the run's base to the branch head).
    ///   - maxLines: lines kept from the log.
    package init(result: BuildResult, log: String, attempt: Int? = nil, change: String? = nil, maxLines: Int = 80) {
        self.status = result.status
        self.failingTests = result.failingTests
        self.interruption = result.interruption
        self.attempt = attempt
        self.change = change
        self.logExcerpt = Self.excerpt(log, maxLines: maxLines)
    }

    /// Creates feedback directly.
    package init(status: BuildResult.Status, failingTests: [String], logExcerpt: String, interruption: String? = nil, attempt: Int? = nil) {
        self.status = status
        self.failingTests = failingTests
        self.logExcerpt = logExcerpt
        self.interruption = interruption
        self.attempt = attempt
    }

    /// Error-looking lines (with one line of context) up to half the budget, then the log's tail,
    /// without run-to-run noise (durations, temporary paths, addresses, timestamps).
    static func excerpt(_ log: String, maxLines: Int) -> String {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.prefix(400)) }
        if lines.count <= maxLines { return lines.map(withoutNoise).joined(separator: "\n") }
        let markers = ["error", "fail", "fatal", "panic", "assert", "exception", "expected", "traceback", "✘"]
        var keep = Set<Int>()
        for (index, line) in lines.enumerated() where keep.count < maxLines / 2 {
            let lower = line.lowercased()
            if markers.contains(where: lower.contains) {
                keep.insert(index)
                if index + 1 < lines.count { keep.insert(index + 1) }
            }
        }
        let tail = max(0, lines.count - (maxLines - keep.count))
        for index in tail..<lines.count { keep.insert(index) }
        var result: [String] = []
        var last = -1
        for index in keep.sorted() {
            if index != last + 1 { result.append("[…]") }
            result.append(withoutNoise(lines[index]))
            last = index
        }
        return result.joined(separator: "\n")
    }

    /// The most bytes of ``change`` a prompt shows.
    static let maxChangeBytes = 12_000

    /// The prompt section.
    var promptSection: String {
        var text = "## The last build failed\(attempt.map { " (coding attempt \($0))" } ?? "")\n"
        text += "Status: \(status.rawValue)\(interruption.map { ", interrupted: \($0)" } ?? "")\n"
        if !failingTests.isEmpty { text += "Failing tests:\n" + failingTests.prefix(30).map { "- \($0)" }.joined(separator: "\n") + "\n" }
        text += "Log excerpt:\n```\n\(logExcerpt)\n```\n"
        if let change, !change.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            text += "The change that was built (already on the branch: your edits apply on top of it, so correct it rather than add it again):\n"
            text += "```diff\n\(RoleSupport.clip(change, Self.maxChangeBytes))\n```\n"
        }
        text += "Fix the cause so that these tests pass. Never delete, skip or weaken tests to make the build green.\n"
        return text
    }
}
