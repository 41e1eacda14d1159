// The Build/CI Runner's output.

/// The verdict of a build and test run on one commit.
public struct BuildResult: Codable, Sendable, Equatable {
    /// Green, red, or unable to say.
    public enum Status: String, Codable, Sendable {
        /// Built and every test passed.
        case green
        /// Built but tests failed, or the build itself failed.
        case red
        /// The commit cannot be built at all (bisect skips it), or the run was cut off.
        case error
    }

    /// Test counts read from reports or the log.
    public struct TestCounts: Codable, Sendable, Equatable {
        public var passed: Int
        public var failed: Int
        public var skipped: Int
        /// Creates counts.
        public init(passed: Int = 0, failed: Int = 0, skipped: Int = 0) {
            self.passed = passed
            self.failed = failed
            self.skipped = skipped
        }
        /// All tests seen.
        public var total: Int { passed + failed + skipped }
    }

    /// The commit that was built.
    public var sha: String
    /// The verdict.
    public var status: Status
    /// Names of the failing tests, when the runner reported them.
    public var failingTests: [String]
    /// Test counts, when known.
    public var testCounts: TestCounts?
    /// Line coverage in percent, when a report was found.
    public var coverage: Double?
    /// A digest of the build's outputs, when the build produced any.
    public var artifactDigest: String?
    /// The blob holding the full log.
    public var log: String?
    /// Wall-clock duration in seconds.
    public var durationSeconds: Double?
    /// Why the build ended early (a timeout, a memory limit), if it did.
    public var interruption: String?

    /// Creates a result.
    public init(sha: String, status: Status, failingTests: [String] = [], testCounts: TestCounts? = nil, coverage: Double? = nil,
                artifactDigest: String? = nil, log: String? = nil, durationSeconds: Double? = nil, interruption: String? = nil) {
        self.sha = sha
        self.status = status
        self.failingTests = failingTests
        self.testCounts = testCounts
        self.coverage = coverage
        self.artifactDigest = artifactDigest
        self.log = log
        self.durationSeconds = durationSeconds
        self.interruption = interruption
    }
}
