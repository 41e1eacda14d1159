// Model diffs with wrong hunk counts and stripped blank context lines, applied with libgit2.
import Foundation
import HealerAgents
import HealerGit
import HealerTestSupport
import Testing

private let source = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"

@Suite("Edit sets: model diffs are recounted before they are applied")
struct PatchRecountTests {
    func apply(_ patch: String) throws -> String {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: ["calc.py": source])
        let repository = try Repository.discover(at: repo.path)
        let head = try repository.resolve("HEAD")
        let edits = EditSet(summary: "s", patch: patch)
        let (tree, _) = try repository.applyPatch(try #require(edits.patch), toTreeOf: head)
        let commit = try repository.createCommit(tree: tree, parents: [head], message: "m\n")
        return String(decoding: try repository.readFile("calc.py", at: commit.hex), as: UTF8.self)
    }

    @Test("wrong counts and a blank context line written as an empty line: applies as meant")
    func wrongCounts() throws {
        // Claims 2 old / 9 new lines; the body has 3 and 7, and the blank context line is empty.
        let patch = "--- a/calc.py\n+++ b/calc.py\n@@ -4,2 +4,9 @@\n\n def sub(a, b):\n     return a - b\n+\n+\n+def mul(a, b):\n+    return a * b\n\n"
        let text = try apply(patch)
        #expect(text == source + "\n\ndef mul(a, b):\n    return a * b\n")
    }

    @Test("a correct diff is unchanged (but for a final newline)")
    func correctUnchanged() {
        let patch = "diff --git a/calc.py b/calc.py\n--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@ header\n-def add(a, b):\n+def plus(a, b):\n     return a + b\n"
        #expect(EditSet(summary: "s", patch: patch).patch == patch)
        #expect(EditSet(summary: "s", patch: String(patch.dropLast())).patch == patch)
    }

    @Test("two files: the second file's --- header is not read as a removed line")
    func twoFiles() throws {
        let patch = "--- a/calc.py\n+++ b/calc.py\n@@ -1,9 +1,9 @@\n-def add(a, b):\n+def plus(a, b):\n     return a + b\n--- /dev/null\n+++ b/new.py\n@@ -0,0 +1,7 @@\n+x = 1\n"
        let recounted = try #require(EditSet(summary: "s", patch: patch).patch)
        #expect(recounted.contains("@@ -1,2 +1,2 @@\n"))
        #expect(recounted.contains("@@ -0,0 +1,1 @@\n+x = 1\n"))
        #expect(try apply(patch).hasPrefix("def plus(a, b):"))
    }

    @Test("context that does not match the file still fails: recounting never invents lines")
    func wrongContextFails() {
        let patch = "--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n-def nothing():\n+def other():\n     pass\n"
        #expect(throws: GitError.self) { _ = try apply(patch) }
    }
}
