// Code-aware terms: identifiers split on case, underscores and digits, for BM25.

/// Turns code and queries into the terms the BM25 index holds.
///
/// An identifier is kept whole and also split into its words, so `parseHTTPHeader2` yields
/// `parsehttpheader2 parse http header 2`, `max_retry_count` yields `max_retry_count max retry
/// count`, and a query for "retry count" finds both spellings. Terms are lowercase ASCII; other
/// bytes separate terms.
package enum CodeTerms {
    /// English words too common to help a query (kept in the index, dropped from queries).
    static let stopwords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "when", "which", "with", "will",
        "can", "not", "all", "any", "has", "have", "use", "used", "given", "returns", "return", "whether",
    ]

    /// The terms of `bytes`, space-separated, ready for an FTS5 column.
    package static func indexText(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var pieces: [Int] = []
        bytes.withUnsafeBufferPointer { appendTerms(of: $0, to: &output, pieces: &pieces) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The terms of `bytes`, space-separated, ready for an FTS5 column.
    package static func indexText(_ bytes: ArraySlice<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var pieces: [Int] = []
        bytes.withUnsafeBufferPointer { appendTerms(of: $0, to: &output, pieces: &pieces) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The distinct terms of a query, in order, without stopwords.
    package static func queryTerms(_ query: String) -> [String] {
        var seen = Set<String>()
        return allTerms(query).filter { !stopwords.contains($0) && seen.insert($0).inserted }
    }

    /// Every term of `text`, in order, duplicates and stopwords included.
    static func allTerms(_ text: String) -> [String] {
        indexText(Array(text.utf8)).split(separator: " ").map(String.init)
    }

    @inline(__always)
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 { (byte >= 65 && byte <= 90) ? byte + 32 : byte }

    /// Appends the terms of `buffer` to `output`: each identifier lowercased, then its words.
    /// `pieces` is scratch space, reused between calls to avoid allocating per identifier.
    static func appendTerms(of buffer: UnsafeBufferPointer<UInt8>, to output: inout [UInt8], pieces: inout [Int]) {
        let count = buffer.count
        var index = 0
        while index < count {
            guard isIdentifierByte(buffer[index]) else { index += 1; continue }
            var end = index + 1
            while end < count && isIdentifierByte(buffer[end]) { end += 1 }
            emit(buffer, index, end, &output, &pieces)
            index = end
        }
    }

    private static func emit(_ buffer: UnsafeBufferPointer<UInt8>, _ rawStart: Int, _ rawEnd: Int, _ output: inout [UInt8], _ pieces: inout [Int]) {
        // Trim leading and trailing underscores; a lone letter or digit says nothing.
        var first = rawStart
        var last = rawEnd
        while first < last && buffer[first] == 95 { first += 1 }
        while last > first && buffer[last - 1] == 95 { last -= 1 }
        let length = last - first
        guard length >= 2, length <= 64 else { return }
        if !output.isEmpty { output.append(32) }
        for position in first..<last { output.append(lower(buffer[position])) }
        // Piece boundaries as (start, end) pairs: underscores, lower→Upper, Upper→Upper+lower, letter↔digit.
        pieces.removeAll(keepingCapacity: true)
        var start = first
        for position in first..<last {
            let byte = buffer[position]
            if byte == 95 {
                if start < position { pieces.append(start); pieces.append(position) }
                start = position + 1
                continue
            }
            guard position > start else { continue }
            let previous = buffer[position - 1]
            let isUpper = byte >= 65 && byte <= 90
            let isDigit = byte >= 48 && byte <= 57
            let previousUpper = previous >= 65 && previous <= 90
            let previousLower = previous >= 97 && previous <= 122
            let previousDigit = previous >= 48 && previous <= 57
            let nextLower = position + 1 < last && buffer[position + 1] >= 97 && buffer[position + 1] <= 122
            if (isUpper && (previousLower || previousDigit)) || (isUpper && previousUpper && nextLower) || isDigit != previousDigit {
                pieces.append(start)
                pieces.append(position)
                start = position
            }
        }
        if start < last { pieces.append(start); pieces.append(last) }
        guard pieces.count > 2 else { return }
        var piece = 0
        while piece < pieces.count {
            let lowerBound = pieces[piece], upperBound = pieces[piece + 1]
            if upperBound - lowerBound >= 2 {
                output.append(32)
                for position in lowerBound..<upperBound { output.append(lower(buffer[position])) }
            }
            piece += 2
        }
    }
}
