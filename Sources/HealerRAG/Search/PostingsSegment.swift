// The postings of one indexing batch: per term, a packed list of chunks and column frequencies.

/// Unsigned LEB128 varints, the integers of postings and chunk directories.
enum Varint {
    @inline(__always)
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        var rest = UInt64(truncatingIfNeeded: value)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads the varint at `offset` and moves `offset` past it; a truncated varint reads as what it holds.
    @inline(__always)
    static func read(_ buffer: UnsafeRawBufferPointer, _ offset: inout Int) -> Int {
        var value = 0
        var shift = 0
        while offset < buffer.count {
            let byte = buffer[offset]
            offset += 1
            value |= Int(byte & 0x7f) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }
}

/// The postings of a run of consecutive chunks (one indexing batch): for each term, how many
/// chunks hold it and a packed list of those chunks with the term's frequency per column.
///
/// A posting is `varint(gap << 2 | hasSymbol << 1 | hasPath)`, `varint(bodyCount)`, then the
/// symbol and path counts when present; `gap` is the chunk's offset in the segment minus the
/// previous posting's (the first counts from -1). Offsets are relative to the segment's first
/// chunk, so a segment is built before its chunks have row ids.
struct PostingsSegment: Sendable {
    /// One term's postings.
    struct Row: Sendable {
        var term: String
        var count: Int
        var data: [UInt8]
    }

    /// One decoded posting.
    struct Posting: Equatable {
        var offset: Int
        var symbol: Int
        var path: Int
        var body: Int
    }

    /// The rows, in term order.
    var rows: [Row]
    /// Terms per chunk, in chunk order.
    var lengths: [Int32]

    /// Builds the segment of the chunks of `files`, in order.
    init(files: [ChunkTermCounts]) {
        var table = TermTable(capacity: 4096)
        var lists: [[UInt8]] = []
        var counts: [Int] = []
        var previous: [Int] = []
        var lengths: [Int32] = []
        var chunk = 0
        for file in files {
            let mapping = (0..<Int32(file.terms.count)).map { id in
                file.terms.bytes(id).withUnsafeBufferPointer { table.intern($0) }
            }
            if table.count > lists.count {
                let added = table.count - lists.count
                lists.append(contentsOf: [[UInt8]](repeating: [], count: added))
                counts.append(contentsOf: [Int](repeating: 0, count: added))
                previous.append(contentsOf: [Int](repeating: -1, count: added))
            }
            var start = 0
            for (end, length) in zip(file.ends, file.lengths) {
                for entry in file.entries[start..<end] {
                    let term = Int(mapping[Int(entry.term)])
                    Self.append(Posting(offset: chunk, symbol: Int(entry.symbol), path: Int(entry.path), body: Int(entry.body)),
                                after: previous[term], to: &lists[term])
                    previous[term] = chunk
                    counts[term] += 1
                }
                lengths.append(length)
                start = end
                chunk += 1
            }
        }
        let order = (0..<Int32(table.count)).sorted { table.bytes($0).lexicographicallyPrecedes(table.bytes($1)) }
        rows = order.map { Row(term: table.string($0), count: counts[Int($0)], data: lists[Int($0)]) }
        self.lengths = lengths
    }

    /// Appends one posting to a packed list whose last posting is at `previous` (-1 for none).
    static func append(_ posting: Posting, after previous: Int, to data: inout [UInt8]) {
        let flags = (posting.symbol > 0 ? 2 : 0) | (posting.path > 0 ? 1 : 0)
        Varint.append((posting.offset - previous) << 2 | flags, to: &data)
        Varint.append(posting.body, to: &data)
        if posting.symbol > 0 { Varint.append(posting.symbol, to: &data) }
        if posting.path > 0 { Varint.append(posting.path, to: &data) }
    }

    /// Calls `body` with each posting of a packed list, in chunk order.
    @inline(__always)
    static func forEach(_ data: UnsafeRawBufferPointer, _ body: (Posting) -> Void) {
        var offset = 0
        var chunk = -1
        while offset < data.count {
            let head = Varint.read(data, &offset)
            chunk += head >> 2
            let bodyCount = Varint.read(data, &offset)
            let symbol = head & 2 != 0 ? Varint.read(data, &offset) : 0
            let path = head & 1 != 0 ? Varint.read(data, &offset) : 0
            body(Posting(offset: chunk, symbol: symbol, path: path, body: bodyCount))
        }
    }
}
