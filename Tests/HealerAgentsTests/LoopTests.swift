// The agent loop over real HTTP: tools, repair rounds, loop detection, bounds.
import Foundation
import HealerAgents
import HealerTestSupport
import Testing

private let answerFormat = ResponseFormat(name: "answer", schema: [
    "type": "object", "properties": ["color": ["type": "string", "enum": ["red", "green"]], "note": ["type": "string", "maxLength": 20]],
    "required": ["color", "note"], "additionalProperties": false,
])

private let echoTool = AgentTool(name: "echo", description: "Echoes its text.",
                                 parameters: ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]]) { arguments in
    "echo: \(arguments["text"]?.stringValue ?? "")"
}

@Suite("Agent loop")
struct LoopTests {
    @Test("runs a tool, then accepts a final JSON answer")
    func toolThenAnswer() async throws {
        try await withScriptedServer([
            toolStep("echo", #"{"text":"ping"}"#, expect: .init(systemContains: "JSON schema")),
            textStep("```json\n{\"color\":\"red\",\"note\":\"ok\"}\n```", expect: .init(toolResultContains: "echo: ping")),
        ]) { url, server in
            let loop = AgentLoop(role: .requestPlanner, session: scriptedSession(url), tools: [echoTool])
            let outcome = try await loop.run(system: "You plan.", user: "Go", format: answerFormat)
            #expect(outcome.answer == ["color": "red", "note": "ok"])
            #expect(outcome.turns == 2)
            #expect(outcome.toolCalls == 1)
            #expect(server.mismatches.isEmpty)
            let tools = try #require(json(server.bodies[0])["tools"] as? [[String: Any]])
            #expect(tools.compactMap { ($0["function"] as? [String: Any])?["name"] as? String } == ["echo", "submit"])
        }
    }

    @Test("a reasoning model's <think> block (with braces in it) is dropped before the answer is read")
    func reasoningBlock() async throws {
        try await withScriptedServer([
            textStep("<think>The schema wants {\"color\": ...}; red fits.</think>\n{\"color\":\"red\",\"note\":\"thought\"}"),
        ]) { url, server in
            let outcome = try await AgentLoop(role: .codePlanner, session: scriptedSession(url)).run(system: "s", user: "u", format: answerFormat)
            #expect(outcome.answer == ["color": "red", "note": "thought"])
            #expect(outcome.repairs == 0)
            #expect(server.mismatches.isEmpty)
        }
    }

    @Test("accepts an answer through the submit tool")
    func submitTool() async throws {
        try await withScriptedServer([toolStep("submit", #"{"color":"green","note":"via submit"}"#)]) { url, _ in
            let outcome = try await AgentLoop(role: .testPlanner, session: scriptedSession(url)).run(system: "s", user: "u", format: answerFormat)
            #expect(outcome.answer["color"] == "green")
        }
    }

    @Test("invalid output gets a repair round with the validation error, then succeeds")
    func repairThenSuccess() async throws {
        try await withScriptedServer([
            textStep("I think it is red."),
            textStep(#"{"color":"blue","note":"x"}"#, expect: .init(lastMessageContains: "not one JSON object")),
            textStep(#"{"color":"red","note":"fixed"}"#, expect: .init(lastMessageContains: "is not one of")),
        ]) { url, server in
            let loop = AgentLoop(role: .codePlanner, session: scriptedSession(url), configuration: .init(repairRounds: 2))
            let outcome = try await loop.run(system: "s", user: "u", format: answerFormat)
            #expect(outcome.answer["note"] == "fixed")
            #expect(outcome.repairs == 2)
            #expect(server.mismatches.isEmpty, "\(server.mismatches)")
        }
    }

    @Test("invalid output fails clearly once the repair rounds are used")
    func repairBounded() async throws {
        try await withScriptedServer([.init(reply: .text(#"{"color":"red"}"#), times: 0)]) { url, server in
            let loop = AgentLoop(role: .codePlanner, session: scriptedSession(url), configuration: .init(repairRounds: 2))
            let error = await agentError { _ = try await loop.run(system: "s", user: "u", format: answerFormat) }
            #expect(error?.code == .invalidOutput)
            #expect(error?.message.contains("after 2 repair rounds") == true)
            #expect(error?.message.contains("missing required property 'note'") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test("a custom validator's problem is repaired like a schema error")
    func customValidator() async throws {
        try await withScriptedServer([
            textStep(#"{"color":"red","note":"a"}"#),
            textStep(#"{"color":"green","note":"b"}"#, expect: .init(lastMessageContains: "green please")),
        ]) { url, _ in
            let loop = AgentLoop(role: .codePlanner, session: scriptedSession(url))
            let outcome = try await loop.run(system: "s", user: "u", format: answerFormat) { answer in
                answer["color"] == "green" ? nil : AgentError(.invalidOutput, "green please")
            }
            #expect(outcome.answer["note"] == "b")
        }
    }

    @Test("an unknown tool gets an error result, and too many stop the loop")
    func unknownTool() async throws {
        try await withScriptedServer([
            toolStep("delete_everything", "{}"),
            textStep(#"{"color":"red","note":"ok"}"#, expect: .init(toolResultContains: "there is no tool named 'delete_everything'")),
        ]) { url, server in
            let outcome = try await AgentLoop(role: .codingAgent, session: scriptedSession(url), tools: [echoTool])
                .run(system: "s", user: "u", format: answerFormat)
            #expect(outcome.answer["color"] == "red")
            #expect(server.mismatches.isEmpty)
        }
        try await withScriptedServer([
            toolStep("nope_1", "{}"), toolStep("nope_2", "{}"), toolStep("nope_3", "{}"), textStep("never"),
        ]) { url, server in
            let loop = AgentLoop(role: .codingAgent, session: scriptedSession(url), tools: [echoTool], configuration: .init(unknownToolLimit: 3))
            let error = await agentError { _ = try await loop.run(system: "s", user: "u", format: answerFormat) }
            #expect(error?.code == .unknownTool)
            #expect(error?.message.contains("nope_3") == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test("the same tool call three times stops the loop")
    func repeatedCall() async throws {
        try await withScriptedServer([
            toolStep("echo", #"{"text":"again"}"#), toolStep("echo", #"{ "text" : "again" }"#), toolStep("echo", #"{"text":"again"}"#),
            textStep("never"),
        ]) { url, server in
            let loop = AgentLoop(role: .codingAgent, session: scriptedSession(url), tools: [echoTool])
            let error = await agentError { _ = try await loop.run(system: "s", user: "u", format: answerFormat) }
            #expect(error?.code == .loopDetected)
            #expect(error?.message.contains("echo with the same arguments 3 times") == true)
            #expect(server.requests.count == 3)
            #expect(server.bodies[2].contains("you already made this exact call"))
        }
    }

    @Test("stops after the maximum number of turns")
    func maxTurns() async throws {
        try await withScriptedServer([toolStep("echo", #"{"text":"1"}"#), toolStep("echo", #"{"text":"2"}"#), textStep("never")]) { url, server in
            let loop = AgentLoop(role: .codingAgent, session: scriptedSession(url), tools: [echoTool], configuration: .init(maxTurns: 2))
            let error = await agentError { _ = try await loop.run(system: "s", user: "u", format: answerFormat) }
            #expect(error?.code == .maxTurns)
            #expect(server.requests.count == 2)
        }
    }

    @Test("invalid tool arguments and failing tools come back to the model as errors; long results are cut")
    func toolErrors() async throws {
        let failing = AgentTool(name: "fail", description: "Fails.", parameters: ["type": "object"]) { _ in throw ToolFailure("disk on fire") }
        let long = AgentTool(name: "long", description: "Long.", parameters: ["type": "object"]) { _ in String(repeating: "y", count: 5000) }
        try await withScriptedServer([
            ModelScenario.Step(reply: ModelScenario.Reply(toolCalls: [
                .init(name: "echo", arguments: #"{"text":5}"#), .init(name: "fail", arguments: "{}"), .init(name: "long", arguments: "{}"),
                .init(name: "echo", arguments: "not json"),
            ])),
            textStep(#"{"color":"red","note":"ok"}"#, expect: .init(toolResultContains: "disk on fire")),
        ]) { url, server in
            let loop = AgentLoop(role: .codingAgent, session: scriptedSession(url), tools: [echoTool, failing, long],
                                 configuration: .init(maxToolResultBytes: 1000))
            _ = try await loop.run(system: "s", user: "u", format: answerFormat)
            let messages = try #require(json(server.bodies[1])["messages"] as? [[String: Any]])
            let results = messages.filter { $0["role"] as? String == "tool" }.compactMap { $0["content"] as? String }
            #expect(results.count == 4)
            #expect(results[0].contains("invalid arguments for echo: $.text: expected string, got number"))
            #expect(results[1] == "error: disk on fire")
            #expect(results[2].contains("[truncated: 4000 more bytes"))
            #expect(results[3].contains("not JSON"))
        }
    }

    @Test("a 10 MB reply is refused with a clear error")
    func hugeReply() async throws {
        try await withScriptedServer([.init(reply: ModelScenario.Reply(text: "{", padBytes: 10 << 20))]) { url, _ in
            let error = await agentError {
                _ = try await AgentLoop(role: .codingAgent, session: scriptedSession(url)).run(system: "s", user: "u", format: answerFormat)
            }
            #expect(error?.code == .responseTooLarge)
        }
    }
}

@Suite("JSON schema")
struct JSONSchemaTests {
    let schema = JSONSchema([
        "type": "object", "required": ["items", "mode"], "additionalProperties": false,
        "properties": [
            "items": ["type": "array", "maxItems": 2, "items": ["type": "object", "required": ["id"], "properties": ["id": ["type": "integer"]]]],
            "mode": ["type": "string", "enum": ["a", "b"], "maxLength": 1],
            "note": ["type": ["string", "null"], "minLength": 2],
        ],
    ])

    @Test("accepts valid documents", arguments: [
        #"{"items":[{"id":1}],"mode":"a"}"#, #"{"items":[],"mode":"b","note":null}"#, #"{"items":[{"id":2},{"id":3}],"mode":"a","note":"ok"}"#,
    ])
    func valid(_ text: String) throws {
        #expect(schema.validate(try JSONValue.parse(text)) == nil)
    }

    @Test("names the first problem with its path", arguments: [
        (#"{"items":[{"id":1.5}],"mode":"a"}"#, "$.items[0].id: expected integer"),
        (#"{"items":[],"mode":"c"}"#, "$.mode: \"c\" is not one of"),
        (#"{"items":[]}"#, "missing required property 'mode'"),
        (#"{"items":[],"mode":"a","extra":1}"#, "unexpected property 'extra'"),
        (#"{"items":[{"id":1},{"id":2},{"id":3}],"mode":"a"}"#, "more than 2 items"),
        (#"{"items":[],"mode":"a","note":"x"}"#, "shorter than 2"),
        (#"[1]"#, "expected object, got array"),
    ])
    func invalid(_ text: String, _ expected: String) throws {
        let problem = schema.validate(try JSONValue.parse(text))
        #expect(problem?.contains(expected) == true, "\(problem ?? "nil")")
    }
}

@Suite("Agent loop: answers as small models write them")
struct LenientAnswerTests {
    @Test("raw line breaks and tabs inside strings, comments and trailing commas are mended without a repair round")
    func mendedAnswer() async throws {
        let reply = "{\n  // the colour\n  \"color\": \"red\",\n  \"note\": \"two\nlines\tx\", /* done */\n}"
        try await withScriptedServer([textStep(reply)]) { url, server in
            let outcome = try await AgentLoop(role: .codePlanner, session: scriptedSession(url)).run(system: "s", user: "u", format: answerFormat)
            #expect(outcome.answer == ["color": "red", "note": "two\nlines\tx"])
            #expect(outcome.repairs == 0)
            #expect(server.mismatches.isEmpty)
        }
    }

    @Test("single quotes are not guessed: a repair round asks for JSON, and the fixed answer is taken")
    func notGuessed() async throws {
        try await withScriptedServer([
            textStep("{'color': 'red', 'note': 'x'}"),
            textStep(#"{"color":"green","note":"fixed"}"#, expect: .init(lastMessageContains: "not one JSON object")),
        ]) { url, server in
            let outcome = try await AgentLoop(role: .codePlanner, session: scriptedSession(url), configuration: .init(repairRounds: 1))
                .run(system: "s", user: "u", format: answerFormat)
            #expect(outcome.answer["color"] == "green" && outcome.repairs == 1)
            #expect(server.mismatches.isEmpty)
        }
    }

    @Test("a string holding // or a trailing-comma look-alike is left as it is")
    func stringsUntouched() throws {
        let text = "{\"url\": \"http://x/y\", \"code\": \"f(a,)\" , \"n\": [1, 2,],}"
        #expect(try JSONValue.parseLenient(text) == ["url": "http://x/y", "code": "f(a,)", "n": [1, 2]])
    }
}
