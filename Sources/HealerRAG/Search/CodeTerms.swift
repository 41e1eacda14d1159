// Code-aware terms: identifiers split on case, underscores and digits, for BM25.

/// Turns code and queries into the terms the BM25 index holds.
///
/// An identifier is kept whole and also split into its words, so `parseHTTPHeader2` yields
/// `parsehttpheader2 parse http header 2`, `max_retry_count` yields `max_retry_count max retry
/// count`, and a query for "retry count" finds both spellings. Terms are lowercase ASCII; other
/// bytes separate terms.
public enum CodeTerms {
    /// English words too common to help a query (kept in the index, dropped from queries).
    static let stopwords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is", "it",
        "its", "of", "on", "or", "that", "the", "this", "to", "was", "when", "which", "with", "will",
        "can", "not", "all", "any", "has", "have", "use", "used", "given", "returns", "return", "whether",
    ]

    /// The terms of `bytes`, space-separated, ready for an FTS5 column.
    public static func indexText(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        forEachTerm(in: bytes) { term in
            if !output.isEmpty { output.append(32) }
            output.append(contentsOf: term)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The distinct terms of a query, in order, without stopwords.
    public static func queryTerms(_ query: String) -> [String] {
        var seen = Set<String>()
        var terms: [String] = []
        forEachTerm(in: Array(query.utf8)) { bytes in
            let term = String(decoding: bytes, as: UTF8.self)
            if !stopwords.contains(term), seen.insert(term).inserted { terms.append(term) }
        }
        return terms
    }

    /// Calls `body` with each term of `bytes`: every identifier lowercased, then its words.
    static func forEachTerm(in bytes: some Collection<UInt8>, _ body: (ArraySlice<UInt8>) -> Void) {
        var token: [UInt8] = []
        token.reserveCapacity(64)
        for byte in bytes {
            if isIdentifierByte(byte) {
                token.append(byte)
            } else if !token.isEmpty {
                emit(token, body)
                token.removeAll(keepingCapacity: true)
            }
        }
        if !token.isEmpty { emit(token, body) }
    }

    @inline(__always)
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 95
    }

    private static func emit(_ raw: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        // Trim leading and trailing underscores; a lone letter or digit says nothing.
        var first = 0
        var last = raw.count
        while first < last && raw[first] == 95 { first += 1 }
        while last > first && raw[last - 1] == 95 { last -= 1 }
        let token = raw[first..<last]
        guard token.count >= 2, token.count <= 64 else { return }
        let lower = token.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        body(lower[...])
        var pieces: [Range<Int>] = []
        var start = 0
        for index in 0..<lower.count {
            let byte = token[first + index]
            if byte == 95 {
                if start < index { pieces.append(start..<index) }
                start = index + 1
                continue
            }
            guard index > start else { continue }
            let previous = token[first + index - 1]
            let isUpper = byte >= 65 && byte <= 90
            let isDigit = byte >= 48 && byte <= 57
            let previousUpper = previous >= 65 && previous <= 90
            let previousLower = previous >= 97 && previous <= 122
            let previousDigit = previous >= 48 && previous <= 57
            let nextLower = index + 1 < lower.count && token[first + index + 1] >= 97 && token[first + index + 1] <= 122
            if (isUpper && (previousLower || previousDigit)) || (isUpper && previousUpper && nextLower) || isDigit != previousDigit {
                pieces.append(start..<index)
                start = index
            }
        }
        if start < lower.count { pieces.append(start..<lower.count) }
        guard pieces.count > 1 else { return }
        for piece in pieces where piece.count >= 2 { body(lower[piece]) }
    }
}
