import Foundation
import HealerGit
import HealerState
import HealerTestSupport
import Testing

@Suite("Malformed input is refused with exit 2 and nothing changes")
struct MalformedInputTests {
    static let cases: [(String, String)] = [
        ("key: [unclosed\n", "not valid YAML"),
        ("schemaVersion: 7\nid: x\n", "schemaVersion 7 is not supported"),
        ("schemaVersion: 1\nbranch: b\n", "missing field 'id'"),
        ("STAGE", "unknown stage 'dreaming'"),
    ]

    @Test("a broken state note", arguments: cases)
    func brokenNote(content: String, problem: String) throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        let id = HealerBinary.run(["request", "change"], in: repo.path).trimmed
        let git = try Repository.discover(at: repo.path)
        let ref = "refs/healer/runs/\(id)"
        let head = try #require(try git.reference(ref))
        let base = try git.resolve("main")
        var text = content
        if content == "STAGE" {
            text = try #require(try git.note(on: base, inNotesCommit: head)).replacingOccurrences(of: "stage: requested", with: "stage: dreaming")
        }
        let broken = try git.createNotesCommit(parent: head, annotating: base, content: text,
                                               message: "hand edit\n\nHealer-Run: \(id)\nHealer-Base: \(base.hex)\n")
        try git.updateReference(ref, to: broken, expected: head, message: "test")
        for arguments in [["show", id], ["comment", id, "-m", "x"], ["cancel", id], ["log", id, "--json"]] {
            let output = HealerBinary.run(arguments, in: repo.path)
            if arguments[0] == "log" { #expect(output.status == 0); continue }  // the audit trail stays readable
            #expect(output.status == 2, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains(id), "\(output.stderr)")
            #expect(output.stderr.contains(problem), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1, "one line: \(output.stderr)")
        }
        #expect(try git.reference(ref) == broken, "a refused command changes nothing")
        let status = HealerBinary.run(["status", "--json"], in: repo.path)
        #expect(status.status == 0)
        #expect(status.stderr.contains(id))
    }

    @Test("an unknown run, a non-repository and a broken .healer.yml")
    func otherInput() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        let unknown = HealerBinary.run(["show", "20260101-000000-aaaaaa"], in: repo.path)
        #expect(unknown.status == 2 && unknown.stderr.contains("20260101-000000-aaaaaa") && unknown.stderr.contains("does not exist"))
        let outside = TemporaryDirectory()
        defer { outside.remove() }
        let notRepo = HealerBinary.run(["status"], in: outside.path)
        #expect(notRepo.status == 2 && notRepo.stderr.contains("not inside a git repository"))
        _ = FileManager.default.createFile(atPath: repo.path + "/.healer.yml", contents: Data("limits: [".utf8))
        let config = HealerBinary.run(["request", "x"], in: repo.path)
        #expect(config.status == 2 && config.stderr.contains(".healer.yml"))
        #expect(repo.refs("refs/healer/").isEmpty)
        let empty = HealerBinary.run(["request", "  "], in: repo.path)
        #expect(empty.status == 2)
        let usage = HealerBinary.run(["request"], in: repo.path)
        #expect(usage.status == 2)
    }
}
