// How to build and test a tree: from .healer.yml, or detected from the files.
import Foundation
import HealerExecution
import HealerWorkspace

/// The build and test commands for a work tree, and where their reports land.
package struct BuildRecipe: Sendable {
    /// The build command; a failure makes the commit unbuildable (skipped by bisection).
    package var build: Command?
    /// The test command; exit 0 is green, 125 is "cannot test" (skipped), anything else red.
    package var test: Command
    /// Extra environment for the test command.
    package var environment: [String: String]
    /// JUnit XML files the test command writes.
    package var junitReports: [String]
    /// A coverage file the test command writes.
    package var coverage: CoverageFile?
    /// A directory outside the work tree for reports.
    package var reportDirectory: String
    /// Where the commands came from, for people: `configured`, `--test`, `detected swiftpm`.
    package var origin: String

    /// Chooses the commands: `override` (from `--test`), else `.healer.yml`, else detection.
    ///
    /// - Throws: ``PipelineError`` (input) when nothing is configured and nothing is recognised.
    package static func choose(override: String?, configuration: Configuration, workTree: String, reportDirectory: String) throws(PipelineError) -> BuildRecipe {
        if let override {
            return BuildRecipe(build: configuration.build.map(Command.shell), test: .shell(override), environment: [:], junitReports: [],
                               coverage: nil, reportDirectory: reportDirectory, origin: "--test")
        }
        if let test = configuration.test {
            return BuildRecipe(build: configuration.build.map(Command.shell), test: .shell(test), environment: [:], junitReports: [],
                               coverage: nil, reportDirectory: reportDirectory, origin: Configuration.fileName)
        }
        do {
            let detected = try ProjectDetector().detect(directory: workTree, reportDirectory: reportDirectory)
            return BuildRecipe(build: configuration.build.map(Command.shell) ?? detected.build, test: detected.test,
                               environment: detected.testEnvironment, junitReports: detected.junitReports, coverage: detected.coverage,
                               reportDirectory: reportDirectory, origin: "detected \(detected.ecosystem.rawValue)")
        } catch {
            throw PipelineError(.usage, error.message + "; " + (error.fix ?? "set `test:` in .healer.yml or pass --test CMD"))
        }
    }
}
