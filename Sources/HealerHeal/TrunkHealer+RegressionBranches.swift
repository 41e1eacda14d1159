// The reverts heal opened: branches to review that have no run, so `healer status` lists them too.
import HealerGit
import HealerWorkspace

extension TrunkHealer {
    /// The `healer/regression/*` branches that no run works on (heal's tested reverts), with
    /// their tip's subject, sorted by name.
    ///
    /// - Parameter runBranches: the branches runs work on, when the caller has read them already
    ///   (`healer status` has); `nil` reads them, and only when such branches exist.
    package func revertBranches(runBranches: Set<String>? = nil) throws(PipelineError) -> [(branch: String, subject: String)] {
        let prefix = "refs/heads/"
        let references = try pipeline { try repository.references(matching: prefix + "healer/regression/*") }
        guard !references.isEmpty else { return [] }
        let known: Set<String>
        if let runBranches { known = runBranches } else { known = Set(try workspace.summaries().map(\.branch)) }
        var result: [(branch: String, subject: String)] = []
        for (name, tip) in references {
            let branch = String(name.dropFirst(prefix.count))
            guard !known.contains(branch) else { continue }
            result.append((branch, try pipeline { try repository.commit(tip) }.summary))
        }
        return result.sorted { $0.branch < $1.branch }
    }
}
