// The Verifier's findings.

/// What the Verifier found when a branch or trunk went red.
public struct Regression: Codable, Sendable, Equatable {
    /// The blob holding the failing log (or an excerpt of it inline).
    public var log: String
    /// The tests that fail.
    public var failingTests: [String]
    /// The commit that introduced the failure, when bisection named one.
    public var culprit: String?
    /// The range that contains the culprit, when skipped commits hid it (`good..bad`).
    public var culpritRange: [String]?
    /// Evidence, one line each (reruns, bisection steps).
    public var evidence: [String]

    /// Creates a regression.
    public init(log: String, failingTests: [String], culprit: String? = nil, culpritRange: [String]? = nil, evidence: [String] = []) {
        self.log = log
        self.failingTests = failingTests
        self.culprit = culprit
        self.culpritRange = culpritRange
        self.evidence = evidence
    }
}

/// How a verified run was delivered.
public struct Delivery: Codable, Sendable, Equatable {
    /// The branch that is ready to merge.
    public var branch: String
    /// The pull or merge request, when one was opened.
    public var url: String?
    /// Creates a delivery.
    public init(branch: String, url: String? = nil) {
        self.branch = branch
        self.url = url
    }
}

/// A large payload kept as a git blob (a log, a model transcript), referenced by id.
public struct Artifact: Codable, Sendable, Equatable {
    /// What it is (`build-log`, `transcript`...).
    public var kind: String
    /// The blob id.
    public var blob: String
    /// The step that produced it.
    public var step: String?
    /// Creates an artifact reference.
    public init(kind: String, blob: String, step: String? = nil) {
        self.kind = kind
        self.blob = blob
        self.step = step
    }
}
