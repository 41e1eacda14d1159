// Narrowing test commands to failing tests: the commands made, and real runners running only those tests.

import Foundation
import Testing

@testable import HealerExecution

@Suite("Test selection")
struct TestSelectionTests {
    @Test("pytest: node ids replace the paths; options and their values stay")
    func pytest() {
        let ids = ["tests/t.py::test_words[a b-1]", "tests/t.py::TestGroup::test_even[three::four]"]
        let command = TestSelection.command(
            for: .argv(["python3", "-m", "pytest", "-q", "--junitxml=/r/j.xml", "-p", "no:cacheprovider", "tests"]), failing: ids)
        #expect(command == .argv(["python3", "-m", "pytest", "-q", "--junitxml=/r/j.xml", "-p", "no:cacheprovider"] + ids))
        #expect(TestSelection.command(for: .shell("pytest -x tests/"), failing: ids) == .argv(["pytest", "-x"] + ids))
        // Not node ids (a dotted id from elsewhere): the whole suite runs.
        #expect(TestSelection.command(for: .argv(["pytest"]), failing: ["tests.t.test_x"]) == nil)
    }

    @Test("unittest: dotted ids from the top-level directory; other top levels cannot select")
    func unittest() {
        let ids = ["tests.test_more.IlenTests.test_ilen", "tests.test_more.ChunkedTests.setUpClass"]
        let narrowed = TestSelection.command(
            for: .argv(["python3", "-m", "unittest", "discover", "-t", ".", "-s", "."]), failing: ids)
        #expect(narrowed == .argv(["python3", "-m", "unittest", "tests.test_more.IlenTests.test_ilen", "tests.test_more.ChunkedTests"]))
        #expect(TestSelection.command(for: .shell("python -m unittest -v"), failing: [ids[0]])
            == .argv(["python", "-m", "unittest", "-v", ids[0]]))
        #expect(TestSelection.command(for: .argv(["python3", "-m", "unittest", "discover", "-s", "tests"]), failing: ids) == nil)
        // A doctest that unittest's load_tests added cannot be named on the command line.
        #expect(TestSelection.command(for: .argv(["python3", "-m", "unittest"]), failing: [ids[0], "more_itertools.more.ilen"]) == nil)
    }

    @Test("go: -run with one anchored level per subtest level, for go test and gotestsum")
    func go() {
        let ids = ["example.com/calc.TestAdd/zero/zero", "example.com/calc.TestAdd/neg(1)", "example.com/calc.TestNested/outer/inner_case"]
        #expect(TestSelection.command(for: .argv(["go", "test", "-run", "TestA", "./..."]), failing: ids)
            == .argv(["go", "test", "-run", #"^(TestAdd|TestNested)$/^(zero|neg\(1\)|outer)$/^(zero|inner_case)$"#, "./..."]))
        // A test that failed by itself keeps all its subtests.
        #expect(TestSelection.command(for: .argv(["gotestsum", "--junitfile", "/r/j.xml", "--", "./..."]), failing: ids + ["example.com/calc.TestWhole"])
            == .argv(["gotestsum", "--junitfile", "/r/j.xml", "--", "-run", "^(TestAdd|TestNested|TestWhole)$", "./..."]))
        // A package that did not build names no test.
        #expect(TestSelection.command(for: .argv(["go", "test", "./..."]), failing: ["example.com/calc/broken"]) == nil)
    }

    @Test("swift test: one --filter per test, XCTest anchored at both ends")
    func swift() {
        let command = TestSelection.command(
            for: .argv(["swift", "test", "--xunit-output", "/r/x.xml"]),
            failing: ["CalcTests.OldTests/testBroken", "CalcTests.MathTests/each(value:)", "CalcTests.freeFunction()"])
        #expect(command == .argv([
            "swift", "test", "--xunit-output", "/r/x.xml", "--filter", #"^CalcTests\.OldTests/testBroken$"#,
            "--filter", #"^CalcTests\.MathTests/each\(value:\)"#, "--filter", #"^CalcTests\.freeFunction\(\)"#,
        ]))
    }

    @Test("jest -t, npm test only when its script is jest; cargo --exact")
    func jestAndCargo() {
        let ids = ["Calculator divides by zero", "Calculator adds (ints)"]
        #expect(TestSelection.command(for: .argv(["npm", "test"]), failing: ids, nodeTestScript: "jest --ci")
            == .argv(["npm", "test", "--", "-t", #"^(Calculator divides by zero|Calculator adds \(ints\))$"#]))
        #expect(TestSelection.command(for: .argv(["npm", "test"]), failing: ids, nodeTestScript: "mocha") == nil)
        #expect(TestSelection.command(for: .argv(["cargo", "test"]), failing: ["tests::divides"])
            == .argv(["cargo", "test", "--", "--exact", "tests::divides"]))
    }

    @Test("no ids, scripts and unknown runners cannot select", arguments: [
        Command.shell("make test"), .shell("cd sub && pytest"), .shell("pytest \"$ARGS\""), .argv(["./run-tests.sh"]),
        .shell("PYTHONPATH=src pytest"),
    ])
    func unselectable(command: Command) {
        #expect(TestSelection.command(for: command, failing: ["tests/t.py::test_x"]) == nil)
        #expect(TestSelection.command(for: .argv(["pytest"]), failing: []) == nil)
    }

    @Test("pytest runs exactly the failing tests it reported, ids with spaces and brackets included",
          .enabled(if: ProjectDetector.pytestImportable, "needs python3 with pytest"))
    func pytestRerun() throws {
        let tree = try TemporaryDirectory()
        try tree.write("tests/unit/test_ids.py", try RunnerFixture.text("test_ids.py.txt"))
        try tree.write("pytest.ini", "[pytest]\n")
        let junit = tree.path + "/junit.xml"
        let full = Command.argv(["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml=\(junit)", "tests"])
        _ = try ProcessRunner.run(ProcessRequest(full, in: tree.path, timeout: .seconds(120)))
        let first = try JUnitReport.parse(contentsOf: junit)
        #expect(first.failingTests == RunnerFixtureTests.pytestFailing)

        let narrowed = try #require(TestSelection.command(for: full, failing: first.failingTests))
        let rerun = try ProcessRunner.run(ProcessRequest(narrowed, in: tree.path, timeout: .seconds(120)))
        let second = try JUnitReport.parse(contentsOf: junit)
        #expect(second.failingTests == first.failingTests, "\(rerun.logText)")
        #expect(second.passed == 0 && second.skipped == 0, "only the failing tests ran: \(second)")
    }

    @Test("go test -run runs exactly the failing tests and subtests",
          .enabled(if: ChildProcess.resolveExecutable("go", path: ProcessInfo.processInfo.environment["PATH"]) != nil, "needs go"))
    func goRerun() throws {
        let tree = try TemporaryDirectory()
        try tree.write("go.mod", "module example.com/calc\n\ngo 1.19\n")
        try tree.write("calc/calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b + 1 }\n")
        try tree.write("calc/calc_test.go", try RunnerFixture.text("calc_test.go.txt"))
        let environment = ProcessInfo.processInfo.environment.merging(
            ["GOFLAGS": "-count=1", "GOCACHE": tree.path + "/.gocache", "GOPATH": tree.path + "/.gopath", "GO111MODULE": "on"]) { $1 }
        let full = Command.argv(["go", "test", "-v", "./..."])
        let first = try ProcessRunner.run(ProcessRequest(full, in: tree.path, environment: environment, timeout: .seconds(300)))
        let failing = try #require(LogSummary.parse(first.logText)[.go]).failingTests
        #expect(failing == RunnerFixtureTests.goFailing, "\(first.logText)")

        let narrowed = try #require(TestSelection.command(for: full, failing: failing))
        let rerun = try ProcessRunner.run(ProcessRequest(narrowed, in: tree.path, environment: environment, timeout: .seconds(300)))
        let second = try #require(LogSummary.parse(rerun.logText)[.go])
        #expect(second.failingTests == failing, "\(rerun.logText)")
        #expect(!rerun.logText.contains("TestPasses") && !rerun.logText.contains("TestSkipped"), "\(rerun.logText)")
    }
}
