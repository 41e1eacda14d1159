// heal on histories that lie: flaky tests beside a real culprit, tests that cannot even import, bad settings.
import Foundation
import HealerTestSupport
import Testing

/// A history of `commits` commits where commit `culprit` writes `bug` into value.txt, and
/// `test.sh` also fails `flakePercent` % of its runs on every commit (seeded by a run counter
/// kept in an ignored file, so each worktree replays the same sequence).
private func flakyHistory(in tmp: TemporaryDirectory, commits: Int, culprit: Int, seed: Int, flakePercent: Int) -> (GitFixture, [String]) {
    let script = """
        n=$(cat .count 2>/dev/null || echo 0); n=$((n + 1)); echo $n > .count
        r=$(echo "\(seed)-$n" | cksum | cut -d' ' -f1)
        if [ $((r % 100)) -lt \(flakePercent) ]; then echo "test_flaky: FAILED (seed \(seed), run $n)"; exit 1; fi
        grep -q ok value.txt || { echo "test_value: FAILED: value.txt says $(cat value.txt)"; exit 1; }

        """
    let repo = GitFixture.make(in: tmp, files: ["test.sh": script, "value.txt": "ok\n", ".gitignore": ".count\n"])
    var shas: [String] = []
    for index in 1...commits {
        var change = ["steps/\(index).txt": "step \(index)\n"]
        if index == culprit { change["value.txt"] = "bug\n" }
        shas.append(repo.commit(files: change, message: "change \(index)"))
    }
    return (repo, shas)
}

private struct Report: Decodable {
    var action: String
    var culprit: String?
    var suspect: String?
    var confidence: Double?
    var bisectionRuns: Int
    var searchRuns: Int?
    var failureExcerpt: [String]?
}

private struct ErrorDocument: Decodable {
    struct Body: Decodable { var message: String; var hint: String?; var exitStatus: Int }
    var error: Body
}

