// In-memory chunk lengths and blobs, loaded from segment directories once per index state.

/// Per-chunk lengths (terms over all columns) and blob row ids, indexed by chunk row id, with
/// the totals BM25 needs. Loaded from the segments' directories; ``refresh(from:)`` reads only
/// segments written since the last load, so a long-lived index (the REST server) stays current
/// at the cost of one small query per search.
final class LexicalStatistics {
    /// Terms per chunk over all columns, indexed by chunk row id (0 for absent ids).
    private(set) var lengths: [Int32] = []
    /// The blob row id of each chunk, indexed by chunk row id.
    private(set) var blobIDs: [Int32] = []
    /// Chunks in the index (BM25's N).
    private(set) var documents = 0
    /// Terms in all chunks.
    private(set) var tokens = 0
    /// The postings segments (their first chunks' row ids), oldest first.
    private(set) var segments: [Int64] = []
    private var loadedEnd: Int64 = 0
    private var state = IndexStore.SegmentState()

    /// Mean terms per chunk.
    var averageLength: Double { documents > 0 ? max(Double(tokens) / Double(documents), 1e-9) : 1 }

    /// Loads what the store holds beyond what was loaded before.
    func refresh(from store: IndexStore) throws(RAGError) {
        let current = try store.segmentState()
        guard current != state else { return }
        if current.chunks < documents {
            // Fewer chunks than loaded: the file was rebuilt under this object; start over.
            lengths = []
            blobIDs = []
            documents = 0
            tokens = 0
            loadedEnd = 0
        }
        segments = try store.postingSegments()
        // Decoded into locals: a class's stored arrays written in the loop would pay an
        // exclusivity check per chunk (215,000 on the benchmark corpus).
        var lengths = self.lengths
        var blobIDs = self.blobIDs
        self.lengths = []
        self.blobIDs = []
        var documents = self.documents
        var tokens = self.tokens
        let loadedEnd = self.loadedEnd
        var end = loadedEnd
        let directories = try store.segmentDirectories(reaching: loadedEnd)
        // Grown once to the last chunk: growing per segment reallocates megabytes each time.
        let last = directories.map { Int($0.firstChunk) + $0.chunkCount }.max() ?? 0
        if last > lengths.count {
            lengths.append(contentsOf: repeatElement(0, count: last - lengths.count))
            blobIDs.append(contentsOf: repeatElement(0, count: last - blobIDs.count))
        }
        for directory in directories {
            let segmentEnd = Int(directory.firstChunk) + directory.chunkCount
            directory.chunks.withUnsafeBytes { buffer in
                var offset = 0
                var blob = 0
                var chunk = Int(directory.firstChunk)
                while offset < buffer.count {
                    blob += Varint.read(buffer, &offset)
                    let length = Varint.read(buffer, &offset)
                    if Int64(chunk) >= loadedEnd {
                        lengths[chunk] = Int32(clamping: length)
                        blobIDs[chunk] = Int32(clamping: blob)
                        documents += 1
                        tokens += length
                    }
                    chunk += 1
                }
            }
            end = max(end, Int64(segmentEnd))
        }
        self.lengths = lengths
        self.blobIDs = blobIDs
        self.documents = documents
        self.tokens = tokens
        self.loadedEnd = end
        state = current
    }
}
