// Detection on real temporary directories, one per ecosystem, and on hand-made listings.

import Foundation
import Testing

@testable import HealerExecution

@Suite("Project detection")
struct ProjectDetectorTests {
    let reports = "/var/tmp/healer-reports"
    let detector = {
        var detector = ProjectDetector(availableTools: [])
        detector.pytestAvailable = true
        return detector
    }()

    func detect(_ files: [String: String]) throws -> ProjectCommands {
        let tree = try TemporaryDirectory()
        for (path, contents) in files { try tree.write(path, contents) }
        return try detector.detect(directory: tree.path, reportDirectory: reports)
    }

    @Test("SwiftPM: build with tests, swift test with both xunit files")
    func swiftPM() throws {
        let commands = try detect(["Package.swift": "// swift-tools-version:6.0\n", "Sources/A/a.swift": ""])
        #expect(commands.ecosystem == .swiftPM)
        #expect(commands.build == .argv(["swift", "build", "--build-tests"]))
        #expect(commands.test == .argv(["swift", "test", "--xunit-output", reports + "/swift-junit.xml"]))
        #expect(commands.junitReports == [reports + "/swift-junit.xml", reports + "/swift-junit-swift-testing.xml"])
        #expect(commands.fetch == .argv(["swift", "package", "resolve"]))
    }

    @Test("without pytest installed: unittest discovery, unless the project asks for pytest")
    func unittestFallback() throws {
        var without = detector
        without.pytestAvailable = false
        let tree = try TemporaryDirectory()
        try tree.write("setup.py", "from setuptools import setup\nsetup(name='x')\n")
        try tree.write("tests/test_calc.py", "import unittest\n")
        let plain = try without.detect(directory: tree.path, reportDirectory: reports)
        #expect(plain.ecosystem == .unittest)
        #expect(plain.test == .argv(["python3", "-m", "unittest", "discover", "-t", ".", "-s", "."]))
        try tree.write("conftest.py", "")
        #expect(try without.detect(directory: tree.path, reportDirectory: reports).ecosystem == .pytest, "conftest.py asks for pytest")
        let configured = try TemporaryDirectory()
        try configured.write("pyproject.toml", "[tool.pytest.ini_options]\naddopts = \"-q\"\n")
        try configured.write("test_x.py", "")
        #expect(try without.detect(directory: configured.path, reportDirectory: reports).ecosystem == .pytest)
    }

    @Test("pytest: by test files alone, JUnit, and Cobertura when pytest-cov is declared")
    func pytest() throws {
        let plain = try detect(["tests/test_calc.py": "def test_x(): pass\n"])
        #expect(plain.ecosystem == .pytest)
        #expect(plain.test == .argv(["python3", "-m", "pytest", "-q", "--junitxml=\(reports)/pytest-junit.xml"]))
        #expect(plain.coverage == nil)

        let covered = try detect([
            "pyproject.toml": "[project]\nname = \"calc\"\n[project.optional-dependencies]\ntest = [\"pytest\", \"pytest-cov\"]\n",
        ])
        #expect(covered.coverage == CoverageFile(path: reports + "/coverage.xml", format: .cobertura))
        #expect(covered.test.arguments.contains("--cov-report=xml:\(reports)/coverage.xml"))
    }

    @Test(
        "Node: the lock file picks the package manager",
        arguments: [
            ("package-lock.json", Ecosystem.npm, ["npm", "ci"]),
            ("pnpm-lock.yaml", .pnpm, ["pnpm", "install", "--frozen-lockfile"]),
            ("yarn.lock", .yarn, ["yarn", "install", "--frozen-lockfile"]),
        ])
    func node(lockFile: String, ecosystem: Ecosystem, fetch: [String]) throws {
        let commands = try detect([
            "package.json": #"{"name": "calc", "scripts": {"test": "mocha", "build": "tsc"}}"#, lockFile: "",
        ])
        #expect(commands.ecosystem == ecosystem)
        #expect(commands.fetch == .argv(fetch))
        #expect(commands.test == .argv([ecosystem.rawValue, "test"]))
        #expect(commands.build == .argv([ecosystem.rawValue, "run", "build"]))
        #expect(commands.junitReports.isEmpty)
    }

