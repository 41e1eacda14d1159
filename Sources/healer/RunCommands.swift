// Commands that create runs and show them.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerState
import HealerTriggers
import HealerWorkspace

struct Request: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Create a run for a change request; prints its id.",
        discussion: "The run gets a new branch healer/<id>-<slug> at the base. Example: id=$(healer request \"make the retry delay configurable\")"
    )
    @Argument(help: "What to change.") var text: String
    @Option(help: "The revision to start from (default: HEAD).") var base: String?

    func run() throws {
        let run = try Workspace.open().request(text, base: base)
        Terminal.note("created run \(run.id) on branch \(run.branch) (base \(run.base.prefix(7)))")
        print(run.id)
    }
}

struct Label: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "label", abstract: "Create a run that works on an existing branch; prints its id.")
    @Argument(help: "The branch (not the trunk).") var branch: String
    @Option(name: .shortAndLong, help: "What to change.") var message: String

    func run() throws {
        let run = try Workspace.open().label(branch: branch, text: message)
        Terminal.note("created run \(run.id) on branch \(run.branch)")
        print(run.id)
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "One line per run: id, stage, updated, branch, request.")
    @Flag(help: "Print one JSON document (an array of runs).") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let summaries = try workspace.summaries()
        for broken in summaries where broken.error != nil {
            Terminal.note("healer: warning: \(broken.error ?? "")")
        }
        if json { return Terminal.json(summaries) }
        let reverts = try TrunkHealer(workspace).revertBranches(runBranches: Set(summaries.map(\.branch)))
        if summaries.isEmpty {
            Terminal.note("no runs; create one with `healer request \"...\"` (or fetch others' with `healer sync`)")
        } else {
            var rows = [["RUN", "STAGE", "UPDATED", "BRANCH", "REQUEST"]]
            for summary in summaries {
                let request = (summary.request ?? summary.error ?? "").replacingOccurrences(of: "\n", with: " ")
                rows.append([summary.id, summary.stage?.rawValue ?? "unreadable", Terminal.age(summary.updated), summary.branch,
                             request.count > 50 ? String(request.prefix(49)) + "…" : request])
            }
            print(Terminal.table(rows))
        }
        if !reverts.isEmpty {
            Terminal.note("reverts opened by `healer heal`, to review and merge (or delete):")
            print(Terminal.table(reverts.map { ["  " + $0.branch, $0.subject] }))
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a run's state document (YAML, or JSON with --json).")
    @Argument(help: ArgumentHelp("The run: id, unique part of it, or its branch.", valueName: "run")) var runName: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let stored = try workspace.load(runName)
        if json { return Terminal.json(stored.run) }
        print(stored.run.yaml(), terminator: "")
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "A run's transitions, oldest first.")
    @Argument(help: ArgumentHelp("The run: id, unique part of it, or its branch.", valueName: "run")) var runName: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let entries = try workspace.log(runName)
        if json { return Terminal.json(entries) }
        let formatter = ISO8601DateFormatter()
        print(Terminal.table(entries.map { entry in
            [formatter.string(from: Date(timeIntervalSince1970: TimeInterval(entry.time))), entry.stage, String(entry.commit.prefix(9)), entry.subject]
        }))
    }
}

struct Comment: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "comment", abstract: "Add a remark to a run's history.")
    @Argument(help: ArgumentHelp("The run.", valueName: "run")) var runName: String
    @Option(name: .shortAndLong, help: "The remark.") var message: String

    func run() throws {
        let workspace = try Workspace.open()
        let id = try workspace.resolveRun(runName)
        _ = try workspace.record(.commented(message), run: id)
    }
}

struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Stop a run (stage failed, reason 'cancelled'); `healer retry` resumes it.")
    @Argument(help: ArgumentHelp("The run.", valueName: "run")) var runName: String
    @Option(name: .shortAndLong, help: "Why.") var message: String = "cancelled by the user"

    func run() throws {
        let workspace = try Workspace.open()
        let id = try workspace.resolveRun(runName)
        let result = try workspace.record(.failed(message), run: id)
        Terminal.note("run \(id) is now \(result.stage.rawValue)")
    }
}

struct Retry: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Resume a failed run at the stage where it failed, with fresh attempts.")
    @Argument(help: ArgumentHelp("The run.", valueName: "run")) var runName: String

    func run() throws {
        let workspace = try Workspace.open()
        let id = try workspace.resolveRun(runName)
        let result = try workspace.record(.retried, run: id)
        Terminal.note("run \(id) is back in stage \(result.stage.rawValue)")
    }
}
