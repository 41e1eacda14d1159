// Real sandboxes: bubblewrap takes away the network and writes outside the work tree; plain does not.

import Foundation
import Testing

@testable import HealerExecution

/// The bubblewrap backend when it works on this machine; the tests that need it skip otherwise.
let bubblewrap: BubblewrapSandbox? = {
    if case .usable(let sandbox) = BubblewrapSandbox.cachedProbe { return sandbox }
    return nil
}()

let bubblewrapSkipReason: Comment = "bubblewrap is not usable on this machine (\(BubblewrapSandbox.cachedProbe)); install it with scripts/setup-system.sh"

@Suite("Sandbox", .serialized)
struct SandboxTests {
    @Test("bubblewrap is found and described for doctor", .enabled(if: bubblewrap != nil, bubblewrapSkipReason))
    func probeFindsBubblewrap() throws {
        let sandbox = try #require(bubblewrap)
        #expect(sandbox.summary.hasPrefix("bubblewrap 0."))
        #expect(sandbox.summary.hasSuffix(": no network, read-only system"))
        #expect(sandbox.warning == nil)
        #expect(try SandboxChoice.auto.makeSandbox().name == "bubblewrap")
        #expect(try SandboxChoice.bubblewrap.makeSandbox().name == "bubblewrap")
        #expect(try SandboxChoice.none.makeSandbox().name == "plain")
    }

    @Test("a missing bwrap gives plain with a warning under auto, and an error under bubblewrap")
    func missingBubblewrap() throws {
        let probe = BubblewrapSandbox.probe(path: "/nonexistent")
        #expect(probe == .notFound)
        let sandbox = try SandboxChoice.auto.makeSandbox(probe: probe)
        #expect(sandbox.name == "plain")
        #expect(sandbox.summary == "plain process (bubblewrap not found): install bubblewrap")
        #expect(sandbox.warning?.contains("apt-get install bubblewrap") == true)
        #expect(try SandboxChoice.none.makeSandbox(probe: probe).warning == nil)
        #expect(SandboxChoice.auto.doctorReport(probe: probe) == (true, "plain process (bubblewrap not found): install bubblewrap"))
        #expect(SandboxChoice.bubblewrap.doctorReport(probe: probe).ok == false)

        do {
            _ = try SandboxChoice.bubblewrap.makeSandbox(probe: probe)
            Issue.record("asking for bubblewrap without bwrap must fail")
        } catch {
            #expect(error.code == .sandboxUnavailable)
            #expect(error.description.contains("install bubblewrap"))
            #expect(error.description.contains("sandbox: none"))
        }
        do {
            _ = try SandboxChoice.bubblewrap.makeSandbox(
                probe: .refused(executable: "/usr/bin/bwrap", reason: "No permissions to create new namespace"))
            Issue.record("asking for a refused bubblewrap must fail")
        } catch {
            #expect(error.description.contains("user namespaces"))
        }
    }

    @Test("bind mounts are ordered parents first and the network is unshared")
    func optionOrder() {
        let options = BubblewrapSandbox.options(
            workDirectory: "/tmp/tree", writablePaths: ["/nonexistent/cache"], temporaryDirectory: "/tmp/private")
        let joined = options.joined(separator: " ")
        #expect(joined.hasPrefix("--ro-bind / / --dev /dev --proc /proc --bind /tmp/private /tmp --bind /tmp/tree /tmp/tree"))
        #expect(options.contains("--unshare-net"))
        #expect(!joined.contains("nonexistent"))
        let online = BubblewrapSandbox.options(
            workDirectory: "/tmp/tree", writablePaths: [], temporaryDirectory: "/tmp/private", allowsNetwork: true)
        #expect(!online.contains("--unshare-net"))
    }

