import Foundation
import HealerGit
import HealerTestSupport
import Testing

@Suite("The libgit2 layer")
struct RepositoryTests {
    @Test("discover, resolve, read files and list trees at a revision")
    func readAtRevision() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "one\n", "dir/b.txt": "two\n"])
        let first = fixture.head()
        fixture.commit(files: ["a.txt": "changed\n"], message: "change a")
        let repo = try Repository.discover(at: fixture.path + "/dir")
        #expect(repo.workDirectory == fixture.path)
        #expect(try repo.resolve("HEAD~1").hex == first)
        #expect(String(decoding: try repo.readFile("a.txt", at: first), as: UTF8.self) == "one\n")
        #expect(String(decoding: try repo.readFile("a.txt", at: "HEAD"), as: UTF8.self) == "changed\n")
        #expect(try repo.listTree(at: "HEAD").map(\.path) == ["a.txt", "dir/b.txt"])
        #expect(repo.currentBranch() == "main")
        #expect(throws: GitError.self) { try repo.readFile("missing.txt", at: "HEAD") }
        #expect(throws: GitError.self) { try repo.resolve("no-such-branch") }
    }

    @Test("a directory outside any repository is refused with a clear error")
    func notARepository() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        do {
            _ = try Repository.discover(at: tmp.path)
            Issue.record("should fail")
        } catch {
            #expect(error.code == .notARepository)
            #expect(error.description.contains("not inside a git repository"))
        }
    }

    @Test("diff between two revisions: unified text and per-file stats")
    func diff() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "1\n2\n3\n", "gone.txt": "x\n"])
        fixture.commit(files: ["a.txt": "1\nTWO\n3\n4\n", "new.txt": "n\n"], message: "edit", remove: ["gone.txt"])
        let repo = try Repository.discover(at: fixture.path)
        let diff = try repo.diff(from: "HEAD~1", to: "HEAD")
        #expect(diff.patch == fixture.git("diff", "HEAD~1", "HEAD").stdout)
        let byPath = Dictionary(uniqueKeysWithValues: diff.files.map { ($0.path, $0) })
        #expect(byPath["a.txt"]?.additions == 2 && byPath["a.txt"]?.deletions == 1)
        #expect(byPath["new.txt"]?.status == .added)
        #expect(byPath["gone.txt"]?.status == .deleted)
    }

    @Test("a patch applies to a worktree; a stale hunk names its file; a hostile path is refused")
    func applyPatch() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp, files: ["a.txt": "1\n2\n3\n"])
        let repo = try Repository.discover(at: fixture.path)
        try repo.createBranch("work", at: try repo.resolve("HEAD"))
        let worktree = try repo.worktree(named: "w1", at: tmp.appending("wt"), branch: "work")
        let patch = "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3\n"
        #expect(try worktree.applyPatch(patch) == ["a.txt"])
        let commit = try worktree.commitIndex(message: "apply")
        #expect(try repo.reference("refs/heads/work") == commit)
        #expect(fixture.read("a.txt") == "1\n2\n3\n", "the user's checkout is untouched")
        #expect(fixture.status().isEmpty)
        do {
            try worktree.applyPatch(patch)
            Issue.record("a patch applied twice should not apply")
        } catch {
            #expect(error.code == .patchDoesNotApply)
            #expect(error.description.contains("'a.txt'"))
        }
        for hostile in ["../outside.txt", ".git/config", "sub/.GIT/hooks/x", "/etc/passwd"] {
            let bad = "--- a/\(hostile)\n+++ b/\(hostile)\n@@ -0,0 +1 @@\n+x\n"
            #expect(throws: GitError.self) { try worktree.applyPatch(bad) }
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.appending("outside.txt")))
        // In memory, with no work tree at all.
        let (tree, _) = try repo.applyPatch(patch, toTreeOf: try repo.resolve("main"))
        let inMemory = try repo.createCommit(tree: tree, parents: [try repo.resolve("main")], message: "in memory")
        #expect(try repo.commit(inMemory).tree == (try repo.commit(commit).tree))
    }

    @Test("references move only with the expected value (compare-and-swap)")
    func compareAndSwap() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp)
        let repo = try Repository.discover(at: fixture.path)
        let a = try repo.resolve("HEAD")
        let b = GitFixture(path: fixture.path).commit(files: ["x": "y"], message: "b")
        let bID = try #require(ObjectID(hex: b))
        try repo.updateReference("refs/healer/test", to: a, expected: nil, message: "t")
        #expect(throws: GitError.self) { try repo.updateReference("refs/healer/test", to: bID, expected: nil, message: "t") }
        try repo.updateReference("refs/healer/test", to: bID, expected: a, message: "t")
        do {
            try repo.updateReference("refs/healer/test", to: a, expected: a, message: "stale")
            Issue.record("a stale expectation must fail")
        } catch {
            #expect(error.code == .referenceModified)
        }
        #expect(try repo.reference("refs/healer/test") == bID)
    }

    @Test("notes on a refs/healer ref: written as commits, read back, listed; git can read them too")
    func notes() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp)
        let repo = try Repository.discover(at: fixture.path)
        let head = try repo.resolve("HEAD")
        let first = try repo.createNotesCommit(parent: nil, annotating: head, content: "state: 1\n", message: "healer: first\n")
        try repo.updateReference("refs/healer/runs/x", to: first, expected: nil, message: "t")
        let second = try repo.createNotesCommit(parent: first, annotating: head, content: "state: 2\n", message: "healer: second\n")
        try repo.updateReference("refs/healer/runs/x", to: second, expected: first, message: "t")
        #expect(try repo.note(on: head, inNotesCommit: second) == "state: 2\n")
        #expect(try repo.notes(inNotesCommit: second).map(\.object) == [head])
        #expect(try repo.commit(second).summary == "healer: second")
        #expect(try repo.commit(second).parents == [first])
        #expect(fixture.git("show", "refs/healer/runs/x:\(head.hex)").stdout == "state: 2\n")
        #expect(fixture.git("log", "--format=%s", "refs/healer/runs/x").stdout == "healer: second\nhealer: first\n")
    }
}
