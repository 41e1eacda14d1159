import Foundation
import HealerTestSupport
import Testing

@Suite("healer rag through the binary")
struct RAGCommandTests {
    @Test("grep -F finds text with regex characters as written; the same text as a regex is a one-line error that suggests -F")
    func fixedStrings() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: ["pad.py": "def padded(it, n):\n    return chain(islice(it, n), rest)\n"])
        let fixed = HealerBinary.run(["rag", "grep", "-F", "islice(it, n)"], in: repo.path)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout == "pad.py:2:    return chain(islice(it, n), rest)\n")
        let regex = HealerBinary.run(["rag", "grep", "islice(it, n"], in: repo.path)
        #expect(regex.status == 2)
        #expect(regex.stderr.hasPrefix("healer: error: ") && regex.stderr.contains("pass -F"), "\(regex.stderr)")
        #expect(!regex.stderr.contains("The operation could not be completed"))
    }

    @Test("query --files ranks source files apart from context and prints JSON; --rev answers for another revision")
    func files() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: [
            "pad.py": "def padded(iterable, n):\n    return chain(islice(iterable, n), repeat(None))\n",
            "tests/test_pad.py": "def test_padded():\n    assert padded([1], 2)\n",
            "README.md": "# pad\n\nPadded iterables.\n",
        ])
        let first = repo.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        repo.commit(files: ["chunk.py": "def chunked(iterable, n):\n    return iterable\n"], message: "Add chunked")
        let result = HealerBinary.run(["rag", "query", "--files", "--json", "padded iterable", "--rev", first], in: repo.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let source = (json["source"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        let context = (json["context"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(source == ["pad.py"])
        #expect(Set(context) == ["tests/test_pad.py", "README.md"])
        let text = HealerBinary.run(["rag", "query", "--files", "chunked"], in: repo.path)
        #expect(text.status == 0 && text.stdout.hasPrefix("where to change\n") && text.stdout.contains("chunk.py"), "\(text.stdout)")
    }
}
