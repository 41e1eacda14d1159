// The reverts heal opened: branches to review that have no run, so `healer status` lists them too.
import HealerGit

extension Workspace {
    /// The `healer/regression/*` branches that no run works on (heal's tested reverts), with
    /// their tip's subject, sorted by name.
    public func revertBranches() throws(PipelineError) -> [(branch: String, subject: String)] {
        let prefix = "refs/heads/"
        let runBranches = Set(try summaries().map(\.branch))
        var result: [(branch: String, subject: String)] = []
        for (name, tip) in try pipeline({ try repository.references(matching: prefix + "healer/regression/*") }) {
            let branch = String(name.dropFirst(prefix.count))
            guard !runBranches.contains(branch) else { continue }
            result.append((branch, try pipeline { try repository.commit(tip) }.summary))
        }
        return result.sorted { $0.branch < $1.branch }
    }
}
