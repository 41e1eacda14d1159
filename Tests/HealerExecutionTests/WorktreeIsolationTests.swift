// A worktree's sandbox: package roots found, tools under /tmp kept visible, per-ecosystem variables, the checkout's node_modules mounted.

import Foundation
import Testing

@testable import HealerExecution

@Suite("Worktree isolation")
struct WorktreeIsolationTests {
    @Test("package roots: src layout, flat layout (tooling and test modules left out), nothing without a project file")
    func packageRoots() throws {
        let source = try TemporaryDirectory()
        try source.write("pyproject.toml", "[project]\nname = \"calc\"\n")
        try source.write("src/calc/__init__.py", "")
        try source.write("tests/test_calc.py", "")
        #expect(PythonImportRoots.detect(directory: source.path) == PythonImportRoots(roots: [source.path + "/src"], packages: ["calc"]))

        let flat = try TemporaryDirectory()
        for file in ["setup.py", "conftest.py", "test_top.py", "single.py", "pkg/__init__.py", "data/notes.py", "tests/__init__.py"] {
            try flat.write(file, "")
        }
        #expect(PythonImportRoots.detect(directory: flat.path) == PythonImportRoots(roots: [flat.path], packages: ["pkg", "single", "tests"]))

        let bare = try TemporaryDirectory()
        try bare.write("pkg/__init__.py", "")
        #expect(PythonImportRoots.detect(directory: bare.path) == nil, "nothing can be installed over a tree without a project file")
    }

    @Test("tools under /tmp named by PATH and VIRTUAL_ENV are bound read-only after the private /tmp; others are visible already")
    func toolsUnderTmp() throws {
        let tmp = try TemporaryDirectory(parent: "/tmp")
        try tmp.write("venv/bin/python3", "")
        try tmp.write("venv/pyvenv.cfg", "home = /usr/bin\n")
        let environment = ["PATH": tmp.path + "/venv/bin:/usr/bin:/tmp/does-not-exist", "VIRTUAL_ENV": tmp.path + "/venv"]
        #expect(WorktreeIsolation.hiddenToolPaths(environment: environment) == [tmp.path + "/venv"])
        let options = BubblewrapSandbox.options(
            workDirectory: "/var/tree", writablePaths: [], readablePaths: [tmp.path + "/venv"], temporaryDirectory: "/tmp/private")
        let joined = options.joined(separator: " ")
        let privateTmp = try #require(joined.range(of: "--bind /tmp/private /tmp"))
        let venv = try #require(joined.range(of: "--ro-bind \(tmp.path)/venv \(tmp.path)/venv"))
        #expect(privateTmp.upperBound <= venv.lowerBound, "a later mount hides what an earlier one put below it")
    }

    @Test("Go gets GOPROXY=off and its vendor folder; Cargo a target folder per worktree and no network")
    func goAndCargo() throws {
        let tree = try TemporaryDirectory()
        try tree.write("go.mod", "module example.com/m\n")
        try tree.write("vendor/modules.txt", "")
        try tree.write("Cargo.toml", "[package]\nname = \"m\"\n")
        let state = tree.path + ".env"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let isolation = WorktreeIsolation(workDirectory: tree.path, checkout: nil, stateDirectory: state, commit: "c1", canMount: false)
        let policy = isolation.apply(to: SandboxPolicy(workDirectory: tree.path, environment: ["GOFLAGS": "-mod=mod -trimpath", "PATH": "/usr/bin"]))
        #expect(policy.environment?["GOPROXY"] == "off")
        #expect(policy.environment?["GOFLAGS"] == "-mod=vendor -trimpath")
        #expect(policy.environment?["CARGO_TARGET_DIR"] == state + "/cargo-target")
        #expect(policy.environment?["CARGO_NET_OFFLINE"] == "true")
        #expect(policy.writablePaths.contains(state))
        #expect(policy.environment?["PYTHONPATH"] == nil, "not a Python project")
    }

    @Test("Node: the checkout's node_modules is mounted read-only in a worktree that has none", .enabled(if: bubblewrap != nil, bubblewrapSkipReason))
    func nodeModulesMounted() throws {
        let sandbox = try #require(bubblewrap)
        let checkout = try TemporaryDirectory(parent: "/var/tmp")
        try checkout.write("node_modules/dep/check.sh", "echo dep ok\n")
        let worktree = checkout.path + "/.git/healer/worktrees/heal"
        try checkout.write(".git/healer/worktrees/heal/package.json", "{}\n")
        let isolation = WorktreeIsolation(workDirectory: worktree, checkout: checkout.path, stateDirectory: worktree + ".env",
                                          commit: nil, canMount: true)
        let policy = isolation.apply(to: SandboxPolicy(workDirectory: worktree, timeout: .seconds(30)))
        let read = try sandbox.run(.shell("sh ./node_modules/dep/check.sh"), policy: policy)
        #expect(read.succeeded && read.logText.contains("dep ok"), "\(read.logText)")
        let write = try sandbox.run(.shell("touch ./node_modules/dep/new"), policy: policy)
        #expect(!write.succeeded, "the checkout's dependencies are read-only")
        #expect((try FileManager.default.contentsOfDirectory(atPath: worktree + "/node_modules")).isEmpty, "the mount point stays an empty folder")
        let plain = WorktreeIsolation(workDirectory: worktree, checkout: checkout.path, stateDirectory: worktree + ".env", commit: nil, canMount: false)
        #expect(plain.apply(to: SandboxPolicy(workDirectory: worktree)).mountedPaths.isEmpty)
    }
}
