// Install/uninstall round trips in real repositories, and real pushes through the installed hook.
import Foundation
import HealerTestSupport
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall

@Suite("HookInstaller", .serialized)
struct HookInstallerTests {
    @Test("install without a hook, install again (no-op), uninstall restores everything")
    func plainRoundTrip() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let configBefore = world.localConfig
        let hook = world.repo.path + "/.git/hooks/pre-push"

        let first = try world.installer.install()
        #expect(first.changed)
        #expect(String(decoding: HookScenario.bytes(hook) ?? Data(), as: UTF8.self) == HookScript.plain)
        #expect(HookScenario.mode(hook) == 0o755)
        #expect(world.repo.git("config", "--get-all", "remote.origin.fetch").stdout.contains(HookInstaller.fetchRefspec(remote: "origin")))
        #expect(world.repo.read(".healer.yml") == ConfigTemplate.text(detected: nil), "nothing to detect in the fixture")
        #expect(FileManager.default.fileExists(atPath: world.repo.path + "/.git/healer/install.yml"))

        let configAfterFirst = world.localConfig
        let recordBefore = HookScenario.bytes(world.repo.path + "/.git/healer/install.yml")
        let hookDate = try FileManager.default.attributesOfItem(atPath: hook)[.modificationDate] as? Date
        let second = try world.installer.install()
        #expect(!second.changed, "second install changed: \(second.changes)")
        #expect(world.localConfig == configAfterFirst)
        #expect(HookScenario.bytes(world.repo.path + "/.git/healer/install.yml") == recordBefore)
        #expect(try FileManager.default.attributesOfItem(atPath: hook)[.modificationDate] as? Date == hookDate)

