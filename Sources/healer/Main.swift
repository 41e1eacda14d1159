// The healer executable: parse arguments, call the pipeline, print. Exit 0 done, 1 failed, 2 bad input.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerSystem
import HealerTriggers
import HealerWorkspace

@main
enum Main {
    static func main() async {
        do {
            var command = try Healer.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(report(error))
        }
    }

    /// The one place an error becomes an exit status: a module's error by its exit class, an
    /// explicit `ExitCode` as it is, argument-parser's usage errors 2 (help and version 0).
    /// Prints the error's line on stderr, and the error document on stdout under `--json`.
    static func report(_ error: any Error) -> Int32 {
        let json = CommandLine.arguments.contains("--json")
        switch error {
        case let error as ExitCode:
            return error.rawValue
        case let error as any ActionableError:
            Terminal.error(error.description)
            if json { Terminal.json(ErrorDocument(error)) }
            return error.exitClass.exitStatus
        default:
            let message = Healer.fullMessage(for: error)
            if Healer.exitCode(for: error) == .success {
                print(message)
                return 0
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            let status = ExitClass.usage.exitStatus
            if json { Terminal.json(ErrorDocument(message: message.split(separator: "\n").first.map(String.init) ?? message, exitStatus: status)) }
            return status
        }
    }
}

/// The root command.
struct Healer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healer",
        abstract: "A self-healing code-change loop for git repositories.",
        discussion: "Run state lives in git notes under refs/healer/*; see `healer status`. Docs: README.md and docs/.",
        version: HealerVersion.string,
        subcommands: [
            Request.self, Label.self, Status.self, Show.self, Log.self,
            Comment.self, Cancel.self, Retry.self, Step.self, Advance.self, RunCommand.self, Replay.self, Heal.self, Sync.self,
            Install.self, Uninstall.self, Hook.self, CI.self, RAG.self, Doctor.self,
        ]
    )
}

enum HealerVersion {
    static let string = "0.1.0"
}
