// `healer step ROLE`: run one role of a run.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerState
import HealerTriggers
import HealerWorkspace

extension Role: ExpressibleByArgument {}

struct Step: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Run one role on a run: request-planner, code-planner, coding-agent, build, test-planner, test-builder, verifier."
    )
    @Argument(help: "The role.") var role: Role
    @Option(name: .customLong("run"), help: "The run (default: the run of the current branch, else the only open run).") var runName: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let workspace = try Workspace.open()
        let id = try workspace.chooseRun(runName)
        let progress: @Sendable (String) -> Void = { Terminal.note("healer: " + $0) }
        let report: StepReport
        switch role {
        case .build: report = try RunAdvancer(workspace).buildStep(run: id, progress: progress)
        case .verifier: report = try RunAdvancer(workspace).verifierStep(run: id, progress: progress)
        default: report = try await RunAdvancer(workspace).agentStep(role: role, run: id, progress: progress)
        }
        if json { Terminal.json(report) } else {
            Terminal.say("\(report.role.rawValue) on \(report.run): \(report.summary) (\(report.from.rawValue) -> \(report.to.rawValue))")
        }
        if report.failed { throw ExitCode(1) }
    }
}

extension Stage: ExpressibleByArgument {}

struct Advance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "advance", abstract: "Run a run's next steps until it is done, failed, or reaches --until.")
    @Option(name: .customLong("run"), help: "The run (default: the run of the current branch, else the only open run).") var runName: String?
    @Option(help: "Stop once the run reaches this stage.") var until: Stage?
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let workspace = try Workspace.open()
        let id = try workspace.chooseRun(runName)
        let reports = try await RunAdvancer(workspace).advance(run: id, until: until) { Terminal.note("healer: " + $0) }
        try finish(workspace: workspace, id: id, reports: reports, json: json)
    }
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Create a run for a request and advance it until done or failed, locally; prints the run id.")
    @Argument(help: "What to change.") var text: String
    @Option(help: "The revision to start from (default: HEAD).") var base: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let workspace = try Workspace.open()
        try workspace.checkModelReachable()
        let created = try workspace.request(text, base: base)
        Terminal.note("healer: run \(created.id) on \(created.branch)")
        let reports = try await RunAdvancer(workspace).advance(run: created.id) { Terminal.note("healer: " + $0) }
        try finish(workspace: workspace, id: created.id, reports: reports, json: json)
    }
}

struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run a run from its recorded model transcripts, with no model; reports whether the commits and the end are identical.")
    @Argument(help: ArgumentHelp("The recorded run.", valueName: "run")) var runName: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let workspace = try Workspace.open()
        let id = try workspace.resolveRun(runName)
        let report = try await RunAdvancer(workspace).replay(run: id) { Terminal.note("healer: " + $0) }
        if json { Terminal.json(report) } else {
            Terminal.say("replayed \(id) as \(report.replay): stage \(report.stage.rawValue); \(report.commits.count) commit(s), "
                + (report.identical ? "identical (the same trees and the same end)" : "not identical (trees, commit count or end differ)"))
        }
        if !report.identical { throw ExitCode(1) }
    }
}

/// Prints the outcome of an advance and sets the exit status (1 when the run failed).
private func finish(workspace: Workspace, id: String, reports: [StepReport], json: Bool) throws {
    let run = try workspace.load(id).run
    if json {
        struct Outcome: Encodable { var id: String; var stage: Stage; var branch: String; var failure: String?; var steps: [StepReport] }
        Terminal.json(Outcome(id: id, stage: run.stage, branch: run.branch, failure: run.failure?.reason, steps: reports))
    } else {
        Terminal.note("healer: run \(id) is \(run.stage.rawValue)" + (run.failure.map { ": \($0.reason)" } ?? "") + " (branch \(run.branch))")
        print(id)
    }
    if run.stage == .failed { throw ExitCode(1) }
}
