// Remote sync of refs/healer/*: fetch, re-apply local transitions on the remote's state, push with leases.
import Foundation
import HealerGit
import HealerState

/// What one sync did.
package struct SyncReport: Sendable, Equatable, Codable {
    /// References updated locally from the remote.
    package var fetched: [String] = []
    /// References pushed to the remote.
    package var pushed: [String] = []
    /// Local events re-applied on top of the remote's state.
    package var reapplied: [String] = []
    /// Local events dropped because the remote already had them or moved past them.
    package var dropped: [String] = []
    /// Push attempts made (1 when nobody else pushed meanwhile).
    package var attempts: Int = 0
}

/// Synchronises `refs/healer/*` with a remote through the git executable.
///
/// Remote values are fetched into `refs/healer-remotes/<remote>/*`. A run changed on both sides
/// is reconciled by re-applying the local transitions (their events are in the notes commit
/// messages) on top of the remote's state: an event the remote already has, or that is no
/// longer allowed there, is dropped. Pushes are atomic, with a lease on every ref, so a
/// concurrent writer makes the push fail and the sync starts again, a bounded number of times
/// with jittered backoff. No update is lost and no step runs twice.
package struct Synchronizer {
    /// The store whose refs are synchronised.
    package let store: RunStore
    /// The remote's name (`origin`).
    package let remote: String
    /// Push attempts before giving up.
    package var maxAttempts: Int = 8
    /// Extra environment for git (a hook guard).
    package var environment: [String: String] = ["HEALER_IN_HOOK": "1"]

    /// Creates a synchroniser.
    package init(store: RunStore, remote: String) {
        self.store = store
        self.remote = remote
    }

    private var repository: Repository { store.repository }
    private var trackingPrefix: String { "refs/healer-remotes/\(remote)/" }

    /// Fetches, reconciles and pushes until the remote accepts or the attempts run out.
    package func sync() throws(StoreError) -> SyncReport {
        var report = SyncReport()
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...maxAttempts {
            report.attempts = attempt
            try git { () throws(GitError) in
                try repository.fetch(["+refs/healer/*:\(trackingPrefix)*"], from: remote, environment: environment)
            }
            // A local writer (a step, `healer comment`) moved a ref while this attempt read it:
            // start over from the fresh local state rather than fail.
            guard let pushes = try reconcile(into: &report) else { continue }
            if pushes.isEmpty { return report }
            let updates = pushes.map { Repository.PushUpdate($0.value.hex, to: $0.name, lease: .init($0.expected)) }
            let outcome = try git { () throws(GitError) in try repository.push(updates, to: remote, atomic: true, environment: environment) }
            if outcome.succeeded {
                report.pushed = pushes.map(\.name)
                // Record what the remote now has, so the next sync starts from it.
                for push in pushes {
                    _ = try? repository.updateReference(trackingPrefix + push.name.dropFirst("refs/healer/".count), to: push.value,
                                                        expected: push.expected, message: "healer: sync")
                }
                return report
            }
            if outcome.references.isEmpty {
                throw StoreError(.failure, "cannot push to '\(remote)': \(outcome.reason); check the remote URL and your credentials")
            }
            if attempt < maxAttempts {
                let backoff = min(2.0, 0.05 * pow(2.0, Double(attempt - 1)))
                let jitter = Double.random(in: 0...backoff, using: &generator)
                Thread.sleep(forTimeInterval: backoff / 2 + jitter / 2)
            }
        }
        throw StoreError(.failure, "the remote '\(remote)' kept changing during \(maxAttempts) sync attempts; run `healer sync` again")
    }

    private struct Push { var name: String; var value: ObjectID; var expected: ObjectID? }

    /// Brings every local ref up to date with the remote's and lists what must be pushed, or
    /// returns `nil` when a local writer moved a ref meanwhile (the caller starts over).
    private func reconcile(into report: inout SyncReport) throws(StoreError) -> [Push]? {
        let local = Dictionary(try git { () throws(GitError) in try repository.references(matching: "refs/healer/*") }
            .map { ($0.name, $0.target) }, uniquingKeysWith: { a, _ in a })
        let remoteRefs = Dictionary(try git { () throws(GitError) in try repository.references(matching: trackingPrefix + "*") }
            .map { ("refs/healer/" + $0.name.dropFirst(trackingPrefix.count), $0.target) }, uniquingKeysWith: { a, _ in a })
        var pushes: [Push] = []
        for name in Set(local.keys).union(remoteRefs.keys).sorted() {
            let mine = local[name], theirs = remoteRefs[name]
            switch (mine, theirs) {
            case let (mine?, nil):
                pushes.append(Push(name: name, value: mine, expected: nil))
            case let (nil, theirs?):
                guard try move(name, to: theirs, from: nil) else { return nil }
                report.fetched.append(name)
            case let (mine?, theirs?) where mine == theirs:
                continue
            case let (mine?, theirs?):
                if try git({ () throws(GitError) in try repository.isAncestor(mine, of: theirs) }) {
                    guard try move(name, to: theirs, from: mine) else { return nil }
                    report.fetched.append(name)
                } else if try git({ () throws(GitError) in try repository.isAncestor(theirs, of: mine) }) {
                    pushes.append(Push(name: name, value: mine, expected: theirs))
                } else {
                    let merged = try merge(name, mine: mine, theirs: theirs, report: &report)
                    guard try move(name, to: merged, from: mine) else { return nil }
                    report.fetched.append(name)
                    if merged != theirs { pushes.append(Push(name: name, value: merged, expected: theirs)) }
                }
            case (nil, nil):
                continue
            }
        }
        return pushes
    }

    /// Moves a local ref from `expected` to `value`; `false` when a local writer moved it first.
    private func move(_ name: String, to value: ObjectID, from expected: ObjectID?) throws(StoreError) -> Bool {
        try git { () throws(GitError) in
            let lock = try repository.lockForWriting(name)
            defer { lock.release() }
            do throws(GitError) {
                try repository.updateReference(name, to: value, expected: expected, message: "healer: sync from \(remote)")
                return true
            } catch {
                if error.code == .referenceModified || error.code == .alreadyExists { return false }
                throw error
            }
        }
    }

    /// Re-applies the local side's commits since the common ancestor on top of the remote's head.
    private func merge(_ name: String, mine: ObjectID, theirs: ObjectID, report: inout SyncReport) throws(StoreError) -> ObjectID {
        guard name.hasPrefix(RunStore.runsPrefix) else {
            if name.hasPrefix(RunStore.branchesPrefix) {
                report.dropped.append("\(name): the remote indexes this branch for another run; kept the remote's")
                return theirs
            }
            return try mergeNotes(mine: mine, theirs: theirs)
        }
        let id = String(name.dropFirst(RunStore.runsPrefix.count))
        guard let base = try git({ () throws(GitError) in try repository.mergeBase(mine, theirs) }) else {
            report.dropped.append("run \(id): local and remote runs share no history; kept the remote's")
            return theirs
        }
        var head = theirs
        var run = try store.load(id, at: theirs).run
        for commitID in try git({ () throws(GitError) in try repository.commits(from: base, to: mine, firstParentOnly: true) }) {
            let commit = try git { () throws(GitError) in try repository.commit(commitID) }
            let message = NotesMessage.parse(commit.message)
            if let artifact = message.trailer("Healer-Artifact"), let blob = ObjectID(hex: artifact) {
                let data = try git { () throws(GitError) in try repository.blob(blob) }
                let parent = head
                head = try git { () throws(GitError) in try store.storeArtifact(data, parent: parent, runID: id, base: run.base) }
                continue
            }
            guard let yaml = message.eventYAML else { continue }
            let event: Event
            do { event = try Event.decode(yaml: yaml, run: id) } catch {
                report.dropped.append("run \(id): unreadable event in \(commitID.short)")
                continue
            }
            let next: Run
            do { next = try run.applying(event) } catch {
                report.dropped.append("\(error)")
                continue
            }
            guard let baseCommit = ObjectID(hex: run.base) else { break }
            let text = RunStore.message(for: event, before: run, after: next).text
            let parent = head
            head = try git { () throws(GitError) in
                try repository.createNotesCommit(parent: parent, annotating: baseCommit, content: next.yaml(), message: text)
            }
            run = next
            report.reapplied.append("run \(id): \(event.kind) \(event.id)")
        }
        return head
    }

    /// Merges a plain notes ref (such as `refs/healer/ci`): notes only one side changed are
    /// taken as they are; a note both sides changed keeps the union of its lines.
    private func mergeNotes(mine: ObjectID, theirs: ObjectID) throws(StoreError) -> ObjectID {
        let base = try git { () throws(GitError) in try repository.mergeBase(mine, theirs) }
        let baseNotes = try base.map { b throws(StoreError) in try notes(b) } ?? [:]
        let myNotes = try notes(mine)
        let theirNotes = try notes(theirs)
        var head = theirs
        for (object, blob) in myNotes.sorted(by: { $0.key < $1.key }) where baseNotes[object] != blob && theirNotes[object] != blob {
            let mineText = try text(blob)
            var content = mineText
            if let theirBlob = theirNotes[object] {
                let theirText = try text(theirBlob)
                var lines = theirText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if lines.last == "" { lines.removeLast() }
                for line in mineText.split(separator: "\n").map(String.init) where !lines.contains(line) { lines.append(line) }
                content = lines.joined(separator: "\n") + "\n"
            }
            let parent = head
            head = try git { () throws(GitError) in
                try repository.createNotesCommit(parent: parent, annotating: object, content: content, message: "healer: merge note on \(object.short)\n")
            }
        }
        return head
    }

    private func notes(_ commit: ObjectID) throws(StoreError) -> [ObjectID: ObjectID] {
        Dictionary(try git { () throws(GitError) in try repository.notes(inNotesCommit: commit) }.map { ($0.object, $0.blob) },
                   uniquingKeysWith: { a, _ in a })
    }

    private func text(_ blob: ObjectID) throws(StoreError) -> String {
        String(decoding: try git { () throws(GitError) in try repository.blob(blob) }, as: UTF8.self)
    }
}
