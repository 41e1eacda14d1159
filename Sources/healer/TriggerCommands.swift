// Commands that connect healer to git and CI: install, uninstall, hook pre-push, ci.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerTriggers
import HealerWorkspace

extension CIProvider: ExpressibleByArgument {}

struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the pre-push hook, the refs/healer/* fetch refspec and a commented .healer.yml; safe to run twice.")
    @Option(help: "Also copy the CI template: github or gitlab.") var ci: CIProvider?
    @Option(help: "The remote whose fetch refspec gets refs/healer/*.") var remote: String = "origin"
    @Option(help: "The `owner/healer@sha` the GitHub template uses (default: the GitHub clone this healer was built from, if any).")
    var actionReference: String?
    @Flag(help: "Do not write .healer.yml.") var noConfig = false

    func run() throws {
        let installer = HookInstaller(directory: FileManager.default.currentDirectoryPath)
        let report = try installer.install(.init(remote: remote, ci: ci, writeConfig: !noConfig, actionReference: ci == .github ? actionReference ?? ActionPin.detect() : nil))
        report.lines.forEach { print($0) }
    }
}

struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Undo what `healer install` changed; a chained hook is restored byte for byte.")

    func run() throws {
        let report = try HookInstaller(directory: FileManager.default.currentDirectoryPath).uninstall()
        report.lines.forEach { print($0) }
    }
}

struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hook", abstract: "What git hooks call.", subcommands: [PrePush.self])

    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "What hooks/pre-push calls: build pushed run branches, push refs/healer/* along. Exit 1 only to block on a red build.")
        @Argument(help: "The remote's name.") var remote: String
        @Argument(help: "The remote's URL.") var url: String

        func run() throws {
            // Fast path first: read what is pushed and look up runs before anything else.
            let input = PrePushHook.readStandardInput()
            let environment = ProcessInfo.processInfo.environment
            do {
                let decision = try PrePushHook.decision(directory: ".", remote: remote, url: url, input: input, environment: environment)
                if decision.isNothing { return }
                let workspace = try Workspace.open()
                let outcome = PrePushJob(workspace).prePush(decision: decision) { Terminal.note("healer: " + $0) }
                outcome.lines.forEach(Terminal.note)
                if outcome.status != 0 { throw ExitCode(outcome.status) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                // The hook fails open: its own errors never block a push.
                Terminal.note("healer: warning: pre-push hook skipped: \(error)")
                throw ExitCode(3)
            }
        }
    }
}

struct CI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci",
        abstract: "What CI calls: reads the GitHub Actions or GitLab CI event and creates/advances a run, or heals a red trunk.")
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        let workspace = try Workspace.open()
        let outcome = try await CIJob(workspace).ci(environment: ProcessInfo.processInfo.environment) { Terminal.note("healer: " + $0) }
        if json { Terminal.json(outcome) } else { Terminal.say("healer ci: \(outcome.action.rawValue): \(outcome.detail)") }
        if outcome.failed { throw ExitCode(1) }
    }
}
