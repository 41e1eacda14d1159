// What `healer heal` found and did.
import HealerWorkspace

/// The outcome of `healer heal`, printed for people and as JSON.
package struct HealReport: Codable, Sendable, Equatable {
    /// What heal did in the end.
    package enum Action: String, Codable, Sendable {
        /// The bad commit passes: nothing to heal.
        case alreadyGreen = "already-green"
        /// The failure did not reproduce on every rerun: flaky, nobody blamed.
        case flaky
        /// A revert of the culprit passes the tests; it is on the regression branch.
        case reverted
        /// No safe revert: a commit carrying the regression payload, and a new run to fix it.
        case regressionRun = "regression-run"
        /// A regression branch for this culprit exists already.
        case alreadyOpened = "already-opened"
        /// The evidence did not reach `verify.confidence`: a suspect is named, nothing reverted.
        case suspect
    }

    /// The red commit.
    package var bad: String
    /// The green commit the search started from.
    package var good: String
    /// What heal did.
    package var action: Action
    /// The culprit, when bisection named one.
    package var culprit: String?
    /// The commits that may hold the culprit, when skipped commits hid it.
    package var culpritRange: [String]?
    /// Tests that fail on the bad commit.
    package var failingTests: [String]
    /// Test runs spent confirming the failure (on the bad commit).
    package var confirmationRuns: Int
    /// Test runs spent looking back for a green commit when none was known (0 when one was).
    package var searchRuns: Int = 0
    /// Test runs spent bisecting and checking the culprit's parent.
    package var bisectionRuns: Int
    /// Test runs spent checking the revert.
    package var revertRuns: Int
    /// Evidence, one line each.
    package var evidence: [String]
    /// The branch to review, when one was made.
    package var branch: String?
    /// The regression commit on it.
    package var regressionCommit: String?
    /// The run opened to fix the regression, when no revert was safe.
    package var run: String?
    /// Why the culprit was not reverted, when it was not.
    package var whyNotReverted: String?
    /// The sandbox used.
    package var sandbox: String
    /// The posterior probability of the culprit (or of the suspect).
    package var confidence: Double?
    /// The most likely culprit when the evidence stayed below `verify.confidence`.
    package var suspect: String?
    /// The posterior probability that the tests are flaky, as the search saw it.
    package var flakeProbability: Double?
    /// The first meaningful lines of the red commit's failure.
    package var failureExcerpt: [String]?
}

extension HealReport {
    /// One sentence saying what heal found and did.
    package var headline: String {
        switch action {
        case .alreadyGreen: "\(bad.prefix(7)) passes its tests: nothing to heal."
        case .flaky: "The failure on \(bad.prefix(7)) is flaky: it passed on a rerun. Nobody is blamed, nothing reverted."
        case .reverted: "Culprit \(culprit?.prefix(7) ?? "?"): reverted on \(branch ?? "?"); the tests pass there."
        case .regressionRun:
            "No safe revert (\(whyNotReverted ?? "no reason recorded")): regression commit on \(branch ?? "?"), run \(run ?? "?") opened to fix it."
        case .alreadyOpened: "A regression branch exists already: \(branch ?? "?")."
        case .suspect:
            "Suspect \(suspect?.prefix(7) ?? "?") (probability \(String(format: "%.2f", confidence ?? 0))): not certain enough to revert; rerun heal, or test it by hand."
        }
    }
}
