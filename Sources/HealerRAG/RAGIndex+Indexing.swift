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
        // A revision indexed before has all its blobs: switch to it without listing the tree.
        if try store.hasRevision(commit.hex), let counts = try store.meta("files:" + commit.hex)?.split(separator: ",").compactMap({ Int($0) }), counts.count == 2 {
            try store.setMeta("current", commit.hex)
            revisionCache = nil
            let blobs = Set(try currentFiles().files.map(\.blob)).count
            let skippedBlobs = try store.database.rows(
                "SELECT count(DISTINCT f.blob_id) FROM revision_files f JOIN blobs b ON b.id = f.blob_id WHERE f.commit_id = ? AND b.status != 'indexed'",
                [.text(commit.hex)]) { Int($0.int(0)) }.first ?? 0
            if settings.embeddings != nil { try embedPendingChunks() }
            return IndexReport(revision: commit.hex, filesSeen: counts[0], filesSkipped: counts[1], blobsIndexed: 0,
                               blobsReused: blobs + skippedBlobs, chunks: 0, seconds: Date().timeIntervalSince(started))
        }
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
        let batches = stride(from: 0, to: pending.count, by: settings.batchSize).map { Array(pending[$0..<min($0 + settings.batchSize, pending.count)]) }
        let extractor = CtagsSymbolExtractor(executable: settings.ctagsExecutable)
        // A pipeline: batch N is parsed on other threads while batch N-1 is written to SQLite
        // and batch N+1 is read from git on this thread (the repository handle stays here).
        var read = try batches.first.map { batch throws(RAGError) in try readBlobs(batch) }
        var written: [PreparedBlob]?
        for number in batches.indices {
            guard let current = read else { break }
            let slot = ResultSlots<(blobs: [PreparedBlob], ctagsFailure: RAGError?)>(count: 1)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { slot.set(0, Self.extract(current, ctags: extractor)) }
            if let previous = written {
                chunkCount += try write(previous, known: &known)
                done += previous.count
                progress?(IndexProgress(blobsDone: done, blobsTotal: pending.count, chunks: chunkCount))
            }
            read = number + 1 < batches.count ? try readBlobs(batches[number + 1]) : nil
            group.wait()
            guard let result = slot.get(0) else { break }
            if let failure = result.ctagsFailure {
                warn("symbols of non-Swift files were not extracted (\(failure.message)); those files are indexed whole")
            }
            written = result.blobs
        }
        if let last = written {
            chunkCount += try write(last, known: &known)
            done += last.count
            progress?(IndexProgress(blobsDone: done, blobsTotal: pending.count, chunks: chunkCount))
        }
        try store.database.transaction { () throws(RAGError) in
            try store.setRevision(commit.hex, files: files.compactMap { file in known[file.blob].map { (file.path, $0) } })
            try store.pruneRevisions(keep: settings.revisionsKept)
            try store.setMeta("current", commit.hex)
            try store.setMeta("files:" + commit.hex, "\(entries.count),\(skippedByPath)")
        }
        revisionCache = nil
        if !pending.isEmpty { lexicalStatistics = nil }
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

    /// Writes prepared blobs in one transaction; returns the number of chunks written.
    private func write(_ prepared: [PreparedBlob], known: inout [String: Int64]) throws(RAGError) -> Int {
        var chunks = 0
        var ids: [(String, Int64)] = []
        try store.database.transaction { () throws(RAGError) in
            for file in prepared {
                let blobID = try store.insertBlob(file.blob, language: file.language, status: file.status, size: file.size, lines: file.lineCount)
                ids.append((file.blob, blobID))
                try store.addPath(file.path, blobID: blobID)
                for (ordinal, chunk) in file.chunks.enumerated() {
                    try store.insertChunk(blobID: blobID, ordinal: ordinal, symbol: chunk.symbol, lines: file.lineCount, terms: chunk.terms)
                }
                chunks += file.chunks.count
                if let text = file.text { try store.insertTrigrams(blobID: blobID, text: text) }
            }
        }
        for (blob, id) in ids { known[blob] = id }
        return chunks
    }

    /// A batch of blobs read from git and classified, ready for extraction on other threads.
    struct ReadBatch: Sendable {
        var blobs: [PreparedBlob]
        var contents: [[UInt8]]
    }

    /// Reads a batch of blobs and classifies them by content (on the repository's thread).
    func readBlobs(_ batch: [(path: String, blob: String)]) throws(RAGError) -> ReadBatch {
        var contents: [[UInt8]] = []
        var prepared: [PreparedBlob] = []
        for item in batch {
            let bytes = try blobBytes(item.blob)
            let skip = SkipRule.forContent(bytes)
            prepared.append(PreparedBlob(
                path: item.path, blob: item.blob, language: Language.of(path: item.path).name,
                status: skip?.rawValue ?? "indexed", size: bytes.count, lineCount: skip == nil ? LineTable.lineCount(bytes) : 0
            ))
            contents.append(skip == nil ? bytes : [])
        }
        return ReadBatch(blobs: prepared, contents: contents)
    }

    /// Extracts symbols (one ctags process for the batch, Swift files in parallel) and
    /// computes every chunk's terms. Touches neither the repository nor the store.
    static func extract(_ batch: ReadBatch, ctags extractor: CtagsSymbolExtractor) -> (blobs: [PreparedBlob], ctagsFailure: RAGError?) {
        var prepared = batch.blobs
        let inputs = batch.contents
        let work = prepared.indices.filter { prepared[$0].status == "indexed" }
        let ctagsIndices = work.filter { Language.of(path: prepared[$0].path).parser == .ctags }
        let results = ResultSlots<[SymbolChunk]>(count: prepared.count)
        let ctagsFailure = ResultSlots<RAGError>(count: 1)
        let snapshot = prepared
        // Slot 0 runs ctags over the whole batch; the others parse Swift.
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
        let chunkSlots = ResultSlots<[PreparedChunk]>(count: prepared.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { slot in
            let index = work[slot]
            chunkSlots.set(index, chunks(path: snapshot[index].path, bytes: inputs[index], symbols: results.get(index) ?? []))
        }
        for index in work {
            prepared[index].chunks = chunkSlots.get(index) ?? []
            prepared[index].text = String(decoding: inputs[index], as: UTF8.self)
        }
        return (prepared, ctagsFailure.get(0))
    }

    /// The whole-file chunk and one chunk per symbol, each with its terms. A symbol's body
    /// terms include the comment lines right above it, where its documentation lives.
    static func chunks(path: String, bytes: [UInt8], symbols: [SymbolChunk]) -> [PreparedChunk] {
        let table = LineTable(bytes)
        let pathTerms = CodeTerms.indexText(Array(path.utf8))
        var chunks = [PreparedChunk(symbol: nil, terms: ("", pathTerms, CodeTerms.indexText(bytes)))]
        for symbol in symbols {
            let terms = symbolTerms(symbol, table: table)
            chunks.append(PreparedChunk(symbol: symbol, terms: (terms.symbol, pathTerms, terms.body)))
        }
        return chunks
    }

    /// The symbol and body terms of one symbol chunk: the symbol's words, and the words of its
    /// container, its leading comments and its lines.
    static func symbolTerms(_ symbol: SymbolChunk, table: LineTable) -> (symbol: String, body: String) {
        let first = table.commentStart(before: symbol.startLine)
        let body = table.bytes[table.range(lines: first...max(first, symbol.endLine))]
        var symbolText = CodeTerms.indexText(Array(symbol.symbol.utf8))
        if symbolText.isEmpty { symbolText = symbol.symbol.lowercased() }
        let containerText = symbol.container.map { CodeTerms.indexText(Array($0.utf8)) + " " } ?? ""
        return (symbolText, containerText + CodeTerms.indexText(body))
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
