// Indexing a revision: only blobs the index has not seen are read, parsed and written.
import Foundation
import HealerGit

extension RAGIndex {
    /// Indexes the tree of `revision` and makes queries answer for it.
    ///
    /// Blobs already in the index (from any earlier revision, branch or rebase) are reused;
    /// new blobs are processed in batches of ``Settings/batchSize``: one ctags process and one
    /// SQLite transaction per batch, Swift files parsed on all cores meanwhile.
    ///
    /// - Parameters:
    ///   - revision: any revision git understands (`HEAD`, a branch, a commit id).
    ///   - progress: called after each batch.
    /// - Returns: what was seen, reused and written.
    /// - Throws: ``RAGError/Code/git`` for an unknown revision, ``RAGError/Code/database`` when
    ///   the index cannot be written.
    @discardableResult
    public func index(revision: String = "HEAD", progress: ((IndexProgress) -> Void)? = nil) throws(RAGError) -> IndexReport {
        let started = Date()
        let commit = try resolve(revision)
        let entries: [TreeEntry]
        do {
            entries = try repository.listTree(at: commit.hex)
        } catch {
            throw RAGError(.git, error.description)
        }
        var known = try store.knownBlobs()
        var pending: [(path: String, blob: String)] = []
        var pendingSet = Set<String>()
        var files: [(path: String, blob: String)] = []
        var skippedByPath = 0
        for entry in entries {
            guard entry.isFile, SkipRule.forPath(entry.path) == nil else {
                skippedByPath += 1
                continue
            }
            files.append((entry.path, entry.id.hex))
            if known[entry.id.hex] == nil, pendingSet.insert(entry.id.hex).inserted {
                pending.append((entry.path, entry.id.hex))
            }
        }
        let reused = Set(files.map(\.blob)).count - pending.count
        var chunkCount = 0
        var done = 0
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(start + settings.batchSize, pending.count)])
            start += batch.count
            let prepared = try prepare(batch)
            try store.database.transaction { () throws(RAGError) in
                for file in prepared {
                    let blobID = try store.insertBlob(file.blob, language: file.language, status: file.status, size: file.size, lines: file.lineCount)
                    known[file.blob] = blobID
                    try store.addPath(file.path, blobID: blobID)
                    for (ordinal, chunk) in file.chunks.enumerated() {
                        try store.insertChunk(blobID: blobID, ordinal: ordinal, symbol: chunk.symbol, lines: file.lineCount, terms: chunk.terms)
                    }
                    chunkCount += file.chunks.count
                    if let text = file.text { try store.insertTrigrams(blobID: blobID, text: text) }
                }
            }
            done += batch.count
            progress?(IndexProgress(blobsDone: done, blobsTotal: pending.count, chunks: chunkCount))
        }
        try store.database.transaction { () throws(RAGError) in
            try store.setRevision(commit.hex, files: files.compactMap { file in known[file.blob].map { (file.path, $0) } })
            try store.pruneRevisions(keep: settings.revisionsKept)
            try store.setMeta("current", commit.hex)
        }
        revisionCache = nil
        if settings.embeddings != nil { try embedPendingChunks() }
        return IndexReport(
            revision: commit.hex, filesSeen: entries.count, filesSkipped: skippedByPath, blobsIndexed: pending.count,
            blobsReused: reused, chunks: chunkCount, seconds: Date().timeIntervalSince(started)
        )
    }

    /// A blob ready to be written: its classification, chunks with terms and trigram text.
    struct PreparedBlob: Sendable {
        var path: String
        var blob: String
        var language: String
        var status: String
        var size: Int
        var lineCount: Int
        var chunks: [PreparedChunk] = []
        var text: String?
    }

    struct PreparedChunk: Sendable {
        var symbol: SymbolChunk?
        var terms: (symbol: String, path: String, body: String)
    }

    /// Reads a batch of blobs, classifies them, extracts symbols and computes terms.
    func prepare(_ batch: [(path: String, blob: String)]) throws(RAGError) -> [PreparedBlob] {
        var contents: [[UInt8]] = []
        var prepared: [PreparedBlob] = []
        for item in batch {
            let bytes = try blobBytes(item.blob)
            let skip = SkipRule.forContent(bytes)
            let language = Language.of(path: item.path)
            prepared.append(PreparedBlob(
                path: item.path, blob: item.blob, language: language.name,
                status: skip?.rawValue ?? "indexed", size: bytes.count, lineCount: skip == nil ? LineTable.lineCount(bytes) : 0
            ))
            contents.append(skip == nil ? bytes : [])
        }
        let ctagsIndices = prepared.indices.filter { prepared[$0].status == "indexed" && Language.of(path: prepared[$0].path).parser == .ctags }
        let results = ResultSlots<[SymbolChunk]>(count: prepared.count)
        let ctagsFailure = ResultSlots<RAGError>(count: 1)
        let extractor = CtagsSymbolExtractor(executable: settings.ctagsExecutable)
        let work = prepared.indices.filter { prepared[$0].status == "indexed" }
        let snapshot = prepared
        let inputs = contents
        // Slot 0 runs ctags over the whole batch; the others parse Swift and compute terms.
        DispatchQueue.concurrentPerform(iterations: work.count + 1) { slot in
            if slot == 0 {
                guard !ctagsIndices.isEmpty else { return }
                do throws(RAGError) {
                    let symbols = try extractor.symbols(in: ctagsIndices.map { CtagsSymbolExtractor.Input(path: snapshot[$0].path, bytes: inputs[$0]) })
                    for (offset, index) in ctagsIndices.enumerated() { results.set(index, symbols[offset]) }
                } catch {
                    ctagsFailure.set(0, error)
                }
                return
            }
            let index = work[slot - 1]
            if Language.of(path: snapshot[index].path).parser == .swiftSyntax {
                results.set(index, SwiftSymbolExtractor.symbols(in: String(decoding: inputs[index], as: UTF8.self)))
            }
        }
        if let failure = ctagsFailure.get(0) {
            warn("symbols of non-Swift files were not extracted (\(failure.message)); those files are indexed whole")
        }
        let chunkSlots = ResultSlots<[PreparedChunk]>(count: prepared.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { slot in
            let index = work[slot]
            chunkSlots.set(index, Self.chunks(path: snapshot[index].path, bytes: inputs[index], symbols: results.get(index) ?? []))
        }
        for index in work {
            prepared[index].chunks = chunkSlots.get(index) ?? []
            prepared[index].text = String(decoding: contents[index], as: UTF8.self)
        }
        return prepared
    }

    /// The whole-file chunk and one chunk per symbol, each with its terms. A symbol's body
    /// terms include the comment lines right above it, where its documentation lives.
    static func chunks(path: String, bytes: [UInt8], symbols: [SymbolChunk]) -> [PreparedChunk] {
        let table = LineTable(bytes)
        let pathTerms = CodeTerms.indexText(Array(path.utf8))
        var chunks = [PreparedChunk(symbol: nil, terms: ("", pathTerms, CodeTerms.indexText(bytes)))]
        for symbol in symbols {
            let first = table.commentStart(before: symbol.startLine)
            let body = bytes[table.range(lines: first...max(first, symbol.endLine))]
            var symbolText = CodeTerms.indexText(Array(symbol.symbol.utf8))
            if symbolText.isEmpty { symbolText = symbol.symbol.lowercased() }
            let containerText = symbol.container.map { CodeTerms.indexText(Array($0.utf8)) + " " } ?? ""
            chunks.append(PreparedChunk(symbol: symbol, terms: (symbolText, pathTerms, containerText + CodeTerms.indexText(body))))
        }
        return chunks
    }
}

/// Per-slot results written from concurrent work; each slot is written by one iteration only.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[index]
    }
}
