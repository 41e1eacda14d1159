// Answering shell_exec from a recorded transcript, so a replay never runs a command again.
import Foundation

/// A ``ShellRunner`` that answers each command with the result recorded for it.
///
/// Every result a `shell_exec` call returned is in the transcript: the next request of the
/// conversation carries it as the tool message that answers the call. A replay must send the
/// same messages again, so it answers from those instead of running the command (whose output
/// may hold times, temporary paths or process ids). Commands are matched by their text, the
/// first unused recording first (the order a replay makes its calls in); a command the recording
/// never ran is a tool error, which the replay's next request then shows as a divergence.
package actor RecordedShell: ShellRunner {
    /// One recorded call: the command and the tool result the model read.
    struct Call: Equatable {
        var command: String
        var result: String
    }

    private let calls: [Call]
    private var used: [Bool]
    /// Whether any recorded request offered `shell_exec`: a replay offers it exactly then, so
    /// its requests list the same tools.
    package nonisolated let offered: Bool

    /// Reads the recorded `shell_exec` calls of `entries` (the transcripts of a run's steps, in order).
    package init(entries: [TranscriptEntry]) {
        calls = Self.calls(in: entries)
        used = Array(repeating: false, count: calls.count)
        offered = entries.contains { $0.request.tools.contains { $0.name == ToolKind.shellExec.rawValue } }
    }

    /// The recorded result of the first unused call of `command` (else of its last call).
    ///
    /// - Throws: ``ToolFailure`` with the recorded message when the call had failed, or when
    ///   the recording never ran `command`.
    package func exec(_ command: String, timeoutSeconds: Double) async throws -> ShellResult {
        let index = calls.indices.first { !used[$0] && calls[$0].command == command } ?? calls.indices.last { calls[$0].command == command }
        guard let index else {
            throw ToolFailure("replay: the recorded run never ran '\(command)'; the replay diverged from the recording")
        }
        used[index] = true
        let text = calls[index].result
        if let result = ShellResult(toolText: text) { return result }
        throw ToolFailure(text.hasPrefix("error: ") ? String(text.dropFirst("error: ".count)) : text)
    }

    /// The `shell_exec` calls answered by the tool itself in `entries`, each once, in the order
    /// they were made. A call shows up in every later request of its conversation, so a call is
    /// known by the conversation up to it and its id.
    static func calls(in entries: [TranscriptEntry]) -> [Call] {
        var seen = Set<String>()
        var calls: [Call] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for entry in entries {
            let messages = entry.request.messages
            for (index, message) in messages.enumerated() where message.role == .assistant {
                for call in message.toolCalls where call.name == ToolKind.shellExec.rawValue {
                    guard let answer = messages[index...].first(where: { $0.role == .tool && $0.toolCallID == call.id }),
                          ranTheTool(answer.content) else { continue }
                    let prefix = (try? encoder.encode(Array(messages[...index]))).map { String(decoding: $0, as: UTF8.self) } ?? ""
                    guard seen.insert(prefix + "\u{0}" + call.id).inserted else { continue }
                    let command = (try? JSONValue.parseLenient(call.arguments))?["command"]?.stringValue ?? ""
                    calls.append(Call(command: command, result: answer.content))
                }
            }
        }
        return calls
    }

    /// Whether a tool message came from the tool (not the loop's note on a repeated call or on
    /// arguments it refused, which a replay produces again without calling the tool).
    static func ranTheTool(_ content: String) -> Bool {
        if ShellResult(toolText: content) != nil { return true }
        let loopErrors = ["error: invalid arguments for ", "error: the arguments are not JSON"]
        return content.hasPrefix("error: ") && !loopErrors.contains { content.hasPrefix($0) }
    }
}
