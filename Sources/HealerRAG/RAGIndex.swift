// The retrieval service's entry point: one index per repository, answering for one revision.
import Foundation
import HealerGit

/// The RAG index of a repository: chunks keyed by blob id in `.git/healer/rag.sqlite`, searched
/// by symbol name, BM25 over code-aware terms, optional dense vectors, and a trigram grep.
///
/// A `RAGIndex` owns a libgit2 handle and a SQLite connection and is not safe to share between
/// threads; ``RAGServer`` serialises calls for its clients.
///
/// ```swift
/// let index = try RAGIndex.open(repository: try Repository.discover(at: "."))
/// let report = try index.index(revision: "HEAD")
/// let hits = try index.similaritySearch("retry a failed push", k: 5)
/// let snippet = try index.snippet(hits[0].chunkID)
/// ```
package final class RAGIndex {
    /// How the index is built and searched.
    package struct Settings: Sendable {
        /// The dense-vector endpoint, or `nil` for lexical search only (the default).
        package var embeddings: EmbeddingSettings?
        /// The universal-ctags executable.
        package var ctagsExecutable: String
        /// How Swift symbols are extracted (by default the swift-syntax helper when installed).
        package var swiftSymbols: SwiftSymbolExtractor
        /// Blobs per indexing batch: one ctags process and one SQLite transaction each.
        package var batchSize: Int
        /// How many indexed revisions keep their file lists (blobs and chunks are kept regardless).
        package var revisionsKept: Int
        /// Whether similarity search fuses history priors with BM25: files that changed often and
        /// recently, and files whose commits' subjects match the query (see docs/rag.md for the
        /// measurement that chose the default).
        package var historyPriors: Bool

        /// Creates settings; the defaults suit a laptop-sized repository.
        package init(
            embeddings: EmbeddingSettings? = nil, ctagsExecutable: String = "ctags", batchSize: Int = 500, revisionsKept: Int = 16,
            historyPriors: Bool = RAGIndex.historyPriorsByDefault, swiftSymbols: SwiftSymbolExtractor = .installed()
        ) {
            self.embeddings = embeddings
            self.ctagsExecutable = ctagsExecutable
            self.swiftSymbols = swiftSymbols
            self.batchSize = max(1, batchSize)
            self.revisionsKept = max(1, revisionsKept)
            self.historyPriors = historyPriors
        }
    }

    /// The libgit2 handle, opened on first use: a query answered from the index needs none.
    private var openedRepository: Repository?
    private let openRepository: () throws(GitError) -> Repository
    /// Reads HEAD's commit without libgit2, when the index was opened by ``open(indexedAt:settings:)``.
    private let headFiles: RepositoryFiles?
    let store: IndexStore
    let settings: Settings
    var revisionCache: RevisionFiles?
    var embeddingsDisabled = false
    /// BM25 column weights (symbol, path, body); the benchmark tries others.
    var columnWeights = RAGIndex.defaultColumnWeights
    /// Chunk lengths and blobs for BM25, refreshed when segments are written.
    let lexicalStatistics = LexicalStatistics()
    /// BM25's scratch space, kept between queries.
    let scorer = BM25Scorer()
    /// History priors' weights in the fusion; the benchmark tries others.
    var historyFusion: HistoryFusion
    /// The history priors of the last revision searched.
    var historyCache: HistoryPriors?
    /// Seconds spent per indexing phase, summed over calls (the benchmark prints them).
    var phaseSeconds: [String: Double] = [:]
    /// How ``rankFiles(_:k:)`` weighs its signals; the benchmark tries others.
    var fileWeights = FileSignalWeights.standard
    /// Query terms found in more than this share of chunks are dropped from BM25 queries.
    var commonTermFraction = 1.0

    /// Where the index lives.
    package var path: String { store.path }

    /// Warnings raised so far (an embeddings endpoint that failed, a missing ctags), oldest first.
    /// Each distinct problem is reported once per index object.
    package private(set) var warnings: [String] = []

    /// Called with each new warning as it is raised (for example to print it on stderr).
    package var onWarning: ((String) -> Void)?

    init(repository: @escaping () throws(GitError) -> Repository, headFiles: RepositoryFiles? = nil, store: IndexStore, settings: Settings) {
        openRepository = repository
        self.headFiles = headFiles
        self.store = store
        self.settings = settings
        historyFusion = settings.historyPriors ? Self.defaultHistoryFusion : HistoryFusion()
    }

    /// Opens (creating if needed) the index of `repository`, by default at `.git/healer/rag.sqlite`.
    ///
    /// - Parameters:
    ///   - repository: the repository whose blobs the index reads.
    ///   - settings: embeddings and indexing settings.
    ///   - path: another location for the SQLite file (tests, benchmarks).
    /// - Throws: ``RAGError/Code/git`` when `.git/healer` cannot be created,
    ///   ``RAGError/Code/database`` when the file cannot be opened.
    package static func open(repository: Repository, settings: Settings = Settings(), path: String? = nil) throws(RAGError) -> RAGIndex {
        let file: String
        if let path {
            file = path
        } else {
            do {
                file = try repository.healerDirectory() + "/rag.sqlite"
            } catch {
                throw RAGError(git: error)
            }
        }
        return RAGIndex(repository: { () throws(GitError) in repository }, store: try IndexStore(path: file), settings: settings)
    }

    /// Opens the index of the repository containing `directory` when one exists there, without
    /// initialising libgit2: the repository is found and HEAD read from git's files, and libgit2
    /// opens only when a call needs objects (a stale index, a grep, a snippet). `nil` when the
    /// files do not answer plainly (see ``RepositoryFiles``) or nothing is indexed yet: use
    /// ``open(repository:settings:path:)``.
    ///
    /// - Throws: ``RAGError/Code/database`` when the file cannot be opened.
    package static func open(indexedAt directory: String, settings: Settings = Settings()) throws(RAGError) -> RAGIndex? {
        guard let files = RepositoryFiles.locate(from: directory) else { return nil }
        let file = files.commonDirectory + "/healer/rag.sqlite"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        return RAGIndex(repository: { () throws(GitError) in try Repository.discover(at: directory) }, headFiles: files,
                        store: try IndexStore(path: file), settings: settings)
    }

    /// The repository, opened on first use.
    var repository: Repository {
        get throws(GitError) {
            if let openedRepository { return openedRepository }
            let repository = try openRepository()
            openedRepository = repository
            return repository
        }
    }

    /// The repository, opened on first use, its failure as a ``RAGError``.
    func gitRepository() throws(RAGError) -> Repository {
        do {
            return try repository
        } catch {
            throw RAGError(git: error)
        }
    }

    /// The commit that queries answer for: the last one indexed, or the one chosen with ``use(revision:)``.
    package var revision: String? {
        get throws(RAGError) {
            if let cache = revisionCache { return cache.commit }
            return try store.meta("current")
        }
    }

    /// Makes queries answer for `revision`, which must have been indexed.
    ///
    /// - Throws: ``RAGError/Code/notIndexed`` when it was not; run ``index(revision:progress:)``.
    package func use(revision: String) throws(RAGError) {
        let commit = try resolve(revision)
        guard try store.hasRevision(commit.hex) else {
            throw RAGError(.notIndexed, "revision '\(revision)' (\(commit.short)) is not indexed; run `healer rag index --revision \(revision)`")
        }
        try store.setMeta("current", commit.hex)
        revisionCache = nil
    }

    func resolve(_ revision: String) throws(RAGError) -> ObjectID {
        if revision == "HEAD", let head = headFiles?.headCommit() { return head }
        do {
            return try repository.resolve(revision)
        } catch {
            throw RAGError(git: error)
        }
    }

    func warn(_ message: String) {
        guard !warnings.contains(message) else { return }
        warnings.append(message)
        onWarning?(message)
    }

    /// The files of the revision queries answer for, loaded once per revision.
    func currentFiles() throws(RAGError) -> RevisionFiles {
        guard let commit = try store.meta("current") else {
            throw RAGError(.notIndexed, "nothing is indexed yet; run `healer rag index` first")
        }
        if let cache = revisionCache, cache.commit == commit { return cache }
        let files = try RevisionFiles(commit: commit, files: store.revisionFiles(commit))
        revisionCache = files
        return files
    }

    /// The revision queries answer for, as a chunk search needs it: from the loaded file list
    /// when there is one, else from its packed mask (see ``RevisionScope``).
    func currentScope() throws(RAGError) -> RevisionScope {
        guard let commit = try store.meta("current") else {
            throw RAGError(.notIndexed, "nothing is indexed yet; run `healer rag index` first")
        }
        if let cache = revisionCache, cache.commit == commit { return RevisionScope(files: cache, store: store) }
        return try RevisionScope(commit: commit, store: store)
    }

    /// The files of the current revision whose blobs are among `blobIDs`, in path order.
    func revisionFiles(blobIDs: Set<Int64>) throws(RAGError) -> [IndexedFile] {
        guard let commit = try store.meta("current") else {
            throw RAGError(.notIndexed, "nothing is indexed yet; run `healer rag index` first")
        }
        if let cache = revisionCache, cache.commit == commit { return cache.files.filter { blobIDs.contains($0.blobID) } }
        return try store.revisionFiles(commit, blobIDs: blobIDs)
    }

    /// The bytes of blob `hex`; from the work tree when the file at `path` is that blob and the
    /// index was opened without libgit2 (see ``open(indexedAt:settings:)``), else from git.
    func blobBytes(_ hex: String, path: String? = nil) throws(RAGError) -> [UInt8] {
        guard let id = ObjectID(hex: hex) else { throw RAGError(.unknownChunk, "'\(hex)' is not a blob id") }
        if let path, let headFiles, let bytes = headFiles.blob(id, at: path) { return bytes }
        do {
            return [UInt8](try repository.blob(id))
        } catch {
            throw RAGError(git: error)
        }
    }
}

/// The indexed files of one revision, with lookups by blob built on first use (a one-shot
/// process that needs none of them does not pay for them).
final class RevisionFiles {
    let commit: String
    let files: [IndexedFile]

    init(commit: String, files: [IndexedFile]) {
        self.commit = commit
        self.files = files
    }

    /// The path of each blob row id (the first path in path order when a blob is at several).
    private(set) lazy var pathsByBlobID: [Int64: String] = {
        var paths: [Int64: String] = [:]
        for file in files where paths[file.blobID] == nil { paths[file.blobID] = file.path }
        return paths
    }()

    /// The blob row id at each path.
    private(set) lazy var blobIDsByPath: [String: Int64] = Dictionary(files.map { ($0.path, $0.blobID) }, uniquingKeysWith: { first, _ in first })

    /// Whether a blob row id is in the revision, indexed by row id.
    private(set) lazy var blobMask: [Bool] = {
        var mask = [Bool](repeating: false, count: Int(files.map(\.blobID).max() ?? 0) + 1)
        for file in files { mask[Int(file.blobID)] = true }
        return mask
    }()
}
