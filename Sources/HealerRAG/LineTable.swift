// Line offsets of a file, for slicing chunks and finding the comments above a symbol.

/// The byte offsets where each line of a file starts.
struct LineTable {
    let bytes: [UInt8]
    /// The offset of each line's first byte; a final line break starts no extra line.
    let starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 && offset + 1 < bytes.count { starts.append(offset + 1) }
        self.starts = starts
    }

    /// The number of lines: a final line without a line break counts, an empty file has none.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        var count = 0
        for byte in bytes where byte == 10 { count += 1 }
        return bytes.last == 10 ? count : count + 1
    }

    var count: Int { bytes.isEmpty ? 0 : starts.count }

    /// The byte range of `lines` (1-based, inclusive), line breaks included, clamped to the file.
    func range(lines: ClosedRange<Int>) -> Range<Int> {
        guard count > 0 else { return 0..<0 }
        let first = min(max(lines.lowerBound, 1), count)
        let last = min(max(lines.upperBound, first), count)
        let end = last < count ? starts[last] : bytes.count
        return starts[first - 1]..<end
    }

    /// The text of one line (1-based) without its line break.
    func line(_ number: Int) -> ArraySlice<UInt8> {
        var slice = bytes[range(lines: number...number)]
        if slice.last == 10 { slice = slice.dropLast() }
        return slice
    }

    /// The first line of the run of comment or attribute lines right above `line` (or `line`).
    func commentStart(before line: Int) -> Int {
        var first = line
        while first > 1 {
            let text = self.line(first - 1).drop { $0 == 32 || $0 == 9 }
            guard let head = text.first else { break }
            let isComment = head == UInt8(ascii: "#") || head == UInt8(ascii: "@") || head == UInt8(ascii: "*")
                || (head == UInt8(ascii: "/") && text.dropFirst().first.map { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "*") } == true)
            guard isComment else { break }
            first -= 1
        }
        return first
    }
}
