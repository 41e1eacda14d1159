import Foundation
import HealerGit
import HealerState
import HealerStore
import HealerTestSupport
import Testing

/// A clone of a bare remote, with healer's hook installed and the built binary on its path.
private struct HookedClone {
    let tmp = TemporaryDirectory()
    let remote: GitFixture
    let clone: GitFixture
    let environment: [String: String]

    init() {
        remote = GitFixture.bare(in: tmp)
        let seed = GitFixture.make(in: tmp, name: "seed", files: ["README.md": "# x\n", ".healer.yml": "test: echo 5 passed, 0 failed\n"])
        seed.git("remote", "add", "origin", remote.path)
        seed.git("push", "-q", "origin", "main")
        clone = GitFixture.clone(remote, in: tmp, name: "clone")
        environment = ["HEALER_BIN": HealerBinary.path]
    }
}

@Suite("Triggers: the pre-push hook, end to end")
struct TriggerTests {
    @Test("a real push of a run branch builds it and carries refs/healer/*; other branches cost nothing; a broken healer never blocks")
    func prePush() throws {
        let setup = HookedClone()
        defer { setup.tmp.remove() }
        let clone = setup.clone
        let install = HealerBinary.run(["install"], in: clone.path)
        #expect(install.status == 0, "\(install.stderr)")
        let id = HealerBinary.run(["request", "hooked change"], in: clone.path).trimmed
        let branch = try #require(clone.refs("refs/heads/healer/").keys.first).replacingOccurrences(of: "refs/heads/", with: "")
        clone.git("checkout", "-q", branch)
        let sha = clone.commit(files: ["feature.txt": "x\n"], message: "work on the run branch")
        let push = clone.git(["push", "-q", "origin", branch], environment: setup.environment)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("build"), "the hook ran the build: \(push.stderr)")
        #expect(setup.remote.git("show", "refs/healer/ci:\(sha)").stdout.contains("\"status\":\"green\""))
        #expect(setup.remote.git("rev-parse", "--verify", "refs/healer/runs/\(id)").status == 0)

        // A branch without a run: nothing happens to refs/healer/* on the remote.
        let before = setup.remote.refs("refs/healer/")
        clone.git("checkout", "-q", "-b", "plain", "main")
        clone.commit(files: ["plain.txt": "p\n"], message: "plain")
        let plain = clone.git(["push", "-q", "origin", "plain"], environment: setup.environment)
        #expect(plain.status == 0)
        #expect(!plain.stderr.contains("healer:"))
        #expect(setup.remote.refs("refs/healer/") == before)

        // A broken healer binary: the push still goes through.
        clone.commit(files: ["plain.txt": "q\n"], message: "plain 2")
        let broken = clone.git(["push", "-q", "origin", "plain"], environment: ["HEALER_BIN": setup.tmp.appending("missing-healer")])
        #expect(broken.status == 0, "\(broken.stderr)")
        #expect(setup.remote.git("rev-parse", "plain").trimmed == clone.head("plain"))

        let uninstall = HealerBinary.run(["uninstall"], in: clone.path)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
    }
}
