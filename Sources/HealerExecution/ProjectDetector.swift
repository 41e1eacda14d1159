// Detects build and test commands from a work tree's files (SwiftPM, Cargo, Go, Node, pytest, make).

import Foundation
import HealerSystem

/// Detects how to build and test a project from its files.
///
/// The first match wins, in this order: `Package.swift`, `Cargo.toml`, `go.mod`, a
/// `package.json` with a real `test` script, Python with pytest, a `Makefile`. A Makefile
/// comes last because the ecosystem-specific runners give JUnit reports; `.healer.yml` overrides
/// any of this.
///
/// ```swift
/// let commands = try ProjectDetector().detect(directory: tree, reportDirectory: reports)
/// let result = try sandbox.run(commands.test, policy: policy)
/// ```
package struct ProjectDetector: Sendable {
    /// Optional helper tools that are on `PATH` (only `gotestsum` matters today).
    package var availableTools: Set<String>

    /// Tools whose presence changes the detected commands.
    package static let optionalTools = ["gotestsum"]

    /// Whether `python3 -m pytest` can run here; `nil` asks `python3` once per process.
    package var pytestAvailable: Bool?

    /// Whether this machine's `python3` imports pytest (asked once per process).
    static let pytestImportable: Bool = {
        let request = ProcessRequest(.argv(["python3", "-c", "import pytest"]), in: FileManager.default.currentDirectoryPath, timeout: .seconds(20))
        return (try? ProcessRunner.run(request))?.succeeded ?? false
    }()

    /// Creates a detector.
    ///
    /// - Parameter availableTools: Helper tools on `PATH`; `nil` looks them up on this process's `PATH`.
    package init(availableTools: Set<String>? = nil) {
        self.availableTools = availableTools ?? Set(
            ProjectDetector.optionalTools.filter {
                ChildProcess.resolveExecutable($0, path: ProcessInfo.processInfo.environment["PATH"]) != nil
            })
    }

    /// Detects the commands for a directory on disk.
    ///
    /// - Parameters:
    ///   - directory: The work tree.
    ///   - reportDirectory: An absolute directory for JUnit and coverage reports, outside the
    ///     work tree so reports never end up in a commit.
    /// - Returns: The detected commands.
    /// - Throws: ``ExecutionError`` with code `projectNotDetected` when nothing is recognised.
    package func detect(directory: String, reportDirectory: String) throws(ExecutionError) -> ProjectCommands {
        let listing = try ProjectListing.read(directory: directory)
        guard let commands = detect(listing, reportDirectory: reportDirectory) else {
            throw ExecutionError(
                .projectNotDetected,
                "no build system recognised in \(directory) (looked for Package.swift, Cargo.toml, go.mod,"
                    + " package.json with a test script, pytest files, Makefile)",
                fix: "set `build:` and `test:` commands in .healer.yml")
        }
        return commands
    }

    /// Detects the commands from a listing; a pure function.
    ///
    /// - Parameters:
    ///   - listing: The directory's files and the contents that matter.
    ///   - reportDirectory: An absolute directory for JUnit and coverage reports.
    /// - Returns: The detected commands, or `nil` when nothing is recognised.
    package func detect(_ listing: ProjectListing, reportDirectory: String) -> ProjectCommands? {
        let files = listing.files
        if files.contains("Package.swift") {
            let junit = reportDirectory + "/swift-junit.xml"
            return ProjectCommands(
                ecosystem: .swiftPM,
                fetch: .argv(["swift", "package", "resolve"]),
                build: .argv(["swift", "build", "--build-tests"]),
                test: .argv(["swift", "test", "--xunit-output", junit]),
                // swift test writes XCTest results to FILE and swift-testing results next to it.
                junitReports: [junit, reportDirectory + "/swift-junit-swift-testing.xml"],
                reportDirectory: reportDirectory)
        }
        if files.contains("Cargo.toml") {
            return ProjectCommands(
                ecosystem: .cargo, fetch: .argv(["cargo", "fetch"]),
                build: .argv(["cargo", "build", "--all-targets"]), test: .argv(["cargo", "test"]),
                reportDirectory: reportDirectory)
        }
        if files.contains("go.mod") {
            let junit = reportDirectory + "/go-junit.xml"
            let usesGotestsum = availableTools.contains("gotestsum")
            return ProjectCommands(
                ecosystem: .go, fetch: .argv(["go", "mod", "download"]), build: .argv(["go", "build", "./..."]),
                test: usesGotestsum
                    ? .argv(["gotestsum", "--junitfile", junit, "--", "./..."]) : .argv(["go", "test", "./..."]),
                junitReports: usesGotestsum ? [junit] : [], reportDirectory: reportDirectory)
        }
        if let package = listing.contents["package.json"], let node = node(package, listing, reportDirectory) {
            return node
        }
        if isPythonWithTests(listing) {
            return python(listing, reportDirectory)
        }
        if let makefile = ["GNUmakefile", "makefile", "Makefile"].lazy.compactMap({ listing.contents[$0] }).first {
            let targets = ProjectDetector.makeTargets(makefile)
            let test = targets.contains("test") ? ["make", "test"] : targets.contains("check") ? ["make", "check"] : ["make"]
            let build = targets.contains("build") ? ["make", "build"] : targets.contains("all") ? ["make", "all"] : nil
            return ProjectCommands(
                ecosystem: .make, build: test == ["make"] ? nil : build.map(Command.argv), test: .argv(test),
                reportDirectory: reportDirectory)
        }
        return nil
    }

    private func node(_ packageJSON: String, _ listing: ProjectListing, _ reportDirectory: String) -> ProjectCommands? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(packageJSON.utf8)) as? [String: Any] else {
            return nil
        }
        let scripts = object["scripts"] as? [String: Any] ?? [:]
        // npm init writes a test script that only fails; treat it as no tests.
        guard let testScript = scripts["test"] as? String, !testScript.contains("no test specified") else {
            return nil
        }
        let files = listing.files
        let manager: Ecosystem
        let fetch: [String]
        if files.contains("pnpm-lock.yaml") {
            (manager, fetch) = (.pnpm, ["pnpm", "install", "--frozen-lockfile"])
        } else if files.contains("yarn.lock") {
            (manager, fetch) = (.yarn, ["yarn", "install", "--frozen-lockfile"])
        } else {
            (manager, fetch) = (.npm, files.contains("package-lock.json") ? ["npm", "ci"] : ["npm", "install"])
        }
        let tool = manager.rawValue
        var test = [tool, "test"]
        var environment: [String: String] = [:]
        var junit: [String] = []
        let dependencies = ["dependencies", "devDependencies"].compactMap { object[$0] as? [String: Any] }
        let jest = object["jest"] as? [String: Any] ?? [:]
        if dependencies.contains(where: { $0["jest-junit"] != nil }) {
            let name = "jest-junit.xml"
            environment = ["JEST_JUNIT_OUTPUT_DIR": reportDirectory, "JEST_JUNIT_OUTPUT_NAME": name]
            junit = [reportDirectory + "/" + name]
            let configured = (jest["reporters"] as? [Any]).map { "\($0)".contains("jest-junit") } ?? false
            if !configured, testScript.hasPrefix("jest") {
                // Passing reporters on the command line needs `--` under npm, not under pnpm and yarn.
                test += (manager == .npm ? ["--"] : []) + ["--reporters=default", "--reporters=jest-junit"]
            }
        }
        // Jest's default coverage reporters include lcov, written to coverage/lcov.info.
        let coverage = (jest["collectCoverage"] as? Bool) == true || testScript.contains("--coverage")
            ? CoverageFile(path: listing.directory + "/coverage/lcov.info", format: .lcov) : nil
        let build = scripts["build"] != nil ? [tool, "run", "build"] : nil
        return ProjectCommands(
            ecosystem: manager, fetch: .argv(fetch), build: build.map(Command.argv), test: .argv(test),
            testEnvironment: environment, junitReports: junit, coverage: coverage, reportDirectory: reportDirectory)
    }

    private func isPythonWithTests(_ listing: ProjectListing) -> Bool {
        let markers = ["pytest.ini", "conftest.py", "setup.py", "pyproject.toml", "setup.cfg", "tox.ini"]
        if markers.contains(where: listing.files.contains) { return true }
        return listing.files.contains { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return name.hasSuffix(".py") && (name.hasPrefix("test_") || name.hasSuffix("_test.py"))
        }
    }

    /// Byte-compiling every module: a cheap build step that catches syntax errors.
    static let pythonBuild = Command.argv(["python3", "-m", "compileall", "-q", "-x", "(^|/)(\\.venv|venv|\\.git|node_modules)/", "."])

    private func python(_ listing: ProjectListing, _ reportDirectory: String) -> ProjectCommands {
        // Without pytest installed, a project that does not ask for pytest runs with the
        // standard library's unittest (its summary is read from the log) rather than not at all.
        let asksForPytest = listing.files.contains { $0 == "pytest.ini" || $0.hasSuffix("conftest.py") }
            || listing.contents.values.contains { $0.contains("pytest") }
        if !asksForPytest, !(pytestAvailable ?? Self.pytestImportable) {
            return ProjectCommands(
                ecosystem: .unittest, build: Self.pythonBuild,
                test: .argv(["python3", "-m", "unittest", "discover", "-t", ".", "-s", "."]), reportDirectory: reportDirectory)
        }
        let junit = reportDirectory + "/pytest-junit.xml"
        var test = ["python3", "-m", "pytest", "-q", "--junitxml=\(junit)"]
        var coverage: CoverageFile?
        // Coverage only when the project declares pytest-cov; asking pytest for --cov without it is an error.
        if listing.contents.values.contains(where: { $0.contains("pytest-cov") }) {
            let path = reportDirectory + "/coverage.xml"
            test += ["--cov", "--cov-report=xml:\(path)"]
            coverage = CoverageFile(path: path, format: .cobertura)
        }
        return ProjectCommands(
            ecosystem: .pytest,
            build: Self.pythonBuild,
            test: .argv(test), junitReports: [junit], coverage: coverage, reportDirectory: reportDirectory)
    }

    /// The explicit target names of a Makefile (rule lines, not variable assignments).
    static func makeTargets(_ makefile: String) -> Set<String> {
        var targets = Set<String>()
        for line in makefile.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, first != "\t", first != " ", first != "#", first != "." else { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let after = line[line.index(after: colon)...]
            if after.hasPrefix("=") || after.hasPrefix(":=") { continue }
            let names = line[..<colon]
            if names.contains("=") || names.contains("$") { continue }
            targets.formUnion(names.split(separator: " ").map(String.init))
        }
        return targets
    }
}
