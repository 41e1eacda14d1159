import HealerState
import Testing

@Suite("Run documents in YAML")
struct DocumentTests {
    static let valid = Run(id: "20261125-000000-abcdef", branch: "healer/x", base: String(repeating: "0", count: 40), baseBranch: "main",
                           request: .init(text: "make it: so\n--- tricky"), createdAt: "2026-11-25T00:00:00Z")

    @Test("a run survives a YAML round trip, every event kind included")
    func roundTrip() throws {
        var run = Self.valid
        run = try run.applying(Event(id: "1", actor: "rp", at: "t1", change: .planned(Plan(steps: ["a: b", "- c"], rationale: "r", affectedPaths: ["x"])),
                                     usage: Usage(tokens: 5, costUSD: 0.125)))
        run = try run.applying(Event(id: "2", actor: "cp", at: "t2", change: .tasked([CodingTask(id: "t1", patchGoal: "g", contextBlobs: ["c1"])])))
        let decoded = try Run.decode(yaml: run.yaml(), run: run.id)
        #expect(decoded == run)
        let event = Event(id: "3", actor: "v", at: "t3", change: .regressed(Regression(log: "l", failingTests: ["a"], culprit: "c", evidence: ["e"])))
        #expect(try Event.decode(yaml: event.yaml(), run: run.id) == event)
    }

    @Test("malformed documents name the run and the problem", arguments: [
        ("key: [unclosed", "not valid YAML"),
        ("- a\n- b\n", "not a YAML mapping"),
        ("id: x\n", "no 'schemaVersion'"),
        ("schemaVersion: 99\n", "schemaVersion 99 is not supported"),
        ("schemaVersion: 1\nid: x\n", "missing field 'branch'"),
    ])
    func malformed(yaml: String, problem: String) {
        do {
            _ = try Run.decode(yaml: yaml, run: "R1")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.description.contains("run R1"))
            #expect(error.description.contains(problem), "\(error.description)")
        }
    }

    @Test("an unknown stage is named")
    func unknownStage() {
        let yaml = Self.valid.yaml().replacingOccurrences(of: "stage: requested", with: "stage: sleeping")
        do {
            _ = try Run.decode(yaml: yaml, run: "R2")
            Issue.record("decoding should fail")
        } catch {
            #expect(error.description.contains("unknown stage 'sleeping'"))
        }
    }

    @Test("run ids sort by time and have a checked shape")
    func runIDs() {
        let id = RunID.make()
        #expect(RunID.isValid(id))
        #expect(!RunID.isValid("../etc"))
        #expect(!RunID.isValid("20261125-000000-ABCDEF"))
        #expect(RunID.slug("Make the retry delay configurable!") == "make-the-retry-delay-configurable")
        #expect(RunID.slug("???") == "change")
        #expect(RunID.slug(String(repeating: "word ", count: 30)).count <= 40)
    }
}
