// Reading runs for people: resolve what they typed, load, log, sync.
import HealerGit
import HealerState
import HealerStore

extension Workspace {
    /// The run id for what a person typed: an id, a unique part of one, or a run's branch.
    package func resolveRun(_ text: String) throws(PipelineError) -> String {
        try pipeline { try store.resolve(text) }
    }

    /// Loads the run a person named.
    package func load(_ text: String) throws(PipelineError) -> StoredRun {
        let id = try resolveRun(text)
        return try pipeline { try store.load(id) }
    }

    /// The run's transitions, oldest first.
    package func log(_ text: String) throws(PipelineError) -> [LogEntry] {
        let id = try resolveRun(text)
        return try pipeline { try store.log(id) }
    }

    /// Fetches and pushes `refs/healer/*` with `remote` (default: ``defaultRemote()``).
    package func sync(remote: String? = nil, environment: [String: String] = ["HEALER_IN_HOOK": "1"]) throws(PipelineError) -> SyncReport {
        let remote = remote ?? defaultRemote()
        guard try pipeline({ try repository.remoteURL(remote) }) != nil else {
            throw PipelineError(.usage, "there is no remote '\(remote)'; add one with `git remote add \(remote) URL` or pass --remote")
        }
        var synchronizer = Synchronizer(store: store, remote: remote)
        synchronizer.environment = environment
        return try pipeline { try synchronizer.sync() }
    }
}


extension Workspace {
    /// The run a command should act on: the one named, else the current branch's, else the only open one.
    package func chooseRun(_ text: String?) throws(PipelineError) -> String {
        if let text { return try resolveRun(text) }
        if let branch = repository.currentBranch(), let id = store.runID(forBranch: branch) { return id }
        let open = try summaries().filter { $0.stage.map { !$0.isTerminal } ?? false }
        if open.count == 1 { return open[0].id }
        throw PipelineError(.usage, open.isEmpty ? "there is no open run; create one with `healer request \"...\"`"
                                                 : "\(open.count) runs are open; pass --run RUN (see `healer status`)")
    }
}