    @Test("Node: jest-junit and jest coverage are wired in; npm's placeholder test script is no test")
    func jest() throws {
        let commands = try detect([
            "package.json": """
                {"scripts": {"test": "jest"}, "devDependencies": {"jest": "^29", "jest-junit": "^16"},
                 "jest": {"collectCoverage": true}}
                """,
        ])
        #expect(commands.test == .argv(["npm", "test", "--", "--reporters=default", "--reporters=jest-junit"]))
        #expect(commands.testEnvironment == ["JEST_JUNIT_OUTPUT_DIR": reports, "JEST_JUNIT_OUTPUT_NAME": "jest-junit.xml"])
        #expect(commands.junitReports == [reports + "/jest-junit.xml"])
        #expect(commands.coverage?.format == .lcov)
        #expect(commands.coverage?.path.hasSuffix("/coverage/lcov.info") == true)

        let placeholder = try detect([
            "package.json": #"{"scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}"#,
            "Makefile": "test:\n\tnode test.js\n",
        ])
        #expect(placeholder.ecosystem == .make)
    }

    @Test("Go: go test, or gotestsum with a JUnit file when it is on PATH")
    func go() throws {
        let plain = try detect(["go.mod": "module example.com/calc\n\ngo 1.22\n"])
        #expect(plain.ecosystem == .go)
        #expect(plain.test == .argv(["go", "test", "./..."]))
        #expect(plain.junitReports.isEmpty)

        let listing = ProjectListing(directory: "/w", files: ["go.mod"])
        let withGotestsum = try #require(ProjectDetector(availableTools: ["gotestsum"]).detect(listing, reportDirectory: reports))
        #expect(withGotestsum.test == .argv(["gotestsum", "--junitfile", reports + "/go-junit.xml", "--", "./..."]))
        #expect(withGotestsum.junitReports == [reports + "/go-junit.xml"])
    }

    @Test("Cargo: cargo test")
    func cargo() throws {
        let commands = try detect(["Cargo.toml": "[package]\nname = \"calc\"\n", "src/lib.rs": ""])
        #expect(commands.ecosystem == .cargo)
        #expect(commands.test == .argv(["cargo", "test"]))
        #expect(commands.fetch == .argv(["cargo", "fetch"]))
    }

    @Test("make: the test target, else check, else plain make")
    func make() throws {
        let withTest = try detect(["Makefile": "CC := cc\nall: app\n\napp: main.c\n\t$(CC) -o app main.c\n\ntest: app\n\t./app --self-test\n"])
        #expect(withTest.ecosystem == .make)
        #expect(withTest.test == .argv(["make", "test"]))
        #expect(withTest.build == .argv(["make", "all"]))
        let withCheck = try detect(["GNUmakefile": "check:\n\t./run-checks\n"])
        #expect(withCheck.test == .argv(["make", "check"]))
        let bare = try detect(["Makefile": "app: main.c\n\tcc -o app main.c\n# test: not a target\n"])
        #expect(bare.test == .argv(["make"]))
        #expect(bare.build == nil)
        #expect(ProjectDetector.makeTargets("VERSION := 1\nX ?= 2\n.PHONY: test\ntest lint: deps\n") == ["test", "lint"])
    }

    @Test("nothing recognised is an error that points at .healer.yml")
    func nothing() throws {
        do {
            _ = try detect(["README.md": "hello"])
            Issue.record("an empty project must not be detected")
        } catch let error as ExecutionError {
            #expect(error.code == .projectNotDetected)
            #expect(error.description.contains(".healer.yml"))
        }
    }

    @Test("SwiftPM wins over a Makefile; detection is a pure function of the listing")
    func priority() {
        let listing = ProjectListing(
            directory: "/w", files: ["Package.swift", "Makefile", "package.json"],
            contents: ["Makefile": "test:\n\ttrue\n", "package.json": #"{"scripts": {"test": "jest"}}"#])
        #expect(detector.detect(listing, reportDirectory: reports)?.ecosystem == .swiftPM)
        #expect(detector.detect(listing, reportDirectory: reports) == detector.detect(listing, reportDirectory: reports))
    }
}
