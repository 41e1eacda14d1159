// The RAG index as the agents' Retriever tool.
import Foundation
import HealerAgents
import HealerGit
import HealerHeal
import HealerRAG
import HealerSystem
import HealerWorkspace

/// Answers the agents' `rag_*` tools from the repository's RAG index, indexed at one revision.
final class RAGRetriever: Retriever, @unchecked Sendable {
    private let lock = Locked()
    private let index: RAGIndex

    /// Opens the index of the repository at `path` and brings it up to `revision`.
    init(repositoryPath: String, revision: String) throws {
        let repository = try Repository.discover(at: repositoryPath)
        index = try RAGIndex.open(repository: repository)
        _ = try index.index(revision: revision)
    }

    func similaritySearch(query: String, k: Int) async throws -> [RetrievedChunk] {
        try locked {
            try index.similaritySearch(query, k: k).compactMap { hit in
                let text = (try? index.snippet(hit.chunkID).text) ?? ""
                // An empty file's chunk has nothing to show: it never enters a prompt.
                guard text.contains(where: { !$0.isWhitespace }) else { return nil }
                return RetrievedChunk(id: hit.chunkID, path: hit.path, startLine: hit.startLine, endLine: hit.endLine,
                                      symbol: hit.symbol, text: String(text.prefix(4000)), score: hit.score)
            }
        }
    }

    func rankFiles(query: String, k: Int) async throws -> RankedFiles {
        try locked {
            let ranking = try index.rankFiles(query, k: k)
            func chunk(_ file: FileHit) -> RetrievedChunk {
                guard let best = file.bestChunk, let text = try? index.snippet(best.chunkID).text, !text.isEmpty else {
                    return RetrievedChunk(id: file.path, path: file.path, text: "", score: file.score)
                }
                return RetrievedChunk(id: best.chunkID, path: file.path, startLine: best.startLine, endLine: best.endLine,
                                      symbol: best.symbol, text: String(text.prefix(4000)), score: file.score)
            }
            return RankedFiles(source: ranking.source.map(chunk), context: ranking.context.map(chunk))
        }
    }

    func grepLike(regex: String) async throws -> [RetrievedChunk] {
        try locked {
            try index.grepLike(regex, limit: 50).map { match in
                RetrievedChunk(id: "\(match.path):\(match.line)", path: match.path, startLine: match.line, endLine: match.line, text: match.text)
            }
        }
    }

    /// The chunk or lines `id` names (`BLOB:ORDINAL`, `path:start-end`, `path:line`, `path`), as
    /// the step's revision has them: a chunk of a file changed since shows the file as it is now.
    /// A failure is the model's to correct (the tool result says what was wrong), so it is not
    /// warned about here.
    func snippet(id: String) async throws -> RetrievedChunk? {
        try lock.withLock {
            let snippet = try index.currentSnippet(id)
            return RetrievedChunk(id: snippet.chunkID, path: snippet.path, startLine: snippet.startLine, endLine: snippet.endLine,
                                  symbol: snippet.symbol, text: snippet.text)
        }
    }

    private func locked<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock {
            do { return try body() } catch {
                // The agents treat a failed lookup as "no context"; say so once, on stderr.
                FileHandle.standardError.write(Data("healer: warning: retrieval failed: \(error)\n".utf8))
                throw error
            }
        }
    }
}