@Suite("healer heal: evidence, not truth", .serialized)
struct HealEvidenceTests {
    @Test("a test failing 30% of runs on every commit beside a real culprit: over 20 seeds the culprit is right or heal declines")
    func flakyBesideCulprit() throws {
        var right = 0, declined = 0
        for seed in 1...20 {
            let tmp = TemporaryDirectory()
            defer { tmp.remove() }
            let culprit = 11 + (seed * 7) % 40
            let (repo, shas) = flakyHistory(in: tmp, commits: 60, culprit: culprit, seed: seed, flakePercent: 30)
            let output = HealerBinary.run(["heal", "--json", "--test", "sh test.sh"], in: repo.path)
            guard let report = try? JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8)) else {
                // An answer heal could not give (nothing green found in the look-back): declined, exit 1.
                let document = try JSONDecoder().decode(ErrorDocument.self, from: Data(output.stdout.utf8))
                #expect(document.error.exitStatus == 1, "seed \(seed): \(output.stderr)")
                declined += 1
                continue
            }
            if let named = report.culprit {
                #expect(named == shas[culprit - 1], "seed \(seed): blamed \(named.prefix(7)), the culprit is \(shas[culprit - 1].prefix(7))\n\(output.stderr)")
                if named == shas[culprit - 1] { right += 1 }
            } else {
                declined += 1
                #expect(["suspect", "flaky"].contains(report.action) || output.status == 1, "seed \(seed): \(report.action)")
            }
            #expect(repo.head("main") == shas.last, "the trunk is untouched")
        }
        #expect(right >= 12, "named the culprit for \(right) of 20 seeds (declined \(declined))")
    }

    @Test("tests that fail to import on every commit: exit 2 within 5 test runs, quoting the import error, nothing written")
    func brokenEnvironment() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let files = ["test_calc.py": "import no_such_dependency_7f3a\n\ndef test_one():\n    assert no_such_dependency_7f3a.VALUE == 1\n",
                     "pyproject.toml": "[tool.pytest.ini_options]\n"]
        let repo = GitFixture.make(in: tmp, files: files)
        for index in 1...12 { repo.commit(files: ["notes/\(index).py": "X = \(index)\n"], message: "change \(index)") }
        let refsBefore = repo.refs()
        let output = HealerBinary.run(["heal", "--json"], in: repo.path)
        #expect(output.status == 2, "\(output.stderr)")
        let runs = output.stderr.split(separator: "\n").filter { $0.contains("healer: test ") && $0.contains(": red") }.count
        #expect(runs >= 1 && runs <= 5, "\(runs) test runs\n\(output.stderr)")
        #expect(output.stderr.contains("no_such_dependency_7f3a"), "the import error is quoted: \(output.stderr)")
        #expect(output.stderr.contains("not a regression"), "\(output.stderr)")
        let document = try JSONDecoder().decode(ErrorDocument.self, from: Data(output.stdout.utf8))
        #expect(document.error.exitStatus == 2 && document.error.message.contains("no_such_dependency_7f3a"))
        #expect(repo.refs() == refsBefore, "no verdict, branch or run was written")
    }

    @Test("the same culprit with verify.jobs 1 and 3, and the red log quoted")
    func parallelMatchesSerial() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (repo, shas) = flakyHistory(in: tmp, commits: 40, culprit: 23, seed: 1, flakePercent: 0)
        var culprits: [String?] = []
        for jobs in ["1", "3"] {
            let output = HealerBinary.run(["heal", "--json", "--test", "sh test.sh", "--jobs", jobs], in: repo.path)
            let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
            culprits.append(report.culprit)
            #expect(report.failureExcerpt?.contains { $0.contains("value.txt says bug") } == true, "\(report.failureExcerpt ?? [])")
            repo.git("branch", "-D", "healer/regression/\(shas[22].prefix(7))")
        }
        #expect(culprits == [shas[22], shas[22]])
    }

    @Test("settings and options that cannot work are one-line errors with exit 2, also as JSON",
          arguments: [
            (".healer.yml", "sandbox: docker\n", ["heal"], "not a sandbox healer has"),
            (".healer.yml", "verify:\n  jobs: 0\n", ["heal"], "verify.jobs must be above 0"),
            (".healer.yml", "timeoutSeconds: 0\n", ["heal"], "timeoutSeconds must be above 0"),
            (".healer.yml", "shell:\n  timeoutSeconds: 0\n", ["heal"], "shell.timeoutSeconds must be above 0"),
            (".healer.yml", "- test: make test\n", ["heal"], "is a list, not a mapping"),
            ("README.md", "x\n", ["heal", "--test", ""], "--test is empty"),
            ("README.md", "x\n", ["heal", "--good", "HEAD", "--bad", "HEAD"], "are the same commit"),
            ("README.md", "x\n", ["heal", "--confirm-runs=-1"], "0 or more"),
          ])
    func inputHoles(file: String, content: String, arguments: [String], message: String) throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: [file: content, "test.sh": "exit 1\n"])
        repo.commit(files: ["a.txt": "a\n"], message: "a")
        let refsBefore = repo.refs()
        let output = HealerBinary.run(arguments + ["--json"], in: repo.path)
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1, "one line: \(output.stderr)")
        let document = try JSONDecoder().decode(ErrorDocument.self, from: Data(output.stdout.utf8))
        #expect(document.error.exitStatus == 2)
        #expect(repo.refs() == refsBefore)
    }

    @Test("a shallow clone: heal says how to deepen it; in CI it deepens by itself and finds the culprit")
    func shallowClone() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let (origin, shas) = flakyHistory(in: tmp, commits: 20, culprit: 6, seed: 1, flakePercent: 0)
        let clone = tmp.path + "/shallow"
        let cloned = runProcess("/usr/bin/env", ["git", "clone", "-q", "--depth", "3", "file://" + origin.path, clone], in: tmp.path)
        #expect(cloned.status == 0, "\(cloned.stderr)")
        let local = HealerBinary.run(["heal", "--test", "sh test.sh"], in: clone, environment: ["CI": ""])
        #expect(local.status == 2, "\(local.stderr)")
        #expect(local.stderr.contains("git fetch --unshallow"), "\(local.stderr)")
        let ci = HealerBinary.run(["heal", "--json", "--test", "sh test.sh"], in: clone, environment: ["CI": "true"])
        let report = try JSONDecoder().decode(Report.self, from: Data(ci.stdout.utf8))
        #expect(ci.status == 0, "\(ci.stderr)")
        #expect(report.culprit == shas[5], "\(ci.stderr)")
    }
}

extension HealEvidenceTests {
    @Test("pytest with a flaky test beside the real failure: the flaky one is dropped, bisection runs only the failing test")
    func pytestSelection() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let tests = """
            import pathlib, zlib

            def test_value():
                assert pathlib.Path("value.txt").read_text() == "ok\\n"

            def test_flaky():
                counter = pathlib.Path(".count")
                n = int(counter.read_text()) + 1 if counter.exists() else 1
                counter.write_text(str(n))
                assert zlib.crc32(f"7-{n}".encode()) % 100 >= 40, f"flaky run {n}"

            """
        let repo = GitFixture.make(in: tmp, files: ["tests/test_value.py": tests, "value.txt": "ok\n", ".gitignore": ".count\n__pycache__/\n",
                                                   "pyproject.toml": "[tool.pytest.ini_options]\n"])
        var shas: [String] = []
        for index in 1...24 {
            shas.append(repo.commit(files: index == 9 ? ["value.txt": "bug\n"] : ["steps/\(index).txt": "\(index)\n"], message: "change \(index)"))
        }
        let output = HealerBinary.run(["heal", "--json"], in: repo.path)
        let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
        #expect(report.culprit == shas[8], "\(output.stderr)")
        #expect(output.stderr.contains("tests/test_value.py::test_value"), "bisection selects the failing test: \(output.stderr)")
    }
}
