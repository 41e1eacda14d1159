// The Build/CI Runner's output.

/// The verdict of a build and test run on one commit.
package struct BuildResult: Codable, Sendable, Equatable {
    /// Green, red, or unable to say.
    package enum Status: String, Codable, Sendable {
        /// Built and every test passed.
        case green
        /// Built but tests failed, or the build itself failed.
        case red
        /// The commit cannot be built at all (bisect skips it), or the run was cut off.
        case error
    }

    /// Test counts read from reports or the log.
    package struct TestCounts: Codable, Sendable, Equatable {
        package var passed: Int
        package var failed: Int
        package var skipped: Int
        /// Creates counts.
        package init(passed: Int = 0, failed: Int = 0, skipped: Int = 0) {
            self.passed = passed
            self.failed = failed
            self.skipped = skipped
        }
        /// All tests seen.
        package var total: Int { passed + failed + skipped }
    }

    /// The commit that was built.
    package var sha: String
    /// The verdict.
    package var status: Status
    /// Names of the failing tests, when the runner reported them.
    package var failingTests: [String]
    /// Test counts, when known.
    package var testCounts: TestCounts?
    /// Line coverage in percent, when a report was found.
    package var coverage: Double?
    /// A digest of the build's outputs, when the build produced any.
    package var artifactDigest: String?
    /// The blob holding the full log.
    package var log: String?
    /// Wall-clock duration in seconds.
    package var durationSeconds: Double?
    /// Why the build ended early (a timeout, a memory limit), if it did.
    package var interruption: String?

    /// Creates a result.
    package init(sha: String, status: Status, failingTests: [String] = [], testCounts: TestCounts? = nil, coverage: Double? = nil,
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
