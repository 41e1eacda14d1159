// Replaying shell_exec: each recorded result once, read from the conversations of the transcript.
import Foundation
import HealerAgents
import HealerState
import Testing

/// An entry whose request is `messages`, offering `shell_exec`.
private func entry(_ sequence: Int, _ messages: [ChatMessage]) -> TranscriptEntry {
    let tool = ToolDefinition(name: "shell_exec", description: "run", parameters: ["type": "object"])
    return TranscriptEntry(sequence: sequence, role: .codingAgent, provider: "openai", model: "m", request: ChatRequest(messages: messages, tools: [tool]),
                           response: nil, usage: TokenUsage(), costUSD: 0, latencySeconds: 0, startedAt: "2026-01-01T00:00:00Z")
}

private func call(_ id: String, _ command: String) -> ToolCall {
    ToolCall(id: id, name: "shell_exec", arguments: JSONValue.object(["command": .string(command)]).jsonText)
}

@Suite("Replaying shell_exec from a transcript")
struct RecordedShellTests {
    @Test("a result's tool text reads back to the same result, timed out or not; other text does not read")
    func toolTextRoundTrip() {
        for result in [ShellResult(exitCode: 0, output: "ok\n"), ShellResult(exitCode: 137, output: "", timedOut: true), ShellResult(exitCode: -1, output: "a\nb")] {
            let text = result.toolText(timeoutSeconds: 30)
            #expect(ShellResult(toolText: text) == result, "\(text)")
            #expect(ShellResult(toolText: text)?.toolText(timeoutSeconds: 30) == text)
        }
        #expect(ShellResult(toolText: "error: no checkout") == nil)
        #expect(ShellResult(toolText: "exit status x\n") == nil)
    }

    @Test("each call answers once, in recorded order, from every step's conversations; the loop's notes and refusals are not results; an unknown command is a tool error")
    func answersFromTheTranscript() async throws {
        let first = call("c1", "date +%N"), repeated = call("c2", "date +%N"), failing = call("c3", "make"), refused = call("c4", "ls")
        let system = ChatMessage.system("coding"), user = ChatMessage.user("task t1")
        let turn1: [ChatMessage] = [system, user, .assistant("", toolCalls: [first]), .tool("exit status 0\n111\n", for: first)]
        let turn2 = turn1 + [.assistant("", toolCalls: [repeated, failing, refused]), .tool("note: you already made this exact call", for: repeated),
                             .tool("error: no checkout of 1234567", for: failing), .tool("error: invalid arguments for shell_exec: too long", for: refused)]
        // A later step (a retry) ran `date +%N` again, with the same call id, in another conversation.
        let retry: [ChatMessage] = [system, .user("task t1, attempt 2"), .assistant("", toolCalls: [first]), .tool("exit status 0\n222\n", for: first)]
        let shell = RecordedShell(entries: [entry(1, Array(turn1.prefix(2))), entry(2, turn1), entry(3, turn2), entry(1, retry)])
        #expect(shell.offered)
        #expect(try await shell.exec("date +%N", timeoutSeconds: 5) == ShellResult(exitCode: 0, output: "111\n"))
        do {
            _ = try await shell.exec("make", timeoutSeconds: 5)
            Issue.record("a recorded failure is thrown again")
        } catch let failure as ToolFailure {
            #expect(failure.message == "no checkout of 1234567")
        }
        #expect(try await shell.exec("date +%N", timeoutSeconds: 5) == ShellResult(exitCode: 0, output: "222\n"))
        await #expect(throws: ToolFailure.self) { _ = try await shell.exec("ls", timeoutSeconds: 5) }
        #expect(!RecordedShell(entries: [TranscriptEntry(sequence: 1, role: .requestPlanner, provider: "o", model: "m", request: ChatRequest(messages: [user]),
                                                         response: nil, usage: TokenUsage(), costUSD: 0, latencySeconds: 0, startedAt: "")]).offered)
    }
}
