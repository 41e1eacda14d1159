// Git's blob id of some bytes (SHA-1 of "blob SIZE\0" and the bytes), computed without libgit2.

/// The object id git gives a blob holding `bytes`: lets a caller trust a work-tree file as the
/// blob it names without opening the object database.
package enum BlobHash {
    /// The 40-digit id of a blob with these bytes.
    package static func id(of bytes: [UInt8]) -> ObjectID {
        var hash = SHA1()
        hash.update(Array("blob \(bytes.count)\0".utf8))
        hash.update(bytes)
        let digest = hash.finish()
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(40)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return ObjectID(computedHex: String(decoding: hex, as: UTF8.self))
    }
}

/// SHA-1 (FIPS 180-4), streaming; only for naming git objects, not for security.
struct SHA1 {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    mutating func update(_ bytes: [UInt8]) {
        length += UInt64(bytes.count)
        var start = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            start = take
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBufferPointer { compress($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        bytes.withUnsafeBufferPointer { buffer in
            while start + 64 <= buffer.count {
                compress(buffer, at: start)
                start += 64
            }
        }
        pending.append(contentsOf: bytes[start...])
    }

    mutating func finish() -> [UInt8] {
        let bits = length &* 8
        var tail = pending + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                compress(buffer, at: offset)
                offset += 64
            }
        }
        var digest: [UInt8] = []
        for word in [state.0, state.1, state.2, state.3, state.4] {
            digest += [UInt8(word >> 24), UInt8((word >> 16) & 0xff), UInt8((word >> 8) & 0xff), UInt8(word & 0xff)]
        }
        return digest
    }

    private mutating func compress(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) {
        state = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in Self.compress(buffer, at: offset, state: state, schedule: w) }
    }

    private static func compress(
        _ buffer: UnsafeBufferPointer<UInt8>, at offset: Int, state: (UInt32, UInt32, UInt32, UInt32, UInt32), schedule w: UnsafeMutableBufferPointer<UInt32>
    ) -> (UInt32, UInt32, UInt32, UInt32, UInt32) {
        for i in 0..<16 {
            let base = offset + i * 4
            w[i] = UInt32(buffer[base]) << 24 | UInt32(buffer[base + 1]) << 16 | UInt32(buffer[base + 2]) << 8 | UInt32(buffer[base + 3])
        }
        for i in 16..<80 {
            let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
            w[i] = x << 1 | x >> 31
        }
        var (a, b, c, d, e) = state
        for i in 0..<80 {
            let f: UInt32, k: UInt32
            switch i {
            case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
            case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
            case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
            default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
            }
            let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
            e = d
            d = c
            c = b << 30 | b >> 2
            b = a
            a = temp
        }
        return (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e)
    }
}