        let undo = try world.installer.uninstall()
        #expect(undo.changed)
        #expect(!FileManager.default.fileExists(atPath: hook))
        #expect(world.localConfig == configBefore)
        #expect(world.repo.read(".healer.yml") == nil)
        #expect(!FileManager.default.fileExists(atPath: world.repo.path + "/.git/healer/install.yml"))
    }

    @Test("an existing hook is chained with the same stdin and arguments, blocks on failure, and comes back byte for byte")
    func chainedRoundTrip() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let hook = world.repo.path + "/.git/hooks/pre-push"
        world.writeScript(hook, HookScenario.originalHook, mode: 0o750)
        let originalBytes = try #require(HookScenario.bytes(hook))
        let configBefore = world.localConfig

        let report = try world.installer.install()
        #expect(report.changes.contains { $0.contains("moved the existing pre-push hook") })
        #expect(String(decoding: HookScenario.bytes(hook) ?? Data(), as: UTF8.self) == HookScript.chained)
        #expect(HookScenario.bytes(hook + ".healer-chained") == originalBytes)
        #expect(!(try world.installer.install()).changed)

        let push = world.commitAndPush()
        #expect(push.status == 0, "push failed: \(push.stderr)")
        let original = try #require(world.read("original-stdin"))
        #expect(original.hasPrefix("HEAD \(world.repo.head()) refs/heads/healer/work "))
        #expect(original.split(separator: " ").count == 4)
        #expect(world.read("healer-stdin") == original, "healer must get the same stdin as the original hook")
        #expect(world.read("original-args") == "origin\n\(world.remote.path)\n")
        #expect(world.read("healer-args") == "hook\npre-push\norigin\n\(world.remote.path)\n")

        // A failing original hook stops the push, and healer does not run.
        world.remove("healer-stdin")
        let remoteBefore = world.remote.head("refs/heads/healer/work")
        let blocked = world.commitAndPush(["ORIGINAL_STATUS": "3"])
        #expect(blocked.status != 0)
        #expect(world.remote.head("refs/heads/healer/work") == remoteBefore)
        #expect(world.read("healer-stdin") == nil)

        let undo = try world.installer.uninstall()
        #expect(undo.changes.contains { $0.contains("restored the original pre-push hook") })
        #expect(HookScenario.bytes(hook) == originalBytes)
        #expect(HookScenario.mode(hook) == 0o750)
        #expect(!FileManager.default.fileExists(atPath: hook + ".healer-chained"))
        #expect(world.localConfig == configBefore)
    }

    @Test("core.hooksPath is respected: install, chain, push, uninstall")
    func hooksPath() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        world.repo.git("config", "core.hooksPath", ".githooks")
        let hook = world.repo.path + "/.githooks/pre-push"
        world.writeScript(hook, HookScenario.originalHook)
        let originalBytes = try #require(HookScenario.bytes(hook))
        let configBefore = world.localConfig

        _ = try world.installer.install()
        #expect(HookScenario.bytes(hook + ".healer-chained") == originalBytes)
        #expect(!FileManager.default.fileExists(atPath: world.repo.path + "/.git/hooks/pre-push"))
        #expect(world.installer.status().contains { $0.contains("core.hooksPath = .githooks") })

        let push = world.commitAndPush()
        #expect(push.status == 0, "push failed: \(push.stderr)")
        #expect(world.read("original-stdin") != nil)
        #expect(world.read("healer-stdin") == world.read("original-stdin"))

        _ = try world.installer.uninstall()
        #expect(HookScenario.bytes(hook) == originalBytes)
        #expect(world.localConfig == configBefore)
    }

    @Test("a hooks directory that does not exist yet is created and removed again")
    func missingHooksDirectory() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        world.repo.git("config", "core.hooksPath", "tools/hooks")
        _ = try world.installer.install()
        #expect(FileManager.default.fileExists(atPath: world.repo.path + "/tools/hooks/pre-push"))
        _ = try world.installer.uninstall()
        #expect(!FileManager.default.fileExists(atPath: world.repo.path + "/tools"))
    }

    @Test("--ci github and gitlab copy the template; uninstall removes it unless edited")
    func ciTemplates() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let github = try world.installer.install(.init(ci: .github, actionReference: "acme/healer@1111111111111111111111111111111111111111"))
        let workflow = try #require(world.repo.read(".github/workflows/healer.yml"))
        #expect(workflow.contains("acme/healer@1111111111111111111111111111111111111111"))
        #expect(!workflow.contains(HookInstaller.actionPlaceholder))
        #expect(github.notes.contains(CIProvider.github.instruction))

        let gitlab = try world.installer.install(.init(ci: .gitlab))
        #expect(world.repo.read(".gitlab-ci.healer.yml") == CIProvider.gitlab.templateText)
        #expect(gitlab.notes.contains { $0.contains("include") })

        // A person edits the config: uninstall leaves it.
        _ = FileManager.default.createFile(atPath: world.repo.path + "/.healer.yml", contents: Data("build: make\n".utf8))
        let undo = try world.installer.uninstall()
        #expect(world.repo.read(".github/workflows/healer.yml") == nil)
        #expect(!FileManager.default.fileExists(atPath: world.repo.path + "/.github"))
        #expect(world.repo.read(".gitlab-ci.healer.yml") == nil)
        #expect(world.repo.read(".healer.yml") == "build: make\n")
        #expect(undo.notes.contains { $0.contains(".healer.yml changed") })
    }

    @Test("an existing .healer.yml and an existing refspec are left alone and not undone")
    func preexistingThingsStay() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        _ = FileManager.default.createFile(atPath: world.repo.path + "/.healer.yml", contents: Data("test: make check\n".utf8))
        world.repo.git("config", "--add", "remote.origin.fetch", HookInstaller.fetchRefspec(remote: "origin"))
        let configBefore = world.localConfig
        _ = try world.installer.install()
        #expect(world.localConfig == configBefore)
        _ = try world.installer.uninstall()
        #expect(world.localConfig == configBefore)
        #expect(world.repo.read(".healer.yml") == "test: make check\n")
    }

    @Test("install refuses to overwrite a stray pre-push.healer-chained next to a foreign hook")
    func strayChainedFile() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let hook = world.repo.path + "/.git/hooks/pre-push"
        world.writeScript(hook, HookScenario.originalHook)
        world.writeScript(hook + ".healer-chained", "#!/bin/sh\nexit 0\n")
        #expect(throws: TriggerError.self) { try world.installer.install() }
        #expect(HookScenario.bytes(hook) == Data(HookScenario.originalHook.utf8))
    }

    @Test("uninstall leaves a hook that another tool wrote over healer's")
    func foreignHookAfterInstall() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        _ = try world.installer.install()
        let hook = world.repo.path + "/.git/hooks/pre-push"
        world.writeScript(hook, "#!/bin/sh\n# husky\nexit 0\n")
        let undo = try world.installer.uninstall()
        #expect(HookScenario.bytes(hook) == Data("#!/bin/sh\n# husky\nexit 0\n".utf8))
        #expect(undo.notes.contains { $0.contains("no longer healer's") })
    }

    @Test("status reports the hook, the chain, the refspec, git's hook support and the executable")
    func status() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        #expect(world.installer.status(processEnvironment: [:]).first == "pre-push hook: not installed; run `healer install`")
        world.writeScript(world.repo.path + "/.git/hooks/pre-push", HookScenario.originalHook)
        _ = try world.installer.install()
        let lines = world.installer.status(processEnvironment: ["HEALER_BIN": world.fakeHealer, "HEALER": "0"])
        let hook = world.repo.path + "/.git/hooks/pre-push"
        #expect(lines.contains("pre-push hook: installed at \(hook) (chained: original hook at \(hook).healer-chained)"))
        #expect(lines.contains { $0.hasPrefix("fetch refspec: remote.origin.fetch +refs/healer/*") })
        #expect(lines.contains { $0.hasPrefix("git 2.") })
        #expect(lines.contains("healer executable: \(world.fakeHealer) (HEALER_BIN)"))
        #expect(lines.contains { $0.hasPrefix("HEALER=0") })
        let missing = world.installer.status(processEnvironment: ["PATH": "/nonexistent"])
        #expect(missing.contains { $0.hasPrefix("healer executable: not on PATH") })
    }

    @Test("a moved repository: install follows the hook, uninstall still restores the original")
    func movedRepository() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let hook = world.repo.path + "/.git/hooks/pre-push"
        world.writeScript(hook, HookScenario.originalHook)
        _ = try world.installer.install()
        let moved = world.temp.appending("moved")
        try FileManager.default.moveItem(atPath: world.repo.path, toPath: moved)
        let installer = HookInstaller(directory: moved)
        #expect(!(try installer.install()).changes.contains { $0.contains("moved the existing") })
        _ = try installer.uninstall()
        #expect(HookScenario.bytes(moved + "/.git/hooks/pre-push") == Data(HookScenario.originalHook.utf8))
        #expect(!FileManager.default.fileExists(atPath: moved + "/.git/hooks/pre-push.healer-chained"))
    }

    @Test("a core.hooksPath from the global config is reported as shared")
    func globalHooksPath() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let home = world.temp.appending("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: home + "/.gitconfig", contents: Data("[core]\n\thooksPath = \(world.temp.appending("global-hooks"))\n".utf8))
        let installer = HookInstaller(directory: world.repo.path, environment: ["HOME": home, "XDG_CONFIG_HOME": home])
        let report = try installer.install()
        #expect(FileManager.default.fileExists(atPath: world.temp.appending("global-hooks/pre-push")))
        #expect(report.notes.contains { $0.contains("shares this hook") && $0.contains(".gitconfig") })
        #expect(installer.status().contains { $0.contains("shared by every repository") })
        _ = try installer.uninstall()
        #expect(!FileManager.default.fileExists(atPath: world.temp.appending("global-hooks")))
    }

    @Test("a hook that is a symbolic link is chained through the link and restored as the same link")
    func symlinkedHook() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        let target = world.repo.path + "/scripts/pre-push.sh"
        world.writeScript(target, HookScenario.originalHook)
        let hook = world.repo.path + "/.git/hooks/pre-push"
        try FileManager.default.createSymbolicLink(atPath: hook, withDestinationPath: "../../scripts/pre-push.sh")
        _ = try world.installer.install()
        let push = world.commitAndPush()
        #expect(push.status == 0, "push failed: \(push.stderr)")
        #expect(world.read("original-stdin") != nil)
        _ = try world.installer.uninstall()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: hook) == "../../scripts/pre-push.sh")
        #expect(HookScenario.bytes(target) == Data(HookScenario.originalHook.utf8))
    }

    @Test("git versions: config-based hooks from 2.54")
    func gitVersions() {
        #expect(HookInstaller.gitVersion("git version 2.39.5")! == (2, 39))
        #expect(HookInstaller.gitVersion("git version 2.54.0.windows.1")! >= (2, 54))
        #expect(HookInstaller.gitVersion("nonsense") == nil)
    }
}
