// The healer executable: parse arguments, call the pipeline, print. Exit 0 done, 1 failed, 2 bad input.
import ArgumentParser
import Foundation
import HealerPipeline

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
        } catch let error as PipelineError {
            Terminal.error(error.message)
            if CommandLine.arguments.contains("--json") { Terminal.json(ErrorDocument(error)) }
            exit(error.exitStatus)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = Healer.exitCode(for: error)
            let message = Healer.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            // Usage errors: argument-parser's message, then exit 2 as healer's contract says.
            FileHandle.standardError.write(Data((message + "\n").utf8))
            if CommandLine.arguments.contains("--json") {
                Terminal.json(ErrorDocument(message: message.split(separator: "\n").first.map(String.init) ?? message, exitStatus: 2))
            }
            exit(2)
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
