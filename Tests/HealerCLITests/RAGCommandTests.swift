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
}
