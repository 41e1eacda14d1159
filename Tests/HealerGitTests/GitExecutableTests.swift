// The typed calls that go through the git executable: remotes, fetch and push, config, status, worktrees, trailers.
import Foundation
import HealerGit
import HealerTestSupport
import Testing

@Suite("The git executable behind typed calls")
struct GitExecutableTests {
    @Test("remotes, a remote's URL and default branch; fetch and push with a lease")
    func remotesFetchPush() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let remote = GitFixture.bare(in: tmp)
        let seed = GitFixture.make(in: tmp, name: "seed")
        seed.git("remote", "add", "origin", remote.path)
        seed.git("push", "-q", "origin", "main")
        let clone = GitFixture.clone(remote, in: tmp, name: "clone")
        let repo = try Repository.discover(at: clone.path)
        #expect(try repo.remotes() == ["origin"])
        #expect(try repo.remoteURL("origin") == remote.path)
        #expect(try repo.remoteURL("nope") == nil)
        #expect(try repo.defaultBranch(remote: "origin") == "main")
        #expect(try repo.defaultBranch(remote: "nope") == nil)

        let head = try repo.resolve("HEAD")
        let pushed = try repo.push([.init(head.hex, to: "refs/healer/x", lease: .absent)], to: "origin", atomic: true)
        #expect(pushed.succeeded)
        #expect(pushed.references.map(\.remoteName) == ["refs/healer/x"])
        #expect(remote.head("refs/healer/x") == head.hex)
        // The lease says the ref must not exist: the remote refuses, and that is an outcome.
        let next = clone.commit(files: ["n.txt": "n\n"], message: "next")
        let refused = try repo.push([.init(next, to: "refs/healer/x", lease: .absent)], to: "origin", atomic: true)
        #expect(!refused.succeeded)
        #expect(refused.references.contains { !$0.accepted })
        let moved = try repo.push([.init(next, to: "refs/healer/x", lease: .at(head))], to: "origin", atomic: true)
        #expect(moved.succeeded && remote.head("refs/healer/x") == next)

        try repo.fetch(["+refs/healer/*:refs/healer-remotes/origin/*"], from: "origin")
        #expect(try repo.reference("refs/healer-remotes/origin/x")?.hex == next)
        do {
            try repo.fetch(["+refs/healer/*:refs/x/*"], from: "/no/such/remote")
            Issue.record("should fail")
        } catch {
            #expect(error.message.contains("cannot fetch from '/no/such/remote'"))
            #expect(error.message.contains("does not appear to be a git repository"))
        }
    }

    @Test("config values: get, all, with origin, by pattern, add and remove")
    func config() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp)
        let config = try Repository.discover(at: fixture.path).config()
        #expect(try config.value("healer.missing") == nil)
        try config.add("healer.item", "one")
        try config.add("healer.item", "two")
        #expect(try config.values("healer.item") == ["one", "two"])
        #expect(try config.value("healer.item") == "two")
        #expect(try config.valueWithOrigin("healer.item")?.origin.hasSuffix(".git/config") == true)
        #expect(try config.entries(matching: #"^healer\.item$"#).map(\.value) == ["one", "two"])
        #expect(try config.remove("healer.item", "one") == .removed)
        #expect(try config.remove("healer.item", "one") == .absent)
        #expect(try config.values("healer.item") == ["two"])
        #expect(gitExecutableVersion()?.hasPrefix("git version ") == true)
    }

    @Test("uncommitted changes, worktrees and a branch move that keeps local changes")
    func workTreeState() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "1\n", "b.txt": "b\n"])
        let first = fixture.head()
        fixture.commit(files: ["a.txt": "2\n"], message: "two")
        let repo = try Repository.discover(at: fixture.path)
        #expect(try !repo.hasUncommittedChanges())
        try "local\n".write(toFile: fixture.path + "/b.txt", atomically: true, encoding: .utf8)
        #expect(try repo.hasUncommittedChanges())

        try repo.resetKeepingChanges(to: try #require(ObjectID(hex: first)))
        #expect(fixture.read("a.txt") == "1\n")
        #expect(fixture.read("b.txt") == "local\n")
        try "mine\n".write(toFile: fixture.path + "/a.txt", atomically: true, encoding: .utf8)
        #expect(throws: GitError.self) { try repo.resetKeepingChanges(to: try repo.resolve("main@{1}")) }
        #expect(fixture.read("a.txt") == "mine\n")

        let linked = tmp.path + "/linked"
        try repo.addDetachedWorktree(at: linked, commit: try repo.resolve("HEAD"))
        let worktrees = try repo.worktrees()
        #expect(worktrees.map(\.path) == [fixture.path, linked])
        #expect(worktrees.map(\.branch) == ["refs/heads/main", nil])
    }

    @Test("history as git log --name-only lists it, newest first")
    func nameOnlyLog() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "1\n"])
        fixture.commit(files: ["b.txt": "b\n"], message: "add b\n\nbecause")
        let log = try Repository.discover(at: fixture.path).nameOnlyLog(of: "HEAD", limit: 5)
        let records = log.split(separator: "\u{1e}").map { $0.split(separator: "\u{1f}", omittingEmptySubsequences: false) }
        #expect(records.count == 2)
        #expect(records[0][0] == "add b" && records[0][1].hasPrefix("because"))
        #expect(records[0][2].split(separator: "\n") == ["b.txt"])
        #expect(records[1][2].split(separator: "\n").isEmpty)
        #expect(throws: GitError.self) { try Repository.discover(at: fixture.path).nameOnlyLog(of: "no-such", limit: 1) }
    }

    @Test("the hooks directory, and a directory outside any work tree")
    func hooksLocation() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp)
        try FileManager.default.createDirectory(atPath: fixture.path + "/sub", withIntermediateDirectories: true)
        let location = try HooksLocation.locate(from: fixture.path + "/sub")
        #expect(location.topLevel == fixture.path)
        #expect(location.hooksDirectory == fixture.path + "/.git/hooks")
        #expect(location.commonDirectory == fixture.path + "/.git")
        #expect(throws: GitError.self) { try HooksLocation.locate(from: tmp.path) }
    }

    @Test("trailers: every line, or git's trailer block; keys in any case; opt-out values")
    func trailers() {
        let message = "Revert \"x\"\n\nNote: not a trailer block\n\nHealer-Culprit: abc\nhealer-no-revert: Yes\nHealer-Culprit: def \n"
        #expect(Trailers(message: message)["HEALER-CULPRIT"] == "def")
        #expect(Trailers(message: message)["Note"] == nil)
        #expect(Trailers(message)["Note"] == "not a trailer block")
        #expect(Trailers(message).isSet("Healer-No-Revert"))
        #expect(!Trailers(message).isSet("Healer-Culprit"))
        #expect(Trailers(message: "subject only\n").entries.map(\.key) == [])
    }
}
