// Interning of terms (byte strings) to dense ids, without an allocation per lookup.

/// A hash table from terms to dense ids `0..<count`, with the terms' bytes in one arena.
///
/// Indexing counts tens of millions of term occurrences; keying a `Dictionary` by `String` would
/// allocate for each one. Here a lookup hashes the bytes in place and compares them with the arena.
struct TermTable {
    /// The bytes of every term, back to back.
    private(set) var arena: [UInt8] = []
    /// Term `i` occupies `arena[starts[i]..<starts[i + 1]]`.
    private(set) var starts: [Int32] = [0]
    private var hashes: [UInt32] = []
    /// Open addressing: a term id plus one, or 0 for an empty slot.
    private var slots: [Int32]

    init(capacity: Int = 256) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// The number of distinct terms.
    var count: Int { starts.count - 1 }

    /// The id of `term`, adding it when new.
    mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> Int32 {
        var hash: UInt32 = 2_166_136_261
        for byte in term { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B1) >> 7) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash && matches(id, term) { return entry - 1 }
            slot = (slot + 1) & mask
        }
        let id = Int32(count)
        arena.append(contentsOf: term)
        starts.append(Int32(arena.count))
        hashes.append(hash)
        slots[slot] = id + 1
        if count * 2 > slots.count { grow() }
        return id
    }

    /// The id of `term`, adding it when new.
    mutating func intern(_ term: [UInt8]) -> Int32 {
        term.withUnsafeBufferPointer { intern($0) }
    }

    /// The bytes of term `id`.
    func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        arena[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])]
    }

    /// Term `id` as a string.
    func string(_ id: Int32) -> String {
        String(decoding: bytes(id), as: UTF8.self)
    }

    private func matches(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == term.count else { return false }
        var offset = 0
        while offset < term.count {
            if arena[start + offset] != term[offset] { return false }
            offset += 1
        }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        let mask = size - 1
        var grown = [Int32](repeating: 0, count: size)
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: (hashes[id] &* 0x9E37_79B1) >> 7) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(id + 1)
        }
        slots = grown
    }
}
