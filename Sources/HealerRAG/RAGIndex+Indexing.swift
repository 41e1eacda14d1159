// Indexing a revision: only blobs the index has not seen are read, parsed and written.
import Foundation
import HealerGit
import HealerSystem

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
    package func index(revision: String = "HEAD", progress: ((IndexProgress) -> Void)? = nil) throws(RAGError) -> IndexReport {
        let started = Date()
        let commit = try resolve(revision)
        if let report = try reuseIndexed(commit, started: started) { return report }
        let tree = try listFiles(of: commit)
        var known = try timed("known") { () throws(RAGError) in try store.knownBlobs() }
        var pending: [(path: String, blob: String)] = []
        var pendingSet = Set<String>()
        for file in tree.files where known[file.blob] == nil && pendingSet.insert(file.blob).inserted {
            pending.append(file)
        }
        let distinct = Set(tree.files.map(\.blob)).count
        let chunkCount = try indexBlobs(pending, known: &known, progress: progress)
        try timed("revision") { () throws(RAGError) in try store.database.transaction { () throws(RAGError) in
            try store.setRevision(commit.hex, files: tree.files.compactMap { file in known[file.blob].map { (file.path, $0) } })
            try store.pruneRevisions(keep: settings.revisionsKept)
            // One small segment per incremental index: past 64, fold the newest 16 into one.
            try store.mergeSegments(ifMoreThan: 64, count: 16)
            try store.mergeTrigramSegments(ifMoreThan: 64, count: 16)
            try store.setMeta("current", commit.hex)
            try store.setMeta("files:" + commit.hex, "\(tree.seen),\(tree.skipped),\(distinct)")
            if let treeID = try? repository.commit(commit).tree { try store.setMeta("tree:" + treeID.hex, commit.hex) }
        } }
        revisionCache = nil
        if settings.embeddings != nil { try embedPendingChunks() }
        return IndexReport(
            revision: commit.hex, filesSeen: tree.seen, filesSkipped: tree.skipped, blobsIndexed: pending.count,
            blobsReused: distinct - pending.count, chunks: chunkCount, seconds: Date().timeIntervalSince(started)
        )
    }

    /// The commit's files that are indexed (the skip rule's paths left out), and how many entries
    /// the tree had and were skipped.
    private func listFiles(of commit: ObjectID) throws(RAGError) -> (files: [(path: String, blob: String)], seen: Int, skipped: Int) {
        let entries: [TreeEntry]
        let listing = DispatchTime.now().uptimeNanoseconds
        do {
            entries = try repository.listTree(at: commit.hex)
        } catch {
            throw RAGError(git: error)
        }
        phaseSeconds["tree", default: 0] += Double(DispatchTime.now().uptimeNanoseconds - listing) / 1e9
        var files: [(path: String, blob: String)] = []
        var skipped = 0
        for entry in entries {
            guard entry.isFile, SkipRule.forPath(entry.path) == nil else {
                skipped += 1
                continue
            }
            files.append((entry.path, entry.id.hex))
        }
        return (files, entries.count, skipped)
    }

    /// Reads, parses and writes `pending` blobs in batches; returns the chunks written.
    ///
    /// A pipeline: batch N is parsed on other threads while batch N-1 is written to SQLite and
    /// batch N+1 is read from git on this thread (the repository handle stays here).
    private func indexBlobs(_ pending: [(path: String, blob: String)], known: inout [String: Int64],
                            progress: ((IndexProgress) -> Void)?) throws(RAGError) -> Int {
        var chunkCount = 0
        var done = 0
        let batches = stride(from: 0, to: pending.count, by: settings.batchSize).map { Array(pending[$0..<min($0 + settings.batchSize, pending.count)]) }
        let extractor = CtagsSymbolExtractor(executable: settings.ctagsExecutable)
        let swiftSymbols = settings.swiftSymbols
        var read = try timed("read") { () throws(RAGError) in try batches.first.map { batch throws(RAGError) in try readBlobs(batch) } }
        var written: ExtractedBatch?
        func flushWritten() throws(RAGError) {
            guard let previous = written else { return }
            chunkCount += try timed("write") { () throws(RAGError) in try write(previous, known: &known) }
            done += previous.blobs.count
            progress?(IndexProgress(blobsDone: done, blobsTotal: pending.count, chunks: chunkCount))
        }
        for number in batches.indices {
            guard let current = read else { break }
            let slot = ResultSlots<ExtractedBatch>(count: 1)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { slot.set(0, Self.extract(current, ctags: extractor, swift: swiftSymbols)) }
            try flushWritten()
            read = try timed("read") { () throws(RAGError) in number + 1 < batches.count ? try readBlobs(batches[number + 1]) : nil }
            try timed("wait") { group.wait() }
            guard let result = slot.get(0) else { break }
            note(result)
            written = result
        }
        try flushWritten()
        return chunkCount
    }

    /// Adds a batch's phase times and warns about extractors that failed on it.
    private func note(_ result: ExtractedBatch) {
        for (part, seconds) in result.seconds { phaseSeconds[part, default: 0] += seconds }
        if let failure = result.ctagsFailure {
            warn("symbols of non-Swift files were not extracted (\(failure.message)); those files are indexed whole")
        }
        if let failure = result.swiftFailure {
            warn("Swift symbols came from the scanner instead of swift-syntax (\(failure.message))")
        }
    }

    /// A blob ready to be written: its classification and symbols. An indexed
    /// blob has a whole-file chunk (ordinal 0) and one chunk per symbol.
    struct PreparedBlob: Sendable {
        var path: String
        var blob: String
        var language: String
        var status: String
        var size: Int
        var lineCount: Int
        var symbols: [SymbolChunk] = []

        var isIndexed: Bool { status == "indexed" }
    }

    /// A batch after extraction: its blobs, the postings of their chunks in order, their
    /// trigrams, and how long it took.
    struct ExtractedBatch: Sendable {
        var blobs: [PreparedBlob]
        var segment: PostingsSegment
        var trigrams: TrigramSegment
        var ctagsFailure: RAGError?
        /// Why the Swift helper failed (the scanner answered instead).
        var swiftFailure: RAGError?
        /// Wall time of each extraction step: symbols, terms and trigrams, segments.
        var seconds: [String: Double]
    }

    func timed<T>(_ phase: String, _ body: () throws(RAGError) -> T) throws(RAGError) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { phaseSeconds[phase, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }

    /// Writes an extracted batch in one transaction; returns the number of chunks written.
    private func write(_ batch: ExtractedBatch, known: inout [String: Int64]) throws(RAGError) -> Int {
        var chunkBlobs: [Int64] = []
        var ids: [(String, Int64)] = []
        try store.database.transaction { () throws(RAGError) in
            let first = try store.nextChunkID()
            let firstBlob = try store.nextBlobID()
            for (offset, file) in batch.blobs.enumerated() {
                let blobID = firstBlob + Int64(offset)
                try store.insertBlob(id: blobID, file.blob, language: file.language, status: file.status, size: file.size, lines: file.lineCount)
                ids.append((file.blob, blobID))
                try store.addPath(file.path, blobID: blobID)
                guard file.isIndexed else { continue }
                for (ordinal, symbol) in ([nil] + file.symbols.map(Optional.some)).enumerated() {
                    try store.insertChunk(id: first + Int64(chunkBlobs.count), blobID: blobID, ordinal: ordinal, symbol: symbol, lines: file.lineCount)
                    chunkBlobs.append(blobID)
                }
            }
            guard chunkBlobs.count == batch.segment.lengths.count else {
                throw RAGError(.database, "internal error: \(chunkBlobs.count) chunks but \(batch.segment.lengths.count) postings entries")
            }
            try timed("write.postings") { () throws(RAGError) in try store.insertSegment(batch.segment, firstChunk: first, blobIDs: chunkBlobs) }
            try timed("write.trigrams") { () throws(RAGError) in
                try store.insertTrigramSegment(batch.trigrams, firstBlob: firstBlob, blobCount: batch.blobs.count)
            }
        }
        for (blob, id) in ids { known[blob] = id }
        return chunkBlobs.count
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

    /// Extracts symbols (one ctags process and one Swift extraction for the batch, side by side),
    /// counts every chunk's terms and builds the batch's postings. Touches neither the repository nor the store.
    static func extract(_ batch: ReadBatch, ctags extractor: CtagsSymbolExtractor, swift: SwiftSymbolExtractor) -> ExtractedBatch {
        var clock = DispatchTime.now().uptimeNanoseconds
        var seconds: [String: Double] = [:]
        func lap(_ part: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            seconds[part] = Double(now - clock) / 1e9
            clock = now
        }
        var prepared = batch.blobs
        let inputs = batch.contents
        let work = prepared.indices.filter { prepared[$0].isIndexed }
        let ctagsIndices = work.filter { Language.of(path: prepared[$0].path).parser == .ctags }
        let swiftIndices = work.filter { Language.of(path: prepared[$0].path).parser == .swift }
        let results = ResultSlots<[SymbolChunk]>(count: prepared.count)
        let failures = ResultSlots<RAGError>(count: 2)
        let snapshot = prepared
        // Slot 0 runs ctags over the batch's other languages, slot 1 extracts its Swift symbols.
        DispatchQueue.concurrentPerform(iterations: 2) { slot in
            if slot == 0 {
                guard !ctagsIndices.isEmpty else { return }
                do throws(RAGError) {
                    let symbols = try extractor.symbols(in: ctagsIndices.map { CtagsSymbolExtractor.Input(path: snapshot[$0].path, bytes: inputs[$0]) })
                    for (offset, index) in ctagsIndices.enumerated() { results.set(index, symbols[offset]) }
                } catch {
                    failures.set(0, error)
                }
                return
            }
            let (symbols, failure) = swift.symbols(in: swiftIndices.map { inputs[$0] })
            for (offset, index) in swiftIndices.enumerated() { results.set(index, symbols[offset]) }
            if let failure { failures.set(1, failure) }
        }
        lap("extract.symbols")
        let counts = ResultSlots<(terms: ChunkTermCounts, trigrams: [UInt32])>(count: prepared.count)
        DispatchQueue.concurrentPerform(iterations: work.count) { slot in
            let index = work[slot]
            counts.set(index, (ChunkTermCounts(path: snapshot[index].path, bytes: inputs[index], symbols: results.get(index) ?? []),
                               Trigrams.distinct(inputs[index])))
        }
        lap("extract.terms")
        for index in work { prepared[index].symbols = results.get(index) ?? [] }
        let segment = PostingsSegment(files: work.compactMap { counts.get($0)?.terms })
        let trigrams = TrigramSegment(blobs: work.map { (offset: $0, trigrams: counts.get($0)?.trigrams ?? []) })
        lap("extract.segments")
        return ExtractedBatch(blobs: prepared, segment: segment, trigrams: trigrams, ctagsFailure: failures.get(0), swiftFailure: failures.get(1), seconds: seconds)
    }
}