    @Test("bubblewrap: no network, no writes outside the work tree", .enabled(if: bubblewrap != nil, bubblewrapSkipReason))
    func bubblewrapIsolates() throws {
        let sandbox = try #require(bubblewrap)
        let listener = try LoopbackListener()
        let tree = try TemporaryDirectory()
        let outside = try TemporaryDirectory(parent: "/var/tmp")
        let policy = SandboxPolicy(workDirectory: tree.path, timeout: .seconds(30))

        let connect = try sandbox.run(connectCommand(port: listener.port), policy: policy)
        #expect(!connect.succeeded, "the host's loopback listener must be unreachable: \(connect.logText)")
        #expect(connect.logText.contains("ConnectionRefusedError") || connect.logText.contains("Network is unreachable"))

        let writeOutside = try sandbox.run(.argv(["touch", outside.path + "/escaped"]), policy: policy)
        #expect(!writeOutside.succeeded)
        #expect(writeOutside.logText.contains("Read-only file system"))
        #expect(!FileManager.default.fileExists(atPath: outside.path + "/escaped"))

        let writeSystem = try sandbox.run(.argv(["touch", "/usr/healer-escaped"]), policy: policy)
        #expect(!writeSystem.succeeded)
        #expect(!FileManager.default.fileExists(atPath: "/usr/healer-escaped"))

        let writeTree = try sandbox.run(.shell("echo built > out.txt && echo scratch > /tmp/scratch && cat /tmp/scratch"), policy: policy)
        #expect(writeTree.succeeded, "\(writeTree.logText)")
        #expect(writeTree.logText == "scratch\n")
        #expect(try String(contentsOfFile: tree.path + "/out.txt", encoding: .utf8) == "built\n")

        var cachePolicy = policy
        cachePolicy.writablePaths = [outside.path]
        let writeCache = try sandbox.run(.argv(["touch", outside.path + "/cached"]), policy: cachePolicy)
        #expect(writeCache.succeeded, "\(writeCache.logText)")
        #expect(FileManager.default.fileExists(atPath: outside.path + "/cached"))

        var onlinePolicy = policy
        onlinePolicy.allowsNetwork = true
        #expect(try sandbox.run(connectCommand(port: listener.port), policy: onlinePolicy).succeeded)
    }

    @Test("plain: the same commands reach the network and write outside")
    func plainDoesNotIsolate() throws {
        let sandbox = PlainSandbox(reason: .chosen)
        let listener = try LoopbackListener()
        let tree = try TemporaryDirectory()
        let outside = try TemporaryDirectory(parent: "/var/tmp")
        let policy = SandboxPolicy(workDirectory: tree.path, timeout: .seconds(30))

        let connect = try sandbox.run(connectCommand(port: listener.port), policy: policy)
        #expect(connect.succeeded, "\(connect.logText)")
        let writeOutside = try sandbox.run(.argv(["touch", outside.path + "/escaped"]), policy: policy)
        #expect(writeOutside.succeeded)
        #expect(FileManager.default.fileExists(atPath: outside.path + "/escaped"))
        let temporary = try sandbox.run(.shell("echo $TMPDIR"), policy: policy)
        #expect(temporary.logText.contains("healer-sandbox-"))
    }

    @Test("bubblewrap: timeout and memory limit apply inside", .enabled(if: bubblewrap != nil, bubblewrapSkipReason))
    func bubblewrapLimits() throws {
        let sandbox = try #require(bubblewrap)
        let tree = try TemporaryDirectory()
        let start = ContinuousClock.now
        let hung = try sandbox.run(
            .shell("sleep 1000 & sleep 1000"), policy: SandboxPolicy(workDirectory: tree.path, timeout: .milliseconds(500)))
        #expect(hung.timedOut)
        #expect(ContinuousClock.now - start < .seconds(5))

        let hungry = try sandbox.run(
            .argv(["python3", "-c", "x = bytearray(600 * 1024 * 1024)"]),
            policy: SandboxPolicy(workDirectory: tree.path, timeout: .seconds(30), memoryLimitBytes: 300 << 20))
        #expect(!hungry.succeeded)
        #expect(hungry.memoryLimitExceeded, "\(hungry.statusDescription): \(hungry.logText)")
    }
}

func connectCommand(port: UInt16) -> Command {
    .argv(["python3", "-c", "import socket; socket.create_connection(('127.0.0.1', \(port)), timeout=5).close(); print('connected')"])
}
