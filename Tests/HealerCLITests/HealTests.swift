import Foundation
import HealerState
import HealerTestSupport
import Testing

struct HealJSON: Decodable {
    var action: String
    var culprit: String?
    var culpritRange: [String]?
    var confirmationRuns: Int
    var searchRuns: Int?
    var bisectionRuns: Int
    var revertRuns: Int
    var branch: String?
    var run: String?
    var whyNotReverted: String?
}

/// A repository whose `sh test.sh` passes until the commit that writes `bug` into `value.txt`.
/// Every commit touches its own file, so reverting one applies cleanly.
private func history(in tmp: TemporaryDirectory, commits: Int, culprit: Int, extra: [String: String] = [:],
                     culpritMessage: String = "change 0", unbuildable: Set<Int> = [], afterCulprit: ((Int) -> [String: String])? = nil) -> (GitFixture, [String]) {
    var files = ["test.sh": "grep -q ok value.txt\n", "value.txt": "ok\n", ".gitignore": ".count\n"]
    for (key, value) in extra { files[key] = value }
    let repo = GitFixture.make(in: tmp, files: files)
    var shas: [String] = []
    for index in 1...commits {
        var change = ["steps/\(index).txt": "step \(index)\n"]
        if index == culprit { change["value.txt"] = "bug\n" }
        if unbuildable.contains(index) { change["broken"] = "x\n" }
        if unbuildable.contains(index - 1) && !unbuildable.contains(index) { change["broken"] = nil }
        if let more = afterCulprit, index > culprit { for (key, value) in more(index) { change[key] = value } }
        let remove = unbuildable.contains(index - 1) && !unbuildable.contains(index) ? ["broken"] : []
        let message = index == culprit ? culpritMessage : "change \(index)"
        shas.append(repo.commit(files: change, message: message, remove: remove))
    }
    return (repo, shas)
}

private func heal(_ repo: GitFixture, _ arguments: [String]) throws -> (HealJSON, ProcessOutput) {
    let output = HealerBinary.run(["heal", "--json"] + arguments, in: repo.path)
    let report = try JSONDecoder().decode(HealJSON.self, from: Data(output.stdout.utf8))
    return (report, output)
}

