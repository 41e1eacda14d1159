// Byte trigrams for grep candidates: which blobs hold which three-byte sequences (ASCII case folded).

/// Byte trigrams: three consecutive bytes of a file, ASCII letters lowercased, packed into 24
/// bits. A blob containing a literal run contains every trigram of the run's UTF-8 bytes, so
/// intersecting the blobs of those trigrams gives a superset of the blobs the run occurs in,
/// whatever the case of its ASCII letters.
enum Trigrams {
    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt32 { UInt32(byte >= 65 && byte <= 90 ? byte + 32 : byte) }

    /// The distinct trigrams of `bytes`, in no particular order.
    static func distinct(_ bytes: [UInt8]) -> [UInt32] {
        guard bytes.count >= 3 else { return [] }
        // Open addressing over at most bytes.count - 2 keys; 0xFFFFFFFF marks an empty slot.
        var size = 64
        while size < (bytes.count - 2) * 2 { size <<= 1 }
        size = min(size, 1 << 25)
        let mask = size - 1
        var slots = [UInt32](repeating: .max, count: size)
        var keys: [UInt32] = []
        bytes.withUnsafeBufferPointer { buffer in
            var key = fold(buffer[0]) << 8 | fold(buffer[1])
            for position in 2..<buffer.count {
                key = (key << 8 | fold(buffer[position])) & 0xFF_FFFF
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> 8) & mask
                while true {
                    let entry = slots[slot]
                    if entry == key { break }
                    if entry == .max {
                        slots[slot] = key
                        keys.append(key)
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return keys
    }

    /// The distinct trigrams of one literal run, in order of first appearance.
    static func of(_ run: String) -> [UInt32] {
        var seen = Set<UInt32>()
        let bytes = Array(run.utf8)
        guard bytes.count >= 3 else { return [] }
        return (0...(bytes.count - 3)).map { fold(bytes[$0]) << 16 | fold(bytes[$0 + 1]) << 8 | fold(bytes[$0 + 2]) }
            .filter { seen.insert($0).inserted }
    }
}

/// The trigrams of a run of consecutive blobs (one indexing batch): per trigram, the packed
/// list of blobs holding it, as varint gaps of the blob's offset in the batch (the first
/// counting from -1).
struct TrigramSegment: Sendable {
    /// Trigram and packed blob offsets, in trigram order.
    var rows: [(trigram: UInt32, data: [UInt8])]

    /// Builds the segment from each blob's offset in the batch and its distinct trigrams.
    init(blobs: [(offset: Int, trigrams: [UInt32])]) {
        var pairs: [UInt64] = []
        pairs.reserveCapacity(blobs.reduce(0) { $0 + $1.trigrams.count })
        for blob in blobs {
            for trigram in blob.trigrams { pairs.append(UInt64(trigram) << 32 | UInt64(blob.offset)) }
        }
        pairs.sort()
        var rows: [(trigram: UInt32, data: [UInt8])] = []
        var index = 0
        while index < pairs.count {
            let trigram = UInt32(pairs[index] >> 32)
            var data: [UInt8] = []
            var previous = -1
            while index < pairs.count && UInt32(pairs[index] >> 32) == trigram {
                let offset = Int(pairs[index] & 0xFFFF_FFFF)
                Varint.append(offset - previous, to: &data)
                previous = offset
                index += 1
            }
            rows.append((trigram, data))
        }
        self.rows = rows
    }

    /// The ids in both sorted lists, sorted.
    static func intersect(_ left: [Int64], _ right: [Int64]) -> [Int64] {
        var result: [Int64] = []
        var i = 0, j = 0
        while i < left.count && j < right.count {
            if left[i] < right[j] {
                i += 1
            } else if left[i] > right[j] {
                j += 1
            } else {
                result.append(left[i])
                i += 1
                j += 1
            }
        }
        return result
    }

    /// Appends the blob row ids of a packed list to `ids`, given the segment's first blob row id.
    static func decode(_ data: UnsafeRawBufferPointer, first: Int64, into ids: inout [Int64]) {
        var offset = 0
        var blob = first - 1
        while offset < data.count {
            blob += Int64(Varint.read(data, &offset))
            ids.append(blob)
        }
    }
}
