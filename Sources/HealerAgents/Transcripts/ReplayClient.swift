// Answering model calls from a recorded transcript, so a run can be re-run with no model.
import Foundation

/// An ``LLMClient`` that answers each call with the next recorded reply.
///
/// Each incoming request must equal a recorded one not used yet (messages, tools and response
/// format, after redaction), normally the next; when none matches, the replay stops with an
/// error that names the next recorded call and the first differing message. Recorded failures
/// are thrown again.
package actor ReplayClient: LLMClient {
    private let entries: [TranscriptEntry]
    private var used: [Bool]

    /// Creates a client answering from `entries` (the transcripts of one or more steps, in the
    /// order they were recorded).
    package init(entries: [TranscriptEntry]) {
        // Kept as given: sequence numbers restart with every step's session.
        self.entries = entries
        self.used = Array(repeating: false, count: entries.count)
    }

    /// How many recorded calls have been answered.
    package var answered: Int { used.filter { $0 }.count }

    /// Whether every recorded call was answered.
    package var isFinished: Bool { !used.contains(false) }

    /// Answers the next recorded call.
    ///
    /// - Throws: ``AgentError/Code/replayDiverged`` when the request differs from the
    ///   recording or the recording is used up; the recorded error when the call had failed.
    package func send(_ request: ChatRequest) async throws(AgentError) -> ChatResponse {
        guard let next = used.firstIndex(of: false) else {
            throw AgentError(.replayDiverged, "replay ran out of recorded calls after \(entries.count): the run now asks the model more than it did when recorded (changed code, config or repository?)")
        }
        // Calls made in parallel (coding tasks) may arrive in another order than recorded, so
        // any unused recorded call with the same request answers; the next one names the difference.
        guard let index = entries.indices.first(where: { !used[$0] && Self.difference(recorded: entries[$0].request, now: request) == nil }) else {
            let entry = entries[next]
            let difference = Self.difference(recorded: entry.request, now: request) ?? "the request differs"
            throw AgentError(.replayDiverged, "replay diverged at call \(entry.sequence) (\(entry.role.rawValue)): \(difference); the repository, configuration or healer version differs from the recorded run")
        }
        used[index] = true
        let entry = entries[index]
        // The shape is how the recorded server was asked; the request matched, so it is kept.
        if var response = entry.response {
            response.shape = entry.shape
            return response
        }
        throw AgentError(entry.errorCode.map { AgentError.Code(rawValue: $0) } ?? .network, entry.error ?? "the recorded call failed")
    }

    /// The first difference between two requests, or `nil` when they match.
    static func difference(recorded: ChatRequest, now: ChatRequest) -> String? {
        if recorded.tools.map(\.name) != now.tools.map(\.name) {
            return "the tools were \(recorded.tools.map(\.name)) and are now \(now.tools.map(\.name))"
        }
        if recorded.responseFormat != now.responseFormat { return "the response schema differs" }
        for index in 0..<max(recorded.messages.count, now.messages.count) {
            guard index < recorded.messages.count else { return "message \(index + 1) is new: \(excerpt(now.messages[index].content))" }
            guard index < now.messages.count else { return "message \(index + 1) is missing" }
            let old = recorded.messages[index]
            let new = now.messages[index]
            if old != new {
                if old.content != new.content {
                    return "message \(index + 1) (\(new.role.rawValue)) " + firstDifference(old.content, new.content)
                }
                return "message \(index + 1) (\(new.role.rawValue)) differs in its tool calls"
            }
        }
        return nil
    }

    /// Where two texts first differ: the line number, the line before it, and both versions of
    /// the line, on one line of text.
    static func firstDifference(_ old: String, _ new: String) -> String {
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let newLines = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = zip(oldLines, newLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(oldLines.count, newLines.count)
        let before = line > 0 ? " after '\(excerpt(newLines[line - 1]))'" : ""
        let was = line < oldLines.count ? "'\(excerpt(oldLines[line]))'" : "(no line)"
        let now = line < newLines.count ? "'\(excerpt(newLines[line]))'" : "(no line)"
        return "differs at line \(line + 1) of \(max(oldLines.count, newLines.count))\(before): was \(was), is now \(now)"
    }

    private static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 80 ? String(line.prefix(80)) + "…" : line
    }
}
