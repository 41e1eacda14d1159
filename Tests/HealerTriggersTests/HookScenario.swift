// A repository with a bare remote, a fake healer and an optional original pre-push hook.
import Foundation
import HealerTestSupport
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall

/// One test's world: a clone of a bare remote, an output folder the hooks write into, and a fake
/// healer executable that records its arguments and stdin.
struct HookScenario {
    let temp = TemporaryDirectory(prefix: "healer-triggers")
    let remote: GitFixture
    let repo: GitFixture
    let out: String
    let fakeHealer: String

    init() {
        remote = GitFixture.bare(in: temp)
        let seed = GitFixture.make(in: temp, name: "seed")
        seed.git("remote", "add", "origin", remote.path)
        seed.git("push", "-q", "origin", "main")
        repo = GitFixture.clone(remote, in: temp, name: "repo")
        out = temp.appending("out")
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        fakeHealer = temp.appending("bin/healer")
        writeScript(fakeHealer, """
        #!/bin/sh
        cat > "$OUT/healer-stdin"
        printf '%s\\n' "$@" > "$OUT/healer-args"
        exit "${FAKE_HEALER_STATUS:-0}"

        """)
    }

    var installer: HookInstaller { HookInstaller(directory: repo.path) }

    /// The environment a push runs with: the fake healer, the output folder, no inherited switches.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ["OUT": out, "HEALER_BIN": fakeHealer, "HEALER": "1", "HEALER_IN_HOOK": "0"]
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Commits on `branch` and pushes it; returns the push's output.
    @discardableResult
    /// Commits and pushes to `branch` on the remote; the default is a `healer/` branch, the only
    /// kind the hook's fast path hands to healer without a lookup.
    func commitAndPush(branch: String = "healer/work", _ extra: [String: String] = [:]) -> ProcessOutput {
        if repo.head("HEAD") != "", branch != "main", !branch.hasPrefix("healer/") { repo.git("checkout", "-q", "-B", branch) }
        repo.commit(files: ["file-\(UUID().uuidString.prefix(6)).txt": "x\n"], message: "change on \(branch)")
        return repo.git(["push", "origin", "HEAD:refs/heads/\(branch)"], environment: environment(extra))
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: out + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove(_ name: String) { try? FileManager.default.removeItem(atPath: out + "/" + name) }

    func writeScript(_ path: String, _ text: String, mode: Int = 0o755) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The repository's local config, for before/after comparisons.
    var localConfig: String { repo.git("config", "--local", "--list").stdout }

    /// The hook every test uses as "the hook that was there before": records stdin and arguments.
    static let originalHook = "#!/bin/sh\n# the team's own pre-push hook\r\ncat > \"$OUT/original-stdin\"\nprintf '%s\\n' \"$@\" > \"$OUT/original-args\"\nexit \"${ORIGINAL_STATUS:-0}\""
}
