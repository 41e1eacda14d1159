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

@Suite("healer rag context through the binary")
struct RAGContextCommandTests {
    private static let files = [
        "retry.py": "import time\n\n\ndef retry_delay(attempt):\n    return 0.5 * 2 ** attempt\n\n\ndef retry(call, attempts=3):\n    for attempt in range(attempts):\n        try:\n            return call()\n        except OSError:\n            time.sleep(retry_delay(attempt))\n    return call()\n",
        "log.py": "def log(message):\n    print(message)\n",
        "tests/test_retry.py": "from retry import retry_delay\n\n\ndef test_retry_delay():\n    assert retry_delay(1) == 1.0\n",
    ]

    @Test("the Request-Planner's pull for a request: chunks in prompt order with lines, characters and tokens; the prompt text as the role builds it; limits override the defaults")
    func requestPlanner() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: Self.files)
        let result = HealerBinary.run(["rag", "context", "--json", "make the retry delay configurable"], in: repo.path)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["role"] as? String == "request-planner")
        #expect((json["sourceFiles"] as? [String])?.first == "retry.py")
        #expect(json["contextFiles"] as? [String] == ["tests/test_retry.py"])
        let chunks = try #require(json["chunks"] as? [[String: Any]])
        // The whole small file takes the place of its symbols, whose lines it shows.
        #expect(chunks.map { "\($0["path"] ?? ""):\($0["startLine"] ?? 0)-\($0["shownEndLine"] ?? 0)" } == ["retry.py:1-14", "tests/test_retry.py:1-5"])
        let untuned = HealerBinary.run(["rag", "context", "--json", "--focus-files", "0", "--no-skip-shown-lines", "make the retry delay configurable"], in: repo.path)
        let symbols = try #require(try JSONSerialization.jsonObject(with: Data(untuned.stdout.utf8)) as? [String: Any])["chunks"] as? [[String: Any]]
        #expect(symbols?.first { $0["symbol"] as? String == "retry_delay" }.map { [$0["startLine"] as? Int, $0["shownEndLine"] as? Int] } == [4, 5])
        #expect((symbols?.count ?? 0) > chunks.count)
        for chunk in chunks {
            let text = chunk["text"] as? String ?? ""
            #expect(chunk["characters"] as? Int == text.count)
            #expect((chunk["tokens"] as? Int ?? 0) > text.utf8.count / 4)
        }
        let prompt = try #require(json["prompt"] as? String)
        #expect(prompt.hasPrefix("## Files most likely to change\n- retry.py"), "\(prompt)")
        #expect(prompt.contains("## Context from the repository\n[") && prompt.contains("def retry_delay(attempt):"))
        #expect(json["tokens"] as? Int == (prompt.utf8.count + 3) / 4)
        let text = HealerBinary.run(["rag", "context", "--prompt", "make the retry delay configurable"], in: repo.path)
        #expect(text.status == 0 && text.stdout == prompt, "\(text.stderr)")
    }

    @Test("--clip cuts a chunk at a line end and says which lines are shown; --role code-planner pulls; --rev answers for an older revision")
    func clipRoleAndRevision() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: Self.files)
        let first = repo.git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        repo.commit(files: ["backoff.py": "def backoff_delay(attempt):\n    return attempt\n"], message: "Add backoff")
        let clipped = HealerBinary.run(["rag", "context", "--json", "--clip", "40", "--focus-files", "0", "--no-skip-shown-lines", "--role", "code-planner", "--rev", first, "retry delay backoff"], in: repo.path)
        #expect(clipped.status == 0, "\(clipped.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(clipped.stdout.utf8)) as? [String: Any])
        #expect(json["role"] as? String == "code-planner")
        let chunks = try #require(json["chunks"] as? [[String: Any]])
        #expect(!chunks.contains { $0["path"] as? String == "backoff.py" })
        let symbol = try #require(chunks.first { $0["symbol"] as? String == "retry_delay" })
        #expect(symbol["text"] as? String == "def retry_delay(attempt):")
        #expect(symbol["startLine"] as? Int == 4 && symbol["shownEndLine"] as? Int == 4 && symbol["endLine"] as? Int == 5)
        #expect(chunks.allSatisfy { ($0["characters"] as? Int ?? 99) <= 40 })
        let table = HealerBinary.run(["rag", "context", "--clip", "40", "--focus-files", "0", "retry delay"], in: repo.path)
        #expect(table.status == 0 && table.stdout.contains("retry.py:4-4 (of 5)"), "\(table.stdout)")
    }

    @Test("an unknown role is a usage error, with the error document under --json")
    func unknownRole() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: Self.files)
        let result = HealerBinary.run(["rag", "context", "--json", "--role", "coder", "retry"], in: repo.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("'coder' is not a planner; pass --role with one of request-planner, code-planner"), "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["error"] as? [String: Any])?["exitStatus"] as? Int == 2)
    }

    @Test("a revision that names no commit, and a repository with no commit yet, are usage errors (exit 2) for every rag command")
    func revisionsThatDoNotExist() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: Self.files)
        for arguments in [["rag", "query", "--rev", "nope", "retry"], ["rag", "index", "--rev", "nope"], ["rag", "context", "--rev", "nope", "retry"]] {
            let result = HealerBinary.run(arguments, in: repo.path)
            #expect(result.status == 2 && result.stderr.contains("revision 'nope' names no commit"), "\(arguments): \(result.stderr)")
        }
        let empty = tmp.appending("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(runProcess("/usr/bin/git", ["init", "-q"], in: empty).status == 0)
        for arguments in [["rag", "query", "retry"], ["rag", "index"], ["rag", "context", "retry"]] {
            let result = HealerBinary.run(arguments, in: empty)
            #expect(result.status == 2 && result.stderr.contains("no commits yet"), "\(arguments): \(result.stderr)")
        }
    }
}
