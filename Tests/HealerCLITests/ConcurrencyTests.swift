import Foundation
import HealerState
import HealerTestSupport
import Testing

struct LogRow: Decodable {
    var commit: String
    var event: String
    var eventID: String?
    var stage: String
}

private func history(_ repo: GitFixture, _ id: String) throws -> Run {
    let output = HealerBinary.run(["show", id, "--json"], in: repo.path)
    return try JSONDecoder().decode(Run.self, from: Data(output.stdout.utf8))
}

private func log(_ repo: GitFixture, _ id: String) throws -> [LogRow] {
    let output = HealerBinary.run(["log", id, "--json"], in: repo.path)
    return try JSONDecoder().decode([LogRow].self, from: Data(output.stdout.utf8))
}

/// A bare remote and two clones that both have the run `request` made (and synced).
private func clonesSharingRun(_ request: String, in tmp: TemporaryDirectory) -> (remote: GitFixture, a: GitFixture, b: GitFixture, id: String) {
    let remote = GitFixture.bare(in: tmp)
    let seed = GitFixture.make(in: tmp, name: "seed")
    seed.git("remote", "add", "origin", remote.path)
    seed.git("push", "-q", "origin", "main")
    let a = GitFixture.clone(remote, in: tmp, name: "a")
    let b = GitFixture.clone(remote, in: tmp, name: "b")
    let id = HealerBinary.run(["request", request], in: a.path).trimmed
    #expect(HealerBinary.run(["sync"], in: a.path).status == 0)
    #expect(HealerBinary.run(["sync"], in: b.path).status == 0)
    return (remote, a, b, id)
}

@Suite("Concurrent writers, remote sync and killed processes")
struct ConcurrencyTests {
    @Test("two clones advance one run concurrently for 20 rounds; after sync all agree and nothing is lost or doubled")
    func twoClones() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (remote, a, b, id) = clonesSharingRun("shared run", in: tmp)
        let problems = LockedCounter()
        for round in 0..<20 {
            DispatchQueue.concurrentPerform(iterations: 2) { side in
                let clone = side == 0 ? a : b
                let name = side == 0 ? "A" : "B"
                // Rounds 7 and 13: both try the same stage change; exactly one may land.
                let arguments = round == 7 ? ["cancel", id] : round == 13 ? ["retry", id] : ["comment", id, "-m", "\(name)-\(round)"]
                let step = HealerBinary.run(arguments, in: clone.path)
                if step.status != 0 && round != 13 { problems.add("\(name) \(round): \(step.stderr)") }
                let sync = HealerBinary.run(["sync", "--json"], in: clone.path)
                if sync.status != 0 { problems.add("\(name) sync \(round): \(sync.stderr)") }
            }
        }
        for clone in [a, b, a] { #expect(HealerBinary.run(["sync"], in: clone.path).status == 0) }
        #expect(problems.messages.isEmpty, "\(problems.messages)")
        let ref = "refs/healer/runs/\(id)"
        let remoteHead = remote.git("rev-parse", ref).trimmed
        #expect(a.git("rev-parse", ref).trimmed == remoteHead)
        #expect(b.git("rev-parse", ref).trimmed == remoteHead)
        let run = try history(a, id)
        let comments = run.history.filter { $0.event == .commented }
        #expect(comments.count == 36, "18 comment rounds × 2 clones")
        #expect(Set(run.history.map(\.id)).count == run.history.count, "no event twice")
        #expect(run.history.filter { $0.event == .failed }.count == 1, "one cancel lands, the other is dropped")
        #expect(run.history.filter { $0.event == .retried }.count == 1)
        let rows = try log(b, id)
        #expect(rows.compactMap(\.eventID) == run.history.map(\.id), "the audit trail matches the history, in order")
    }

    @Test("sync while local writers change the same run: every sync succeeds and every comment reaches the remote")
    func syncDuringLocalWrites() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (_, a, b, id) = clonesSharingRun("busy run", in: tmp)
        let problems = LockedCounter()
        // Clone b keeps the remote moving, so a's syncs must fetch and move local refs while a's
        // own writers move them too.
        DispatchQueue.concurrentPerform(iterations: 3) { lane in
            for round in 0..<12 {
                switch lane {
                case 0:
                    let step = HealerBinary.run(["comment", id, "-m", "a-\(round)"], in: a.path)
                    if step.status != 0 { problems.add("a comment \(round): \(step.stderr)") }
                case 1:
                    let sync = HealerBinary.run(["sync"], in: a.path)
                    if sync.status != 0 { problems.add("a sync \(round): \(sync.stderr)") }
                default:
                    let step = HealerBinary.run(["comment", id, "-m", "b-\(round)"], in: b.path)
                    let sync = HealerBinary.run(["sync"], in: b.path)
                    if step.status != 0 || sync.status != 0 { problems.add("b \(round): \(step.stderr) \(sync.stderr)") }
                }
            }
        }
        for clone in [a, b, a] { #expect(HealerBinary.run(["sync"], in: clone.path).status == 0) }
        #expect(problems.messages.isEmpty, "\(problems.messages)")
        let comments = try history(b, id).history.filter { $0.event == .commented }
        #expect(comments.count == 24, "12 comments from each clone, none lost or doubled")
    }

    @Test("a writer killed with SIGKILL at random moments never leaves the run unreadable (50 trials)")
    func killedWriters() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        let id = HealerBinary.run(["request", "survive kills"], in: repo.path).trimmed
        var generator = SystemRandomNumberGenerator()
        var landed = 0
        for trial in 0..<50 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: HealerBinary.path)
            process.arguments = ["comment", id, "-m", "trial \(trial)"]
            process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...40_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let show = HealerBinary.run(["show", id, "--json"], in: repo.path)
            #expect(show.status == 0, "trial \(trial): \(show.stderr)")
            let run = try JSONDecoder().decode(Run.self, from: Data(show.stdout.utf8))
            let rows = try log(repo, id)
            #expect(rows.compactMap(\.eventID) == run.history.map(\.id), "trial \(trial): log and history agree")
            landed = run.history.count
        }
        let after = HealerBinary.run(["comment", id, "-m", "after the kills"], in: repo.path)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(try history(repo, id).history.count == landed + 1)
    }
}
