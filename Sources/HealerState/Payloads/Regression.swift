// The Verifier's findings.

/// What the Verifier found when a branch or trunk went red.
package struct Regression: Codable, Sendable, Equatable {
    /// The blob holding the failing log (or an excerpt of it inline).
    package var log: String
    /// The tests that fail.
    package var failingTests: [String]
    /// The commit that introduced the failure, when bisection named one.
    package var culprit: String?
    /// The range that contains the culprit, when skipped commits hid it (`good..bad`).
    package var culpritRange: [String]?
    /// Evidence, one line each (reruns, bisection steps).
    package var evidence: [String]

    /// Creates a regression.
    package init(log: String, failingTests: [String], culprit: String? = nil, culpritRange: [String]? = nil, evidence: [String] = []) {
        self.log = log
        self.failingTests = failingTests
        self.culprit = culprit
        self.culpritRange = culpritRange
        self.evidence = evidence
    }
}

/// How a verified run was delivered.
package struct Delivery: Codable, Sendable, Equatable {
    /// The branch that is ready to merge.
    package var branch: String
    /// The pull or merge request, when one was opened.
    package var url: String?
    /// Creates a delivery.
    package init(branch: String, url: String? = nil) {
        self.branch = branch
        self.url = url
    }
}

/// A large payload kept as a git blob (a log, a model transcript), referenced by id.
package struct Artifact: Codable, Sendable, Equatable {
    /// What it is (`build-log`, `transcript`...).
    package var kind: String
    /// The blob id.
    package var blob: String
    /// The step that produced it.
    package var step: String?
    /// Creates an artifact reference.
    package init(kind: String, blob: String, step: String? = nil) {
        self.kind = kind
        self.blob = blob
        self.step = step
    }
}