@Suite("healer heal: the Verifier without a model")
struct HealTests {
    @Test("64 commits with one culprit: named in at most 8 test runs beyond confirmation; the revert branch passes")
    func culpritInSixtyFour() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 63, culprit: 37)
        let root = repo.head("HEAD~63")
        let trunkBefore = repo.head("main")
        let (report, output) = try heal(repo, ["--good", root, "--test", "sh test.sh"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(report.action == "reverted")
        #expect(report.culprit == shas[36])
        #expect(report.bisectionRuns <= 8, "used \(report.bisectionRuns)")
        let branch = try #require(report.branch)
        #expect(branch == "healer/regression/\(shas[36].prefix(7))")
        #expect(repo.git("show", "\(branch):value.txt").stdout == "ok\n")
        #expect(repo.git("log", "-1", "--format=%B", branch).stdout.contains("Healer-Culprit: \(shas[36])"))
        #expect(repo.head("main") == trunkBefore, "the trunk is untouched")
        #expect(repo.status().isEmpty, "the checkout is untouched")
        #expect(repo.read("value.txt") == "bug\n")
        // Verdicts were recorded: a second heal finds the last green commit by itself and sees the branch.
        let (again, _) = try heal(repo, ["--test", "sh test.sh"])
        #expect(again.action == "already-opened")
    }

    @Test("a test that fails one time in two is reported flaky; no regression commit")
    func flaky() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let script = "n=$(cat .count 2>/dev/null || echo 0); n=$((n+1)); echo $n > .count; [ $((n % 2)) -eq 0 ]\n"
        let repo = GitFixture.make(in: tmp, files: ["flaky.sh": script, ".gitignore": ".count\n"])
        let root = repo.head()
        repo.commit(files: ["other.txt": "x\n"], message: "unrelated")
        let (report, output) = try heal(repo, ["--good", root, "--test", "sh flaky.sh"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(report.action == "flaky")
        #expect(report.branch == nil)
        #expect(repo.refs("refs/heads/healer/").isEmpty)
    }

    @Test("unbuildable commits next to the culprit are skipped and the range holds the culprit")
    func unbuildable() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let yml = "build: sh -c '! test -e broken'\n"
        let (repo, shas) = history(in: tmp, commits: 16, culprit: 9, extra: [".healer.yml": yml], unbuildable: [8, 10])
        let root = repo.head("HEAD~16")
        let (report, output) = try heal(repo, ["--good", root, "--test", "sh test.sh"])
        let named = report.culprit.map { [$0] } ?? report.culpritRange ?? []
        #expect(named.contains(shas[8]), "\(output.stdout)")
        #expect(!named.contains(shas[7]) || report.culpritRange != nil, "a skipped commit is never blamed alone")
        if report.culprit != nil { #expect(report.culprit == shas[8]) }
    }

    @Test("a culprit with the opt-out trailer is reported, not reverted")
    func optOut() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 8, culprit: 5, culpritMessage: "risky change\n\nHealer-No-Revert: true")
        let (report, output) = try heal(repo, ["--good", repo.head("HEAD~8"), "--test", "sh test.sh"])
        #expect(output.status == 1)
        #expect(report.culprit == shas[4])
        #expect(report.action == "regression-run")
        #expect(report.whyNotReverted?.contains("Healer-No-Revert") == true)
        let branch = try #require(report.branch)
        #expect(repo.git("show", "\(branch):value.txt").stdout == "bug\n", "nothing was reverted")
    }

    @Test("a revert that conflicts gives a payload regression commit and a new run in stage requested")
    func conflictingRevert() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 8, culprit: 4) { index in ["value.txt": "bug \(index)\n"] }
        let (report, output) = try heal(repo, ["--good", repo.head("HEAD~8"), "--test", "sh test.sh"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(report.culprit == shas[3])
        #expect(report.action == "regression-run")
        let id = try #require(report.run)
        let show = HealerBinary.run(["show", id, "--json"], in: repo.path)
        let run = try JSONDecoder().decode(Run.self, from: Data(show.stdout.utf8))
        #expect(run.stage == .requested)
        #expect(run.request.source.kind == .regression)
        #expect(run.regression?.culprit == shas[3])
        #expect(run.branch == report.branch)
        #expect(repo.git("log", "-1", "--format=%B", run.branch).stdout.contains("--- regression"))
    }

    @Test("no green commit known: heal looks back 1, 2, 4, 8 commits, then bisects only the range the last red one leaves")
    func lookBack() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 20, culprit: 13)
        let (report, output) = try heal(repo, ["--test", "sh test.sh"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(report.action == "reverted")
        #expect(report.culprit == shas[12])
        #expect(report.searchRuns == 4, "HEAD~1, ~2, ~4 red, ~8 green")
        #expect(report.bisectionRuns <= 3, "only commits 13-15 are left between ~8 and ~4, plus one rerun of the culprit: \(report.bisectionRuns)")
        #expect(output.stderr.contains("looking back"))
    }

    @Test("uncommitted changes are not tested, and heal says so; they stay as they were")
    func dirtyWorkTree() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 6, culprit: 4)
        _ = FileManager.default.createFile(atPath: repo.path + "/value.txt", contents: Data("ok\n".utf8))
        let (report, output) = try heal(repo, ["--good", repo.head("HEAD~6"), "--test", "sh test.sh"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("uncommitted changes are not tested"))
        #expect(report.culprit == shas[3], "the committed history is what is tested")
        #expect(repo.read("value.txt") == "ok\n" && repo.status() == " M value.txt\n")
    }

    @Test("bad input: nothing green within verify.searchLimit, a good that is not an ancestor")
    func badInput() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, _) = history(in: tmp, commits: 3, culprit: 2, extra: [".healer.yml": "verify:\n  searchLimit: 1\n"])
        let none = HealerBinary.run(["heal", "--test", "sh test.sh"], in: repo.path)
        #expect(none.status == 1, "\(none.stderr)")
        #expect(none.stderr.contains("--good") && none.stderr.contains("searchLimit"))
        repo.git("branch", "side", "HEAD~1")
        let side = repo.commit(files: ["x": "y"], message: "x")
        repo.git("checkout", "-q", "side")
        let wrong = HealerBinary.run(["heal", "--good", side, "--bad", "side", "--test", "sh test.sh"], in: repo.path)
        #expect(wrong.status == 2, "\(wrong.stderr)")
    }

    @Test("a test command that cannot run (not found, python3 -m without the module) blames nobody: exit 2, nothing written")
    func unrunnableTestCommand() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, _) = history(in: tmp, commits: 4, culprit: 2)
        let root = repo.head("HEAD~4")
        let refsBefore = repo.refs()
        for command in ["no-such-test-runner-1d2c --all", "python3 -m no_such_runner_1d2c -q"] {
            let output = HealerBinary.run(["heal", "--good", root, "--test", command], in: repo.path)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("could not run"), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").last?.hasPrefix("healer: error: ") == true)
        }
        let pip = HealerBinary.run(["heal", "--good", root, "--test", "python3 -m no_such_runner_1d2c"], in: repo.path)
        #expect(pip.stderr.contains("python3 -m pip install no_such_runner_1d2c"), "\(pip.stderr)")
        #expect(repo.refs() == refsBefore, "no branch, run or verdict was written")
        #expect(repo.status().isEmpty)
    }

    @Test("a --good that fails here too is refused (exit 2) instead of blaming the commit after it")
    func redGood() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 4, culprit: 2)
        let output = HealerBinary.run(["heal", "--good", shas[1], "--test", "sh test.sh"], in: repo.path)
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("--good \(shas[1].prefix(7)) fails its tests here too"), "\(output.stderr)")
        #expect(repo.refs("refs/heads/healer/").isEmpty && repo.refs("refs/healer/runs/").isEmpty, "nobody was blamed")
        // With a good end that is green, the culprit is found.
        let (report, healed) = try heal(repo, ["--good", repo.head("HEAD~4"), "--test", "sh test.sh"])
        #expect(healed.status == 0, "\(healed.stderr)")
        #expect(report.culprit == shas[1])
    }

    @Test("heal again on the same red commit answers from the branch it opened, with no test run; a new red commit is healed anew")
    func healAgain() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 6, culprit: 3)
        let (first, _) = try heal(repo, ["--test", "sh test.sh"])
        #expect(first.action == "reverted")
        let branch = try #require(first.branch)
        let status = HealerBinary.run(["status"], in: repo.path)
        #expect(status.status == 0 && status.stdout.contains(branch) && status.stdout.contains("Revert \"change 0\""), "status lists the revert to review: \(status.stdout)")
        repo.git("checkout", "-q", branch)
        repo.commit(files: ["review.txt": "looked at it\n"], message: "review")
        repo.git("checkout", "-q", "main")
        let (again, output) = try heal(repo, ["--test", "sh test.sh"])
        #expect(again.action == "already-opened" && again.branch == branch && again.culprit == shas[2], "\(output.stderr)")
        #expect(again.confirmationRuns + again.bisectionRuns + again.revertRuns == 0)
        repo.commit(files: ["later.txt": "x\n"], message: "later")
        let (fresh, _) = try heal(repo, ["--test", "sh test.sh"])
        #expect(fresh.confirmationRuns == 3 && fresh.action == "already-opened", "a new red commit is tested; the culprit's branch exists")
    }

    @Test("a green verdict from a narrower --test is not trusted by a heal with another command")
    func narrowerCommandVerdicts() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = history(in: tmp, commits: 8, culprit: 3)
        let narrow = HealerBinary.run(["heal", "--bad", "HEAD~1", "--test", "true"], in: repo.path)
        #expect(narrow.status == 0 && narrow.stdout.contains("passes its tests"), "HEAD~1 is green under `true`: \(narrow.stdout)")
        let (report, output) = try heal(repo, ["--test", "sh test.sh"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stderr.contains("last green commit from refs/healer/ci"), "\(output.stderr)")
        #expect(report.action == "reverted" && report.culprit == shas[2])
    }
}
