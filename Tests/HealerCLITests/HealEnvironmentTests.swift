// heal tests each commit's own code: a src-layout package installed editable in an activated virtual environment.
import Foundation
import HealerTestSupport
import Testing

/// A src-layout package `calc` with `commits` (60) commits after the first; commit `culprit` turns `a + b`
/// into `a - b` (same size, so a stale `.pyc` would hide it). Its test also imports `venvonly`,
/// a module only the virtual environment has: run with another `python3`, every commit fails.
private func editableHistory(in tmp: TemporaryDirectory, culprit: Int, commits: Int = 60) -> (GitFixture, [String]) {
    let repo = GitFixture.make(in: tmp, files: [
        "pyproject.toml": "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \"calc\"\nversion = \"0.1\"\n",
        "src/calc/__init__.py": "def add(a, b):\n    return a + b\n",
        "tests/__init__.py": "",
        "tests/test_calc.py": "import venvonly\nfrom calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n",
        ".gitignore": "__pycache__/\n",
    ])
    var shas: [String] = []
    for index in 1...commits {
        var change = ["notes/\(index).txt": "note \(index)\n"]
        if index == culprit { change["src/calc/__init__.py"] = "def add(a, b):\n    return a - b\n" }
        shas.append(repo.commit(files: change, message: index == culprit ? "calc: simplify add" : "note \(index)"))
    }
    return (repo, shas)
}

@Suite("healer heal tests each commit's own code")
struct HealEnvironmentTests {
    /// Runs `healer heal --json` with no other argument in an activated environment made under
    /// `environmentParent`, over a checkout (outside /tmp) installed editable into it.
    private func healEditable(environmentParent: String) throws {
        let tmp = TemporaryDirectory(prefix: "healer-env", parent: "/var/tmp")
        let environmentFolder = TemporaryDirectory(prefix: "healer-venv", parent: environmentParent)
        defer { tmp.remove(); environmentFolder.remove() }
        let (repo, shas) = editableHistory(in: tmp, culprit: 41)
        let environment = try #require(PythonEnvironment.make(at: environmentFolder.appending("venv")), "python3 -m venv failed")
        environment.installEditable(name: "calc", version: "0.1", sourceRoot: repo.path + "/src")
        environment.addModule("venvonly", source: "MARK = 1\n")
        let output = HealerBinary.run(["heal", "--json"], in: repo.path, environment: environment.activation)
        #expect(output.status == 0, "\(output.stderr)")
        let report = try JSONDecoder().decode(HealJSON.self, from: Data(output.stdout.utf8))
        #expect(report.action == "reverted", "\(output.stderr)")
        #expect(report.culprit == shas[40])
        let branch = try #require(report.branch)
        #expect(repo.git("show", "\(branch):src/calc/__init__.py").stdout.contains("a + b"))
        #expect(output.stderr.contains("imports calc from the commit under test (./src)"), "\(output.stderr)")
        #expect(repo.status().isEmpty, "the checkout is untouched")
    }

    @Test("an editable install in a virtual environment outside /tmp: heal with no arguments names the culprit and opens a green revert")
    func editableOutsideTmp() throws {
        try healEditable(environmentParent: "/var/tmp")
    }

    @Test("the same with the virtual environment under /tmp: the sandbox binds it read-only, so its python3 runs inside")
    func editableUnderTmp() throws {
        try healEditable(environmentParent: "/tmp")
    }

    @Test("doctor names the interpreter and import root the tests use, and warns when the checkout imports another clone's copy")
    func doctorShowsImportRoot() throws {
        let tmp = TemporaryDirectory(prefix: "healer-env", parent: "/var/tmp")
        defer { tmp.remove() }
        let (repo, _) = editableHistory(in: tmp, culprit: 1, commits: 1)
        let other = tmp.appending("other-clone/src")
        try FileManager.default.createDirectory(atPath: other + "/calc", withIntermediateDirectories: true)
        try "def add(a, b):\n    return a + b\n".write(toFile: other + "/calc/__init__.py", atomically: true, encoding: .utf8)
        let environment = try #require(PythonEnvironment.make(at: tmp.appending("venv")), "python3 -m venv failed")
        environment.installEditable(name: "calc", version: "0.1", sourceRoot: other)
        let output = HealerBinary.run(["doctor"], in: repo.path, environment: environment.activation)
        let line = output.stdout.split(separator: "\n").first { $0.contains("python:") }.map(String.init) ?? ""
        #expect(line.hasPrefix("[warn]"), "\(output.stdout)")
        #expect(line.contains("tests run \(environment.path)/bin/python3"), "\(line)")
        #expect(line.contains("import calc from the commit under test (./src)"), "\(line)")
        #expect(line.contains("in this checkout python3 imports calc from \(other)/calc/__init__.py"), "\(line)")
        environment.installEditable(name: "calc", version: "0.1", sourceRoot: repo.path + "/src")
        let fixed = HealerBinary.run(["doctor"], in: repo.path, environment: environment.activation)
        #expect(fixed.stdout.contains("[ok  ] python: tests run"), "\(fixed.stdout)")
    }
}
