// `healer doctor` through the binary: what a new clone lacks, what install and a model change.
import Foundation
import HealerTestSupport
import Testing

private struct CheckJSON: Decodable {
    var name: String
    var status: String
    var detail: String
    var fix: String?
}

private func doctor(_ directory: String, environment: [String: String] = [:]) throws -> (checks: [CheckJSON], status: Int32) {
    let output = HealerBinary.run(["doctor", "--json"], in: directory, environment: environment)
    return (try JSONDecoder().decode([CheckJSON].self, from: Data(output.stdout.utf8)), output.status)
}

@Suite("healer doctor")
struct DoctorTests {
    @Test("a fresh clone: no hook, no model, no refspec are warnings with fixes; install and a model turn them ok, the key never shows")
    func freshThenSetUp() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let remote = GitFixture.bare(in: tmp)
        let repo = GitFixture.make(in: tmp, name: "work")
        repo.git("remote", "add", "origin", remote.path)
        let (fresh, freshStatus) = try doctor(repo.path)
        #expect(freshStatus == 0, "warnings do not fail")
        let byName = Dictionary(fresh.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["model"]?.status == "warning")
        #expect(byName["model"]?.fix?.contains("HEALER_LLM_MODEL") == true)
        #expect(byName["pre-push hook"]?.status == "warning")
        #expect(byName["pre-push hook"]?.detail.contains("healer install") == true)
        #expect(byName["fetch refspec"]?.status == "warning")

        #expect(HealerBinary.run(["install"], in: repo.path).status == 0)
        let key = "sk-doctor-test-key-5566778899"
        let (ready, readyStatus) = try doctor(repo.path, environment: [
            "HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": "http://127.0.0.1:9", "HEALER_LLM_MODEL": "small", "HEALER_LLM_API_KEY": key,
        ])
        #expect(readyStatus == 0)
        let after = Dictionary(ready.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(after["model"]?.status == "ok" && after["model"]?.detail.contains("'small'") == true)
        #expect(after["pre-push hook"]?.status == "ok")
        #expect(after["fetch refspec"]?.status == "ok")
        #expect(!ready.contains { $0.detail.contains(key) || ($0.fix ?? "").contains(key) })
    }

    @Test("a workflow that still names the placeholder action is a problem (exit 1); outside a repository too")
    func problems() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        // The template as shipped (install would pin it when healer was built from a GitHub clone).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let template = try String(contentsOf: root.appendingPathComponent("ci-templates/github/healer.yml"), encoding: .utf8)
        let repo = GitFixture.make(in: tmp, name: "work", files: [".github/workflows/healer.yml": template])
        let (checks, status) = try doctor(repo.path)
        #expect(status == 1)
        #expect(checks.contains { $0.name == "github workflow" && $0.status == "problem" && ($0.fix ?? "").contains("OWNER/healer@") })
        let outside = tmp.appending("empty")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let (none, noneStatus) = try doctor(outside)
        #expect(noneStatus == 1)
        #expect(none.contains { $0.name == "repository" && $0.status == "problem" })
    }

    @Test("the installed template's hosted model without its key variable is a warning that names the variable")
    func hostedModelWithoutKey() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, name: "work")
        #expect(HealerBinary.run(["install"], in: repo.path).status == 0)
        let (checks, status) = try doctor(repo.path, environment: ["OPENAI_API_KEY": ""])
        #expect(status == 0)
        let model = try #require(checks.first { $0.name == "model" })
        #expect(model.status == "warning" && model.detail.contains("no API key"), "\(model)")
        #expect(model.fix?.contains("OPENAI_API_KEY is not set") == true)
    }
}

@Suite("healer run before anything is created")
struct RunPreflightTests {
    @Test("a model server that is not running: exit 2 naming the address, and no run, branch or note is made")
    func serverDown() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, name: "work")
        let before = repo.refs()
        let output = HealerBinary.run(["run", "add a feature"], in: repo.path, environment: [
            "HEALER_LLM_PROVIDER": "openai", "HEALER_LLM_BASE_URL": "http://127.0.0.1:1", "HEALER_LLM_MODEL": "local",
            "HTTPS_PROXY": "", "HTTP_PROXY": "", "ALL_PROXY": "", "https_proxy": "", "http_proxy": "", "all_proxy": "",
        ])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("cannot reach the model server at http://127.0.0.1:1") && output.stderr.contains("connection refused"))
        #expect(repo.refs() == before, "nothing was created")
    }
}
