// A real pytest project run through detection, the sandbox, and JUnit parsing.

import Foundation
import Testing

@testable import HealerExecution

@Suite("End to end", .serialized)
struct EndToEndTests {
    @Test("a failing pytest test is reported by id from inside the sandbox")
    func pytestProject() throws {
        let tree = try TemporaryDirectory()
        let reports = try TemporaryDirectory(parent: "/var/tmp")
        try tree.write("calc.py", "def add(a, b):\n    return a - b\n")
        try tree.write(
            "tests/test_calc.py",
            """
            from calc import add

            def test_zero():
                assert add(0, 0) == 0

            def test_add():
                assert add(2, 3) == 5
            """)
        try tree.write("pytest.ini", "[pytest]\npythonpath = .\n")

        let commands = try ProjectDetector().detect(directory: tree.path, reportDirectory: reports.path + "/reports")
        #expect(commands.ecosystem == .pytest)

        // Bubblewrap where it works (it does on the project's machines), else the plain fallback.
        let sandbox = try SandboxChoice.auto.makeSandbox()
        let policy = SandboxPolicy(workDirectory: tree.path, timeout: .seconds(120), memoryLimitBytes: 2 << 30)
        if let build = commands.build {
            let built = try sandbox.run(build, policy: policy)
            #expect(built.succeeded, "\(built.logText)")
        }
        let lines = LineCollector()
        let run = try sandbox.runTests(commands, policy: policy) { lines.append($0) }
        #expect(run.process.exitCode == 1, "\(run.process.logText)")
        #expect(!run.passed)
        #expect(lines.all.contains { $0.contains("1 failed, 1 passed") })
        #expect(run.report.source == .junit)
        #expect(run.report.passed == 1)
        #expect(run.report.failed == 1)
        #expect(run.report.failingTests == ["tests/test_calc.py::test_add"])
        #expect(run.coverage == nil)

        // Without the JUnit file the log gives the same id.
        let fromLog = TestReport.collect(junitReports: [], log: run.process.logText)
        #expect(fromLog.source == .log)
        #expect(fromLog.failingTests == ["tests/test_calc.py::test_add"])
    }

    @Test(
        "a SwiftPM package with XCTest and swift-testing failures, built and tested in the sandbox",
        .enabled(if: ProcessInfo.processInfo.environment["HEALER_SLOW_TESTS"] == "1", "slow (compiles a package); set HEALER_SLOW_TESTS=1"),
        .timeLimit(.minutes(10)))
    func swiftPackage() throws {
        let tree = try TemporaryDirectory()
        let reports = try TemporaryDirectory(parent: "/var/tmp")
        try tree.write(
            "Package.swift",
            """
            // swift-tools-version:6.0
            import PackageDescription
            let package = Package(name: "calc", targets: [
                .target(name: "Calc"), .testTarget(name: "CalcTests", dependencies: ["Calc"]),
            ])
            """)
        try tree.write("Sources/Calc/Calc.swift", "public func add(_ a: Int, _ b: Int) -> Int { a + b }\n")
        try tree.write(
            "Tests/CalcTests/CalcTests.swift",
            """
            import Testing
            import XCTest
            @testable import Calc
            @Suite struct MathTests {
                @Test func adds() { #expect(add(1, 2) == 3) }
                @Test func breaks() { #expect(add(1, 2) == 4) }
            }
            final class OldTests: XCTestCase {
                func testAdd() { XCTAssertEqual(add(2, 2), 4) }
                func testBroken() { XCTAssertEqual(add(2, 2), 5) }
            }
            """)
        let commands = try ProjectDetector().detect(directory: tree.path, reportDirectory: reports.path + "/reports")
        let sandbox = try SandboxChoice.auto.makeSandbox()
        let policy = SandboxPolicy(
            workDirectory: tree.path, writablePaths: SandboxPolicy.buildCachePaths(), timeout: .seconds(600))
        let build = try sandbox.run(try #require(commands.build), policy: policy)
        #expect(build.succeeded, "\(build.logText)")
        let run = try sandbox.runTests(commands, policy: policy)
        #expect(run.process.exitCode == 1, "\(run.process.logText)")
        let report = run.report
        #expect(report.source == .junit, "\(report)")
        #expect(report.failed == 2, "\(report)")
        #expect(report.passed == 2, "\(report)")
        #expect(Set(report.failingTests) == ["CalcTests.MathTests/breaks()", "CalcTests.OldTests/testBroken"], "\(report)")
    }
}
