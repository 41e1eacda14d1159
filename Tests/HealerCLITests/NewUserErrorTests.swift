import Foundation
import HealerTestSupport
import Testing

/// What a new user hits first: each mistake gets one line that says what and how to fix it,
/// the documented exit status, and no change to the repository.
@Suite("A new user's mistakes: one-line errors, nothing changed")
struct NewUserErrorTests {
    private func expectOneLineError(_ output: ProcessOutput, status: Int32, containing parts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == status, "\(output.stderr)", sourceLocation: sourceLocation)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.last?.hasPrefix("healer: error: ") == true, "\(output.stderr)", sourceLocation: sourceLocation)
        for part in parts { #expect(output.stderr.contains(part), "\(part) in \(output.stderr)", sourceLocation: sourceLocation) }
    }

    @Test("healer run without a model, or with the installed template and no API key, creates no run and no branch")
    func runWithoutModel() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        let before = repo.refs()
        expectOneLineError(HealerBinary.run(["run", "add a readme"], in: repo.path), status: 2, containing: ["HEALER_LLM_MODEL", "model.model"])
        #expect(repo.refs() == before)
        #expect(HealerBinary.run(["install"], in: repo.path).status == 0)
        repo.commit(files: [:], message: "healer install")
        let committed = repo.refs()
        let noKey = HealerBinary.run(["run", "add a readme"], in: repo.path, environment: ["OPENAI_API_KEY": ""])
        expectOneLineError(noKey, status: 2, containing: ["OPENAI_API_KEY is not set", "HEALER_LLM_BASE_URL"])
        #expect(repo.refs() == committed, "no run, no branch")
    }

    @Test(".healer.yml: a typo names the key it meant, a syntax error its line, a wrong type what it should be",
          arguments: [("tset: make\n", "unknown key 'tset'; did you mean 'test'?"),
                      ("verify:\n  confirmRun: 3\n", "unknown key 'verify.confirmRun'; did you mean 'verify.confirmRuns'?"),
                      ("shell:\n  enable: false\n", "unknown key 'shell.enable'; did you mean 'shell.enabled'?"),
                      ("test: [unclosed\n", "is not valid YAML (line 2, column 1: did not find expected ',' or ']'"),
                      ("timeoutSeconds: soon\n", "'timeoutSeconds' should be a number"),
                      ("hook:\n  localSteps: build\n", "'hook.localSteps' should be a list")])
    func badConfiguration(text: String, message: String) {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: [".healer.yml": text, "test.sh": "true\n"])
        let before = repo.refs()
        expectOneLineError(HealerBinary.run(["heal", "--test", "sh test.sh"], in: repo.path), status: 2, containing: [".healer.yml", message])
        #expect(repo.refs() == before)
        let doctor = HealerBinary.run(["doctor"], in: repo.path)
        #expect(doctor.status == 1 && doctor.stdout.contains("[FAIL] configuration") && doctor.stdout.contains(message), "\(doctor.stdout)")
    }

    @Test("healer sync with a dead remote quotes git's cause, not its closing advice")
    func deadRemote() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp)
        repo.git("remote", "add", "origin", tmp.appending("nonexistent"))
        let output = HealerBinary.run(["sync"], in: repo.path)
        expectOneLineError(output, status: 1, containing: ["cannot fetch from 'origin'", "does not appear to be a git repository"])
        #expect(!output.stderr.contains("and the repository exists"))
    }

    @Test("healer doctor names the test command heal would run, and fails when its runner is missing")
    func doctorTests() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: ["pyproject.toml": "[project]\nname = \"x\"\n", "tests/test_x.py": "def test_x():\n    pass\n"])
        let detected = HealerBinary.run(["doctor"], in: repo.path)
        #expect(detected.stdout.contains("tests: python3 -m pytest") && detected.stdout.contains("(detected pytest)"), "\(detected.stdout)")
        repo.commit(files: [".healer.yml": "test: python3 -m no_such_runner_1d2c\n"], message: "configure")
        let missing = HealerBinary.run(["doctor"], in: repo.path)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("[FAIL] tests: python3 -m no_such_runner_1d2c (.healer.yml): `python3` cannot import no_such_runner_1d2c"), "\(missing.stdout)")
        #expect(missing.stdout.contains("python3 -m pip install no_such_runner_1d2c"))
    }

    @Test("healer install writes the commands it detected into .healer.yml's comments")
    func installShowsDetectedCommands() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture.make(in: tmp, files: ["setup.py": "from setuptools import setup\nsetup()\n", "tests/test_x.py": "def test_x():\n    pass\n"])
        #expect(HealerBinary.run(["install"], in: repo.path).status == 0)
        let text = try #require(repo.read(".healer.yml"))
        #expect(text.contains("here pytest") && text.contains("# test: python3 -m pytest -q"), "\(text)")
        #expect(!text.contains("swift test"))
        #expect(HealerBinary.run(["status"], in: repo.path).status == 0, "the written file is valid")
    }

    @Test("a repository with no commits yet says so, for heal and request alike")
    func noCommits() {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let repo = GitFixture(path: tmp.appending("empty"))
        try? FileManager.default.createDirectory(atPath: repo.path, withIntermediateDirectories: true)
        repo.git("init", "-q", "-b", "main")
        expectOneLineError(HealerBinary.run(["heal", "--test", "true"], in: repo.path), status: 2, containing: ["has no commits yet", "commit something first"])
        expectOneLineError(HealerBinary.run(["request", "add a readme"], in: repo.path), status: 2, containing: ["no commit yet"])
        #expect(repo.refs().isEmpty)
    }
}
