// The build and test commands detected for a work tree, and where their reports will be.

import Foundation
import HealerSystem

/// A build system healer recognises.
package enum Ecosystem: String, Sendable, Hashable, CaseIterable, Codable {
    /// Swift Package Manager (`Package.swift`).
    case swiftPM = "swiftpm"
    /// Rust's Cargo (`Cargo.toml`).
    case cargo
    /// Go modules (`go.mod`).
    case go
    /// Node.js with npm (`package.json`, `package-lock.json` or no lock file).
    case npm
    /// Node.js with pnpm (`pnpm-lock.yaml`).
    case pnpm
    /// Node.js with Yarn (`yarn.lock`).
    case yarn
    /// Python tested with pytest.
    case pytest
    /// Python tested with the standard library's unittest (pytest is not installed and the
    /// project does not ask for it).
    case unittest
    /// A `Makefile`.
    case make
}

/// A coverage report format healer can read.
package enum CoverageFormat: String, Sendable, Hashable, Codable {
    /// LCOV tracefiles (`LF:`/`LH:` records), as jest, c8 and genhtml write them.
    case lcov
    /// Cobertura XML (`line-rate` on the root), as coverage.py and many JVM tools write it.
    case cobertura
}

/// Where a coverage report will be, and in which format.
package struct CoverageFile: Sendable, Hashable, Codable {
    /// The absolute path of the report.
    package var path: String
    /// Its format.
    package var format: CoverageFormat

    /// Creates a coverage file location.
    ///
    /// - Parameters:
    ///   - path: The absolute path of the report.
    ///   - format: Its format.
    package init(path: String, format: CoverageFormat) {
        self.path = path
        self.format = format
    }
}

/// The commands that fetch dependencies, build and test a project, and where the test run
/// leaves its reports.
///
/// Run ``fetch`` with the network allowed (``SandboxPolicy/allowsNetwork``), ``build`` and
/// ``test`` without, and make ``reportDirectory`` writable for the test command.
package struct ProjectCommands: Sendable, Hashable {
    /// The build system these commands are for.
    package var ecosystem: Ecosystem
    /// Downloads dependencies (needs the network), or `nil` when there is no such step.
    package var fetch: Command?
    /// Compiles the project including its tests, or `nil` when testing needs no separate build.
    package var build: Command?
    /// Runs the tests.
    package var test: Command
    /// Variables to add to the test command's environment (such as jest-junit's output path).
    package var testEnvironment: [String: String]
    /// JUnit XML files the test command may write, absolute; a missing one is not an error
    /// (`swift test` writes its XCTest and swift-testing results to two files, either may be absent).
    package var junitReports: [String]
    /// The coverage report the test command writes, if it writes one.
    package var coverage: CoverageFile?
    /// The directory that receives reports; it must be writable by the test command.
    package var reportDirectory: String

    /// Creates a set of project commands.
    ///
    /// - Parameters:
    ///   - ecosystem: The build system.
    ///   - fetch: The dependency download command.
    ///   - build: The build command.
    ///   - test: The test command.
    ///   - testEnvironment: Extra environment for the test command.
    ///   - junitReports: JUnit files the test command may write.
    ///   - coverage: The coverage report it writes.
    ///   - reportDirectory: Where reports go.
    package init(
        ecosystem: Ecosystem, fetch: Command? = nil, build: Command? = nil, test: Command,
        testEnvironment: [String: String] = [:], junitReports: [String] = [], coverage: CoverageFile? = nil,
        reportDirectory: String
    ) {
        self.ecosystem = ecosystem
        self.fetch = fetch
        self.build = build
        self.test = test
        self.testEnvironment = testEnvironment
        self.junitReports = junitReports
        self.coverage = coverage
        self.reportDirectory = reportDirectory
    }
}

extension ProjectCommands {
    /// Creates ``reportDirectory`` and removes reports a previous run left there, so a test
    /// command that dies before writing its reports is not credited with old results.
    ///
    /// `swift test --xunit-output` fails when the directory is missing, so call this before
    /// running ``test``.
    ///
    /// - Throws: ``ExecutionError`` with code `systemCallFailed` when the directory cannot be created.
    package func prepareReportDirectory() throws(ExecutionError) {
        do {
            try FileManager.default.createDirectory(atPath: reportDirectory, withIntermediateDirectories: true)
        } catch {
            throw ExecutionError(
                .systemCallFailed, "cannot create the report directory \(reportDirectory): \(error.localizedDescription)",
                fix: "check that its parent is writable")
        }
        for path in junitReports + [coverage?.path].compactMap({ $0 }) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
