// Redaction, budgets, edit policy and test integrity.
import Foundation
import HealerAgents
import HealerGit
import HealerState
import HealerTestSupport
import Testing

private let plainFormat = ResponseFormat(name: "answer", schema: ["type": "object", "properties": ["ok": ["type": "boolean"]], "required": ["ok"]])

@Suite("Redactor")
struct RedactorTests {
    @Test("removes token shapes", arguments: [
        "sk-proj-abcdefghijklmnopqrstuvwx", "sk-ant-api03-abcdefghijklmnop1234", "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnop", "glpat-abcdefghij0123456789", "xoxb-1234567890-abcdefghij",
        "AKIAIOSFODNN7EXAMPLE",
    ])
    func tokenShapes(_ secret: String) {
        let text = Redactor(environment: [:]).redact("config: value \(secret) end")
        #expect(!text.contains(secret), "\(text)")
        #expect(text.contains("[REDACTED"))
        #expect(text.hasPrefix("config: value ") && text.hasSuffix(" end"))
    }

    @Test("removes environment secrets, PEM keys, .env values and bearer tokens")
    func otherSecrets() {
        let redactor = Redactor(environment: ["DEPLOY_TOKEN": "plain-looking-value-42", "HOME": "/root", "SHORT_KEY": "abc"], extraSecrets: ["configured-key"])
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----"
        let text = redactor.redact("""
            token is plain-looking-value-42 in /root
            \(pem)
            DATABASE_PASSWORD=hunter2hunter2
            export STRIPE_SECRET_KEY="abc def"
            NORMAL_SETTING=visible
            PASSWORD=plainpassword
            Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345
            use configured-key here
                token: String,
            let apiKey = "abc123def456ghi"
            db: {password: 'hunter22'}
            let tokenKind = "identifier"
            """)
        #expect(!text.contains("plain-looking-value-42"))
        #expect(text.contains("[REDACTED:DEPLOY_TOKEN]"))
        #expect(text.contains("/root"))
        #expect(!text.contains("MIIEowIBAAKCAQEA"))
        #expect(!text.contains("hunter2"))
        #expect(text.contains("DATABASE_PASSWORD=[REDACTED]"))
        #expect(!text.contains("abc def"))
        #expect(text.contains("NORMAL_SETTING=visible"))
        #expect(text.contains("PASSWORD=[REDACTED]"))
        #expect(!text.contains("abcdefghijklmnopqrstuvwxyz012345"))
        #expect(!text.contains("configured-key"))
        #expect(!redactor.adding(["later-added-secret"]).redact("x later-added-secret y").contains("later-added"))
        #expect(text.contains("    token: String,"))
        #expect(text.contains(#"let apiKey = "[REDACTED]""#))
        #expect(text.contains("password: '[REDACTED]'"))
        #expect(text.contains(#"let tokenKind = "identifier""#))
    }

