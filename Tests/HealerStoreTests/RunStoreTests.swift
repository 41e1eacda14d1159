import Foundation
import HealerGit
import HealerState
import HealerStore
import HealerTestSupport
import Testing

@Suite("The run store and the verdict log")
struct RunStoreTests {
    private func run(_ id: String, base: String, branch: String) -> Run {
        Run(id: id, branch: branch, base: base, baseBranch: "main", request: .init(text: "x"), createdAt: "2026-11-25T00:00:00Z")
    }

    @Test("runs are found by id, unique prefix or suffix, and branch; ambiguity and absence are explained")
    func resolve() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp)
        let store = RunStore(repository: try Repository.discover(at: fixture.path))
        let base = fixture.head()
        try store.create(run("20261125-000000-aaaaaa", base: base, branch: "healer/20261125-000000-aaaaaa-x"), actor: "test")
        try store.create(run("20261125-000001-bbbbbb", base: base, branch: "feature/y"), actor: "test")
        try store.indexBranch("feature/y", run: "20261125-000001-bbbbbb")
        #expect(try store.resolve("aaaaaa") == "20261125-000000-aaaaaa")
        #expect(try store.resolve("20261125-000001") == "20261125-000001-bbbbbb")
        #expect(try store.resolve("feature/y") == "20261125-000001-bbbbbb")
        #expect(store.runID(forBranch: "healer/20261125-000000-aaaaaa-x") == "20261125-000000-aaaaaa")
        #expect(store.runID(forBranch: "main") == nil)
        #expect(throws: StoreError.self) { try store.resolve("20261125") }
        #expect(throws: StoreError.self) { try store.resolve("zzzzzz") }
        #expect(throws: StoreError.self) { try store.create(run("20261125-000000-aaaaaa", base: base, branch: "b"), actor: "test") }
    }

    @Test("verdicts append per commit, and the last green commit is found along first parents")
    func verdicts() throws {
        let tmp = TemporaryDirectory()
        defer { tmp.remove() }
        let fixture = GitFixture.make(in: tmp)
        let first = try #require(ObjectID(hex: fixture.head()))
        fixture.commit(files: ["a": "1"], message: "a")
        let second = try #require(ObjectID(hex: fixture.head()))
        fixture.commit(files: ["a": "2"], message: "b")
        let third = try #require(ObjectID(hex: fixture.head()))
        let log = VerdictLog(repository: try Repository.discover(at: fixture.path))
        #expect(try log.lastGreen(before: third) == nil)
        try log.append(VerdictEntry(status: .green, by: "test", at: "t1"), on: first)
        try log.append(VerdictEntry(status: .green, by: "test", at: "t2"), on: second)
        try log.append(VerdictEntry(status: .red, by: "test", at: "t3", failing: ["T.a"]), on: second)
        #expect(try log.verdicts(on: second).map(\.status) == [.green, .red])
        #expect(try log.lastGreen(before: third) == first, "the latest verdict on the second commit is red")
        #expect(fixture.git("log", "--format=%s", VerdictLog.reference).stdout.split(separator: "\n").count == 3)
    }
}
