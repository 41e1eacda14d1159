// `healer step ROLE`: run one role of a run.
import ArgumentParser
import Foundation
import HealerPipeline
import HealerState

extension Role: ExpressibleByArgument {}

struct Step: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one role on a run: request-planner, code-planner, coding-agent, build, test-planner, test-builder, verifier."
    )
    @Argument(help: "The role.") var role: Role
    @Option(name: .customLong("run"), help: "The run (default: the run of the current branch, else the only open run).") var runName: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let id = try workspace.chooseRun(runName)
        let progress: (String) -> Void = { Terminal.note("healer: " + $0) }
        let report: StepReport
        switch role {
        case .build: report = try workspace.buildStep(run: id, progress: progress)
        case .verifier: report = try workspace.verifierStep(run: id, progress: progress)
        default:
            throw PipelineError(.input, "the \(role.rawValue) role needs a model client, which this build does not have yet; see README.md (Status)")
        }
        if json { Terminal.json(report) } else {
            Terminal.say("\(report.role) on \(report.run): \(report.summary) (\(report.from) -> \(report.to))")
        }
        if report.failed { throw ExitCode(1) }
    }
}