    @Test("keeps tool-call arguments valid JSON")
    func jsonArguments() throws {
        let redactor = Redactor(environment: ["API_KEY": #"quote"inside-secret"#])
        let message = redactor.redact(ChatMessage.assistant("", toolCalls: [ToolCall(id: "1", name: "x", arguments: #"{"a":"quote\"inside-secret"}"#)]))
        let arguments = try JSONValue.parse(message.toolCalls[0].arguments)
        #expect(arguments["a"] == "[REDACTED:API_KEY]")
    }
}

@Suite("Secrets never leave", .serialized)
struct SecretFlowTests {
    @Test("secrets in the prompt, a tool result and the environment reach neither the server nor the transcript")
    func secretsStayHome() async throws {
        let envSecret = "env-secret-value-9f8e7d6c"
        let promptSecret = "ghp_promptsecret0123456789abcdefghijklmn"
        let toolSecret = "sk-proj-toolsecret0123456789abcdef"
        let environment = ["MY_SERVICE_TOKEN": envSecret]
        let leaky = AgentTool(name: "read_env_file", description: "Reads .env", parameters: ["type": "object"]) { _ in
            "AWS_SECRET_ACCESS_KEY=\(toolSecret)\nMY_SERVICE_TOKEN=\(envSecret)\nPORT=8080"
        }
        try await withScriptedServer([
            toolStep("read_env_file", "{}"),
            textStep(#"{"ok":true}"#, expect: .init(toolResultContains: "PORT=8080")),
        ]) { url, server in
            let session = scriptedSession(url, redactor: Redactor(environment: environment))
            let loop = AgentLoop(role: .codingAgent, session: session, tools: [leaky])
            _ = try await loop.run(system: "Deploy with token \(envSecret).", user: "Use \(promptSecret) to push.", format: plainFormat)
            let recorded = server.bodies.joined(separator: "\n")
            let transcript = String(decoding: TranscriptEntry.encode(await session.transcript), as: UTF8.self)
            for secret in [envSecret, promptSecret, toolSecret] {
                #expect(!recorded.contains(secret), "\(secret) reached the server")
                #expect(!transcript.contains(secret), "\(secret) reached the transcript")
            }
            #expect(recorded.contains("[REDACTED:MY_SERVICE_TOKEN]"))
            #expect(transcript.contains("PORT=8080"))
            #expect(server.mismatches.isEmpty)
        }
    }
}

@Suite("Budget guard")
struct BudgetTests {
    @Test("a budget smaller than the call needs refuses it before any request")
    func refusedBeforeCall() async throws {
        try await withScriptedServer([textStep(#"{"ok":true}"#)]) { url, server in
            let session = scriptedSession(url, budget: BudgetGuard(run: .init(maxTokens: 1000)))
            let loop = AgentLoop(role: .requestPlanner, session: session, configuration: .init(maxOutputTokens: 4096))
            let error = await agentError { _ = try await loop.run(system: "s", user: "u", format: plainFormat) }
            #expect(error?.code == .budgetExceeded)
            #expect(error?.message.contains("token budget of 1000") == true)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("cost and per-role limits, with spending recorded from real usage")
    func costAndRoles() async throws {
        let pricing = ModelSettings.Pricing(inputPerMillion: 1_000_000, outputPerMillion: 1_000_000)  // $1 a token
        let budget = BudgetGuard(run: .init(maxCostUSD: 10_000), perRole: [.codePlanner: .init(maxTokens: 10)], pricing: pricing)
        let small = ChatRequest(messages: [.user("hi")], maxTokens: 10)
        let reservation = try await budget.authorize(role: .requestPlanner, request: small)
        let cost = await budget.settle(reservation, usage: TokenUsage(promptTokens: 3, completionTokens: 2))
        #expect(cost == 5)
        #expect(await budget.spent == Usage(tokens: 5, costUSD: 5))
        #expect(await budget.spent(by: .requestPlanner).tokens == 5)
        await #expect(throws: AgentError.self) { _ = try await budget.authorize(role: .codePlanner, request: small) }
        let huge = ChatRequest(messages: [.user(String(repeating: "x", count: 80_000))], maxTokens: 10)
        do {
            _ = try await budget.authorize(role: .requestPlanner, request: huge)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("cost budget"))
        }
        let fromRun = BudgetGuard(budget: Run.Budget(maxTokens: 100, used: Usage(tokens: 95)))
        await #expect(throws: AgentError.self) { _ = try await fromRun.authorize(role: .testPlanner, request: small) }
    }

    @Test("parallel reservations cannot overrun together")
    func reservations() async throws {
        let budget = BudgetGuard(run: .init(maxTokens: 100))
        let request = ChatRequest(messages: [.user("hi")], maxTokens: 40)
        let first = try await budget.authorize(role: .codingAgent, request: request)
        _ = try await budget.authorize(role: .codingAgent, request: request)
        await #expect(throws: AgentError.self) { _ = try await budget.authorize(role: .codingAgent, request: request) }
        await budget.settle(first, usage: TokenUsage(promptTokens: 5, completionTokens: 5))
        _ = try await budget.authorize(role: .codingAgent, request: request)
    }
}

@Suite("Edit policy and test integrity")
struct IntegrityTests {
    @Test("PatchPolicy refuses paths outside the repository and inside .git", arguments: ["../x", ".git/config", "a/../../b", "/etc/passwd", "sub/.GIT/hooks/pre-commit"])
    func refusedPaths(_ path: String) {
        let write = EditSet(summary: "s", writes: [.init(path: path, content: "x")])
        #expect(EditPolicy().violation(for: write)?.code == .editRejected)
        let patch = EditSet(summary: "s", patch: "--- a/\(path)\n+++ b/\(path)\n@@ -1 +1 @@\n-a\n+b\n")
        #expect(EditPolicy().violation(for: patch)?.code == .editRejected)
    }

    @Test("CI configuration and hooks only when allowed")
    func ciPaths() {
        for path in [".github/workflows/ci.yml", ".gitlab-ci.yml", "hooks/pre-push", ".healer.yml"] {
            let edits = EditSet(summary: "s", writes: [.init(path: path, content: "x")])
            #expect(EditPolicy().violation(for: edits) != nil, "\(path)")
            #expect(EditPolicy(allowCIConfig: true).violation(for: edits) == nil, "\(path)")
        }
        #expect(EditPolicy().violation(for: EditSet(summary: "s", writes: [.init(path: "Sources/App/main.swift", content: "x")])) == nil)
        #expect(EditPolicy().violation(for: EditSet(summary: "empty")) != nil)
        #expect(EditPolicy(maxBytes: 10).violation(for: EditSet(summary: "s", writes: [.init(path: "a", content: String(repeating: "x", count: 20))])) != nil)
    }

    @Test("rejects a deleted test file")
    func deletedTest() {
        let diff = """
            diff --git a/Tests/AppTests/ParserTests.swift b/Tests/AppTests/ParserTests.swift
            deleted file mode 100644
            --- a/Tests/AppTests/ParserTests.swift
            +++ /dev/null
            @@ -1,3 +0,0 @@
            -@Test func parses() {
            -    #expect(parse("1") == 1)
            -}
            """
        let violations = TestIntegrity.check(diff: diff)
        #expect(violations.map(\.kind) == [.deletedTestFile])
        #expect(TestIntegrity.check(diff: diff, allow: .init(deletingTests: true)).isEmpty)
        let edits = EditSet(summary: "s", deletions: ["tests/test_parser.py"])
        #expect(TestIntegrity.check(edits: edits, before: ["tests/test_parser.py": "def test_parse():\n    assert parse('1') == 1\n"]).map(\.kind) == [.deletedTestFile])
    }

    @Test("rejects added skip markers", arguments: [
        ("Tests/AppTests/ParserTests.swift", "@Test func parses() {", "@Test(.disabled(\"flaky\")) func parses() {"),
        ("Tests/AppTests/ParserTests.swift", "func testParse() throws {", "func testParse() throws {\n    throw XCTSkip(\"later\")"),
        ("tests/test_parser.py", "def test_parse():", "@pytest.mark.skip\ndef test_parse():"),
        ("src/parser.test.ts", "it('parses', () => {", "it.skip('parses', () => {"),
        ("parser_test.go", "func TestParse(t *testing.T) {", "func TestParse(t *testing.T) {\n\tt.Skip(\"later\")"),
        ("tests/parser_test.rs", "#[test]\nfn parses() {", "#[test]\n#[ignore]\nfn parses() {"),
    ])
    func skipMarkers(_ path: String, _ before: String, _ after: String) {
        let change = TestIntegrity.FileChange(path: path, before: before + "\n    assert(x)\n}\n", after: after + "\n    assert(x)\n}\n")
        let violations = TestIntegrity.check(changes: [change])
        #expect(violations.map(\.kind).contains(.addedSkip), "\(violations)")
        #expect(TestIntegrity.check(changes: [change], allow: .init(skippingTests: true)).isEmpty)
    }

    @Test("rejects removed tests and fewer assertions, in a diff")
    func removedTestsAndAssertions() {
        let diff = """
            --- a/Tests/AppTests/ParserTests.swift
            +++ b/Tests/AppTests/ParserTests.swift
            @@ -1,8 +1,3 @@
             @Test func parses() {
            -    #expect(parse("1") == 1)
            -    #expect(parse("2") == 2)
            +    #expect(parse("1") == 1)
             }
            -@Test func rejects() {
            -    #expect(throws: ParseError.self) { try parse("x") }
            -}
            """
        let kinds = TestIntegrity.check(diff: diff).map(\.kind)
        #expect(kinds.contains(.removedTests))
        #expect(kinds.contains(.fewerAssertions))
        #expect(TestIntegrity.error(for: TestIntegrity.check(diff: diff))?.code == .testIntegrity)
    }

    @Test("accepts an added test and non-test changes")
    func addedTest() {
        let diff = """
            diff --git a/Tests/AppTests/ParserTests.swift b/Tests/AppTests/ParserTests.swift
            --- a/Tests/AppTests/ParserTests.swift
            +++ b/Tests/AppTests/ParserTests.swift
            @@ -1,3 +1,7 @@
             @Test func parses() {
                 #expect(parse("1") == 1)
             }
            +
            +@Test func parsesNegative() {
            +    #expect(parse("-1") == -1)
            +}
            diff --git a/Sources/App/Parser.swift b/Sources/App/Parser.swift
            --- a/Sources/App/Parser.swift
            +++ b/Sources/App/Parser.swift
            @@ -1 +1 @@
            -func parse(_ s: String) -> Int { 0 }
            +func parse(_ s: String) -> Int { Int(s) ?? 0 }
            """
        #expect(TestIntegrity.check(diff: diff).isEmpty)
        let newFile = EditSet(summary: "s", writes: [.init(path: "tests/test_new.py", content: "def test_new():\n    assert True\n")])
        #expect(TestIntegrity.check(edits: newFile, before: [:]).isEmpty)
    }

    @Test("recognises test paths")
    func testPaths() {
        for path in ["Tests/AppTests/A.swift", "tests/test_a.py", "pkg/a_test.go", "src/a.test.ts", "spec/a_spec.rb", "src/__tests__/a.js", "AppTests.swift"] {
            #expect(TestIntegrity.isTestPath(path), "\(path)")
        }
        for path in ["Sources/App/A.swift", "src/latest.py", "contest/main.go", "README.md"] {
            #expect(!TestIntegrity.isTestPath(path), "\(path)")
        }
    }
}
