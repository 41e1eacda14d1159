// Commands about the setup: sync with a remote, check the installation.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerTriggers
import HealerWorkspace

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch and push refs/healer/* (run state) with a remote.",
        discussion: "Runs changed on both sides are reconciled by re-applying local transitions on the remote's state; pushes are atomic with leases."
    )
    @Option(help: "The remote (default: .healer.yml's remote, else origin).") var remote: String?
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let workspace = try Workspace.open()
        let report = try workspace.sync(remote: remote)
        if json { return Terminal.json(report) }
        Terminal.note("synced with \(remote ?? workspace.defaultRemote()): \(report.fetched.count) updated here, \(report.pushed.count) pushed, \(report.reapplied.count) re-applied, \(report.dropped.count) dropped")
        for line in report.dropped { Terminal.note("  dropped: \(line)") }
    }
}

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check the setup and say how to fix each problem.")
    @Flag(help: "Print one JSON document.") var json = false

    func run() throws {
        let checks = Checkup.run(directory: FileManager.default.currentDirectoryPath)
        if json {
            Terminal.json(checks)
        } else {
            for check in checks {
                let mark = check.status == .ok ? "ok  " : (check.status == .warning ? "warn" : "FAIL")
                print("[\(mark)] \(check.name): \(check.detail)" + (check.fix.map { " — fix: \($0)" } ?? ""))
            }
        }
        if checks.contains(where: { $0.status == .problem }) { throw ExitCode(1) }
    }
}
