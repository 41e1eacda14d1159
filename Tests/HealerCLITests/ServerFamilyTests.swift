// `healer run` against the scripted server playing each real server family: the whole loop reaches done, and the rung is remembered.
import Foundation
import HealerState
import HealerTestSupport
import Testing

/// The structured-output and tools rungs each family settles on for the multiply loop (whose
/// scripted model answers without calling tools).
private let settled: [(ServerFamily, String, String)] = [
    (.llamaCppPython, "json_object+schema", "native"),
    (.llamaServer, "json_object+schema", "prompt"),
    (.lmStudio, "json_schema", "native"),
    (.vllm, "json_schema", "prompt"),
    (.ollama, "json_schema", "prompt"),
    (.openAI, "json_object", "native"),
    (.azure, "json_object+schema", "native"),
    (.anthropic, "prompt", "native"),
]

@Suite("healer run against each model server family", .serialized)
struct ServerFamilyTests {
    @Test("the whole loop reaches done in the family's shape, which the next run starts with", arguments: settled)
    func family(family: ServerFamily, structuredOutput: String, tools: String) throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: ["calc.py": calc, "test_calc.py": calcTest, ".healer.yml": "test: python3 -m unittest -q\n",
                                                    ".gitignore": "__pycache__/\n"])
        let loop: [ModelScenario.Reply] = [.text(plan), .text(oneTask), .text(multiply), .text(testSpec), .text(tests)]
        let server = ScriptedModelServer(ModelScenario(steps: (loop + loop).map { ModelScenario.Step(reply: $0) }), family: family)
        let url = try server.start()
        defer { server.stop() }
        let environment = ["HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": url.absoluteString, "HEALER_LLM_MODEL": "scripted"]

        let first = HealerBinary.run(["run", "add a multiply function"], in: repo.path, environment: environment)
        #expect(first.status == 0, "\(family): \(first.stderr)")
        let run = try JSONDecoder().decode(Run.self, from: Data(HealerBinary.run(["show", first.trimmed, "--json"], in: repo.path).stdout.utf8))
        #expect(run.stage == .done, "\(family): \(run.failure?.reason ?? "")")
        let shapes = run.artifacts.filter { $0.kind == "transcript" }.flatMap { artifact in
            repo.git("cat-file", "-p", artifact.blob).stdout.split(separator: "\n").compactMap { line in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["shape"] as? [String: String]
            }
        }
        #expect(shapes.count == 5, "\(family): every call records its shape")
        #expect(shapes.allSatisfy { $0 == ["structuredOutput": structuredOutput, "tools": tools] }, "\(family): \(shapes)")
        let remembered = (try? String(contentsOfFile: repo.path + "/.git/healer/server-capabilities.json", encoding: .utf8)) ?? ""
        #expect(remembered.contains(structuredOutput) == (server.refusals > 0), "\(family): \(remembered)")

        // The next process starts at the remembered rung: its first request is taken.
        let refusals = server.refusals
        let requests = server.requests.count
        let second = HealerBinary.run(["run", "add a multiply function"], in: repo.path, environment: environment)
        #expect(second.status == 0, "\(family): \(second.stderr)")
        #expect(server.refusals == refusals, "\(family): no refusal in the second run")
        let firstOfSecond = server.requests.count > requests ? server.requests[requests].json ?? [:] : [:]
        let format = (firstOfSecond["response_format"] as? [String: Any])
        let sentFormat = switch structuredOutput {
        case "json_object+schema": format?["type"] as? String == "json_object" && format?["schema"] != nil
        case "json_object": format?["type"] as? String == "json_object" && format?["schema"] == nil
        case "prompt": format == nil
        default: format?["type"] as? String == structuredOutput
        }
        #expect(sentFormat, "\(family): \(String(describing: format))")
        #expect((firstOfSecond["tools"] != nil) == (tools == "native"), "\(family)")
        #expect(server.remainingSteps == 0)
    }

    @Test("a run whose server refused its shapes replays to identical trees with the server gone")
    func replayAfterLadder() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: ["calc.py": calc, "test_calc.py": calcTest, ".healer.yml": "test: python3 -m unittest -q\n",
                                                    ".gitignore": "__pycache__/\n"])
        let server = ScriptedModelServer(ModelScenario(steps: [plan, oneTask, multiply, testSpec, tests].map { ModelScenario.Step(reply: .text($0)) }),
                                         family: .llamaServer)
        let url = try server.start()
        let output = HealerBinary.run(["run", "add a multiply function"], in: repo.path,
                                      environment: ["HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": url.absoluteString, "HEALER_LLM_MODEL": "scripted"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(server.refusals == 2, "json_schema, then tools")
        server.stop()
        let replay = HealerBinary.run(["replay", output.trimmed, "--json"], in: repo.path)
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"identical\" : true"))
    }
}
