// The shim itself: fail-open, switches, the deliberate block, and that the repository's copy is the installed one.
import Foundation
import HealerTestSupport
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall

@Suite("pre-push shim", .serialized)
struct HookScriptTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test("hooks/pre-push and ci-templates/ are byte for byte what healer installs")
    func filesMatchEmbeddedText() throws {
        let root = Self.repositoryRoot
        #expect(String(decoding: try #require(FileManager.default.contents(atPath: root + "/hooks/pre-push")), as: UTF8.self) == HookScript.plain)
        for provider in CIProvider.allCases {
            let path = root + "/ci-templates/" + (provider == .github ? "github/healer.yml" : "gitlab/healer.gitlab-ci.yml")
            #expect(String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self) == provider.templateText, "\(path) differs from CIProvider.\(provider) text")
        }
        #expect(HookScenario.mode(root + "/hooks/pre-push").map { $0 & 0o111 != 0 } == true)
    }

    @Test("both scripts pass `sh -n`")
    func syntax() {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        for (name, text) in [("plain", HookScript.plain), ("chained", HookScript.chained)] {
            _ = FileManager.default.createFile(atPath: temp.appending(name), contents: Data(text.utf8))
            let result = runProcess("/bin/sh", ["-n", temp.appending(name)], in: temp.path)
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
    }

    @Test(
        "a push goes through whatever is wrong with healer",
        arguments: [
            ["HEALER_BIN": "/nonexistent/healer"],
            ["FAKE_HEALER_STATUS": "127"],
            ["FAKE_HEALER_STATUS": "2"],
            ["FAKE_HEALER_STATUS": "134"],
            ["HEALER_BIN": "", "PATH": "/usr/bin:/bin"],
        ]
    )
    func failsOpen(environment: [String: String]) throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        _ = try world.installer.install()
        var extra = environment
        if extra["HEALER_BIN"] == "" { extra.removeValue(forKey: "HEALER_BIN") }
        var env = world.environment(extra)
        if environment["HEALER_BIN"] == "" { env.removeValue(forKey: "HEALER_BIN") }
        world.repo.commit(files: ["a.txt": UUID().uuidString], message: "change")
        let push = world.repo.git(["push", "origin", "HEAD:refs/heads/healer/work"], environment: env)
        #expect(push.status == 0, "push failed: \(push.stderr)")
        #expect(world.remote.head("refs/heads/healer/work") == world.repo.head())
    }

    @Test("a push goes through with a broken healer behind a chained hook too")
    func chainedFailsOpen() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        world.writeScript(world.repo.path + "/.git/hooks/pre-push", HookScenario.originalHook)
        _ = try world.installer.install()
        let push = world.commitAndPush(["HEALER_BIN": world.temp.appending("missing")])
        #expect(push.status == 0, "push failed: \(push.stderr)")
        let crash = world.commitAndPush(["FAKE_HEALER_STATUS": "127"])
        #expect(crash.status == 0, "push failed: \(crash.stderr)")
        #expect(crash.stderr.contains("pushing anyway"))
    }

    @Test("status 1 from healer is a deliberate block; HEALER=0 and HEALER_IN_HOOK=1 skip healer")
    func blockAndSwitches() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        _ = try world.installer.install()
        let blocked = world.commitAndPush(["FAKE_HEALER_STATUS": "1"])
        #expect(blocked.status != 0)
        #expect(world.remote.head("refs/heads/healer/work") != world.repo.head())

        let off = world.repo.git(["push", "origin", "HEAD:refs/heads/healer/work"], environment: world.environment(["FAKE_HEALER_STATUS": "1", "HEALER": "0"]))
        #expect(off.status == 0, "\(off.stderr)")
        world.remove("healer-stdin")
        let nested = world.commitAndPush(["FAKE_HEALER_STATUS": "1", "HEALER_IN_HOOK": "1"])
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(world.read("healer-stdin") == nil)
    }

    @Test("without healer the plain hook costs a few milliseconds")
    func cost() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.appending("pre-push")
        _ = FileManager.default.createFile(atPath: path, contents: Data(HookScript.plain.utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        let runs = 20
        let start = Date()
        for _ in 0..<runs {
            _ = runProcess(path, ["origin", "url"], in: temp.path, environment: ["HEALER_BIN": "/nonexistent"], stdin: "")
        }
        let perRun = Date().timeIntervalSince(start) / Double(runs)
        #expect(perRun < 0.05, "the hook took \(perRun * 1000) ms")
    }
}
