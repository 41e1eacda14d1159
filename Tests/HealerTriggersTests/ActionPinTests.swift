// Pinning the GitHub Action: validation, GitHub addresses, and finding the clone healer was built from.
import Foundation
import HealerTestSupport
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerTriggers
@testable import HealerInstall

@Suite("ActionPin")
struct ActionPinTests {
    @Test("only OWNER/NAME@<40 lower-case hex> is a pin; tags and short SHAs are refused with the fix")
    func validate() throws {
        try ActionPin.validate("acme/healer@" + String(repeating: "a1", count: 20))
        for bad in ["acme/healer@v1.2.0", "acme/healer@abc1234", "healer@" + String(repeating: "a", count: 40),
                    "acme/heal er@" + String(repeating: "a", count: 40), "acme/healer@" + String(repeating: "A", count: 40), "acme/healer"] {
            #expect(throws: TriggerError.self, "\(bad)") { try ActionPin.validate(bad) }
        }
        do {
            try ActionPin.validate("acme/healer@v1")
        } catch {
            #expect(error.message.contains("40-digit commit SHA"))
        }
    }

    @Test("GitHub addresses in https and ssh form give OWNER/NAME; others give nothing")
    func slugs() {
        #expect(ActionPin.githubSlug("https://github.com/acme/healer.git") == "acme/healer")
        #expect(ActionPin.githubSlug("https://github.com/acme/healer") == "acme/healer")
        #expect(ActionPin.githubSlug("git@github.com:acme/healer.git") == "acme/healer")
        #expect(ActionPin.githubSlug("https://gitlab.com/acme/healer.git") == nil)
        #expect(ActionPin.githubSlug("https://github.com/acme") == nil)
    }

    @Test("detect: a binary under .build/ of a healer clone with a GitHub remote pins that clone's HEAD; elsewhere nothing")
    func detect() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let clone = GitFixture.make(in: temp, name: "healer", files: ["Package.swift": "let package = Package(\n    name: \"healer\"\n)\n"])
        let binary = clone.path + "/.build/release/healer"
        #expect(ActionPin.detect(executable: binary) == nil, "no GitHub remote yet")
        clone.git("remote", "add", "origin", "git@github.com:acme/healer.git")
        #expect(ActionPin.detect(executable: binary) == "acme/healer@\(clone.head())")
        let other = GitFixture.make(in: temp, name: "other", files: ["Package.swift": "let package = Package(name: \"other\")\n"])
        #expect(ActionPin.detect(executable: other.path + "/.build/debug/healer") == nil)
    }

    @Test("install refuses a bad --action-reference before changing anything")
    func installRefuses() throws {
        let world = HookScenario()
        defer { world.temp.remove() }
        #expect(throws: TriggerError.self) { try world.installer.install(.init(ci: .github, actionReference: "acme/healer@main")) }
        #expect(world.repo.read(".github/workflows/healer.yml") == nil)
        #expect(world.repo.read(".healer.yml") == nil)
        #expect(world.repo.status().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: world.repo.path + "/.git/hooks/pre-push"))
    }
}
