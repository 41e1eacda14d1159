import Foundation
import HealerState
import HealerTestSupport
import Testing

struct StatusRow: Decodable {
    var id: String
    var branch: String
    var stage: String?
    var updated: String?
    var error: String?
}

@Suite("Creating and listing runs through the binary")
struct RunCreationTests {
    @Test("request prints the id alone, creates the branch, and leaves the checkout alone")
    func request() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        let before = repo.refs("refs/heads/")
        let output = HealerBinary.run(["request", "make the retry delay configurable"], in: repo.path)
        #expect(output.status == 0, "\(output.stderr)")
        let id = output.trimmed
        #expect(RunID.isValid(id), "stdout must be the id alone: \(output.stdout)")
        let branch = "healer/\(id)-make-the-retry-delay-configurable"
        #expect(repo.head("refs/heads/" + branch) == repo.head("main"))
        #expect(repo.git("symbolic-ref", "--short", "HEAD").trimmed == "main")
        #expect(repo.status().isEmpty)
        #expect(repo.refs("refs/heads/").count == before.count + 1)
        let show = HealerBinary.run(["show", id, "--json"], in: repo.path)
        let run = try JSONDecoder().decode(Run.self, from: Data(show.stdout.utf8))
        #expect(run.stage == .requested && run.branch == branch && run.request.text == "make the retry delay configurable")
    }

    @Test("4 processes creating 25 runs each at once: 100 distinct runs, every document readable")
    func concurrentCreation() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for index in 0..<25 {
                let output = HealerBinary.run(["request", "worker \(worker) change \(index)"], in: repo.path)
                if output.status != 0 { failures.add(output.stderr) }
            }
        }
        #expect(failures.messages.isEmpty, "\(failures.messages.prefix(3))")
        let status = HealerBinary.run(["status", "--json"], in: repo.path)
        #expect(status.status == 0)
        let rows = try JSONDecoder().decode([StatusRow].self, from: Data(status.stdout.utf8))
        #expect(rows.count == 100)
        #expect(Set(rows.map(\.id)).count == 100)
        #expect(Set(rows.map(\.branch)).count == 100)
        #expect(rows.allSatisfy { $0.stage == "requested" && $0.error == nil && $0.updated != nil })
        for row in rows.prefix(100) {
            let note = repo.git("show", "refs/healer/runs/\(row.id):\(repo.head("main"))")
            #expect((try? Run.decode(yaml: note.stdout, run: row.id)) != nil)
        }
        #expect(repo.refs("refs/heads/healer/").count == 100)
    }

    @Test("label makes a run on an existing branch and refuses the trunk and a second active run")
    func label() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        repo.git("branch", "feature/retry")
        let output = HealerBinary.run(["label", "feature/retry", "-m", "make it configurable"], in: repo.path)
        #expect(output.status == 0, "\(output.stderr)")
        let id = output.trimmed
        #expect(HealerBinary.run(["show", "feature/retry", "--json"], in: repo.path).stdout.contains(id))
        let again = HealerBinary.run(["label", "feature/retry", "-m", "again"], in: repo.path)
        #expect(again.status == 2 && again.stderr.contains(id))
        let trunk = HealerBinary.run(["label", "main", "-m", "x"], in: repo.path)
        #expect(trunk.status == 2 && trunk.stderr.contains("trunk"))
        let missing = HealerBinary.run(["label", "nope", "-m", "x"], in: repo.path)
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"))
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ message: String) { lock.lock(); stored.append(message); lock.unlock() }
    var messages: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
