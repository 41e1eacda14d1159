// Deciding which pushed branches have runs, from git's pre-push input.
import Foundation
import Testing

@testable import HealerWorkspace
@testable import HealerHeal
@testable import HealerRuns
@testable import HealerTriggers
@testable import HealerInstall

@Suite("PrePushHook")
struct PrePushHookTests {
    static let zero = String(repeating: "0", count: 40)
    static let a = String(repeating: "a", count: 40)
    static let b = String(repeating: "b", count: 40)

    final class CountingLookup: RunLookup, @unchecked Sendable {
        var runs: [String: String]
        var asked: [String] = []
        init(_ runs: [String: String]) { self.runs = runs }
        func runID(forBranch branch: String) -> String? {
            asked.append(branch)
            return runs[branch]
        }
    }

    @Test("parses git's lines and skips blank ones")
    func parse() throws {
        let refs = try PrePushHook.parse("refs/heads/main \(Self.a) refs/heads/main \(Self.b)\n\nrefs/tags/v1 \(Self.a) refs/tags/v1 \(Self.zero)\n")
        #expect(refs.count == 2)
        #expect(refs[0].candidateBranches == ["main"])
        #expect(refs[1].isCreation)
        #expect(refs[1].candidateBranches.isEmpty)
        #expect(throws: TriggerError.self) { try PrePushHook.parse("refs/heads/main \(Self.a)\n") }
    }

    @Test("fast path: no run on any pushed branch means nothing to do")
    func nothing() throws {
        let lookup = CountingLookup([:])
        let decision = try PrePushHook.decide(remote: "origin", url: "u", input: "refs/heads/main \(Self.a) refs/heads/main \(Self.b)\n", lookup: lookup)
        #expect(decision.isNothing)
        #expect(decision.reason == "no run on main")
        #expect(lookup.asked == ["main"])
    }

    @Test("run branches are found by local or remote name; deletions and tags are ignored")
    func runs() throws {
        let lookup = CountingLookup(["healer/0001-fix": "0001", "feature": "0002", "gone": "0003"])
        let input = """
        refs/heads/healer/0001-fix \(Self.a) refs/heads/healer/0001-fix \(Self.zero)
        HEAD \(Self.b) refs/heads/feature \(Self.a)
        (delete) \(Self.zero) refs/heads/gone \(Self.a)
        refs/tags/v1 \(Self.a) refs/tags/v1 \(Self.zero)
        refs/heads/main \(Self.a) refs/heads/main \(Self.b)

        """
        let decision = try PrePushHook.decide(remote: "origin", url: "/r.git", input: input, lookup: lookup)
        #expect(decision.runs == [
            PushedRun(runID: "0001", branch: "healer/0001-fix", sha: Self.a, remoteRef: "refs/heads/healer/0001-fix"),
            PushedRun(runID: "0002", branch: "feature", sha: Self.b, remoteRef: "refs/heads/feature"),
        ])
        #expect(!lookup.asked.contains("gone"))
        #expect(decision.remote == "origin" && decision.url == "/r.git")
    }

    @Test("HEALER=0 and the guard skip without a lookup", arguments: [["HEALER": "0"], ["HEALER_IN_HOOK": "1"]])
    func disabled(environment: [String: String]) throws {
        let lookup = CountingLookup(["main": "0001"])
        let decision = try PrePushHook.decide(remote: "origin", url: "u", input: "refs/heads/main \(Self.a) refs/heads/main \(Self.b)\n", environment: environment, lookup: lookup)
        #expect(decision.isNothing)
        #expect(lookup.asked.isEmpty)
        #expect(PrePushHook.nestedPushEnvironment == ["HEALER_IN_HOOK": "1"])
    }

    @Test("a closure works as a lookup")
    func closure() throws {
        let decision = try PrePushHook.decide(remote: "o", url: "u", input: "refs/heads/x \(Self.a) refs/heads/x \(Self.zero)\n", lookup: ClosureRunLookup { $0 == "x" ? "0009" : nil })
        #expect(decision.runs.map(\.runID) == ["0009"])
    }
}
