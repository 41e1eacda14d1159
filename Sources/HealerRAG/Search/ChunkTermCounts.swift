// Per-chunk term frequencies of one file, by column, for the postings the BM25 scorer reads.

/// The term frequencies of every chunk of one file: for each chunk, its length in terms and one
/// entry per distinct term with the term's count in the chunk's symbol, path and body columns.
///
/// The file is tokenised once, line by line; a symbol chunk's body counts are taken from the
/// token range of its lines (its leading comments included), so nested symbols cost no
/// re-tokenising.
struct ChunkTermCounts: Sendable {
    /// One entry of a chunk: a term and its count in each column.
    struct Entry: Sendable {
        var term: Int32
        var symbol: Int32
        var path: Int32
        var body: Int32
    }

    /// The file's distinct terms.
    var terms = TermTable()
    /// Every chunk's entries, back to back; chunk `i` owns `entries[ends[i - 1]..<ends[i]]`.
    var entries: [Entry] = []
    var ends: [Int] = []
    /// Terms per chunk over all columns (BM25's document length).
    var lengths: [Int32] = []

    /// Counts the whole-file chunk (ordinal 0) and one chunk per symbol, as the index stores them.
    init(path: String, bytes: [UInt8], symbols: [SymbolChunk]) {
        var tokenizer = Tokenizer()
        let table = LineTable(bytes)
        var lineStarts = [0]
        lineStarts.reserveCapacity(table.count + 1)
        var tokens: [Int32] = []
        for line in 0..<table.count {
            tokenizer.terms(of: table.bytes[table.range(lines: (line + 1)...(line + 1))], into: &tokens)
            lineStarts.append(tokens.count)
        }
        var pathTokens: [Int32] = []
        tokenizer.terms(of: Array(path.utf8)[...], into: &pathTokens)
        var counter = Counter(vocabulary: tokenizer.table.count)
        counter.add(tokens[...], column: 2)
        counter.add(pathTokens[...], column: 1)
        counter.flush(into: &self)
        for symbol in symbols {
            var symbolTokens: [Int32] = []
            var containerTokens: [Int32] = []
            tokenizer.terms(of: Array(symbol.symbol.utf8)[...], into: &symbolTokens)
            if symbolTokens.isEmpty, !symbol.symbol.isEmpty, symbol.symbol.utf8.allSatisfy(CodeTerms.isIdentifierByte) {
                // A one-letter name still names the symbol.
                symbolTokens.append(tokenizer.table.intern(Array(symbol.symbol.lowercased().utf8)))
            }
            if let container = symbol.container { tokenizer.terms(of: Array(container.utf8)[...], into: &containerTokens) }
            let body: Range<Int>
            if table.count > 0 {
                let first = min(max(table.commentStart(before: symbol.startLine), 1), table.count)
                let last = min(max(symbol.endLine, first), table.count)
                body = lineStarts[first - 1]..<lineStarts[last]
            } else {
                body = 0..<0
            }
            counter.add(symbolTokens[...], column: 0)
            counter.add(pathTokens[...], column: 1)
            counter.add(containerTokens[...], column: 2)
            counter.add(tokens[body], column: 2)
            counter.flush(into: &self)
        }
        terms = tokenizer.table
    }

    /// Splits text into code-aware terms (``CodeTerms``) and interns them; underscores separate
    /// terms too, so `max_retry_count` counts `max`, `retry` and `count` twice each (as FTS5's
    /// unicode61 tokenizer counted the index text, which the benchmark's quality was measured on).
    private struct Tokenizer {
        var table = TermTable()
        var scratch: [UInt8] = []
        var pieces: [Int] = []

        mutating func terms(of bytes: ArraySlice<UInt8>, into tokens: inout [Int32]) {
            scratch.removeAll(keepingCapacity: true)
            bytes.withUnsafeBufferPointer { CodeTerms.appendTerms(of: $0, to: &scratch, pieces: &pieces) }
            scratch.withUnsafeBufferPointer { buffer in
                var start = 0
                for position in 0...buffer.count where position == buffer.count || buffer[position] == 32 || buffer[position] == 95 {
                    if position > start {
                        tokens.append(table.intern(UnsafeBufferPointer(rebasing: buffer[start..<position])))
                    }
                    start = position + 1
                }
            }
        }
    }

    /// Dense per-column counters over the file's vocabulary, reset after each chunk.
    private struct Counter {
        var counts: [Int32]
        var touched: [Int32] = []
        var length: Int32 = 0

        init(vocabulary: Int) { counts = [Int32](repeating: 0, count: vocabulary * 3) }

        mutating func add(_ tokens: ArraySlice<Int32>, column: Int) {
            for token in tokens {
                let slot = Int(token) * 3
                if slot >= counts.count { counts.append(contentsOf: [Int32](repeating: 0, count: slot + 3 - counts.count)) }
                if counts[slot] == 0 && counts[slot + 1] == 0 && counts[slot + 2] == 0 { touched.append(token) }
                counts[slot + column] += 1
            }
            length += Int32(tokens.count)
        }

        mutating func flush(into result: inout ChunkTermCounts) {
            for token in touched {
                let slot = Int(token) * 3
                result.entries.append(Entry(term: token, symbol: counts[slot], path: counts[slot + 1], body: counts[slot + 2]))
                counts[slot] = 0
                counts[slot + 1] = 0
                counts[slot + 2] = 0
            }
            touched.removeAll(keepingCapacity: true)
            result.ends.append(result.entries.count)
            result.lengths.append(length)
            length = 0
        }
    }
}
