// grep_like: trigram candidates, confirmed line by line with the real regular expression.
import Foundation

extension RAGIndex {
    /// Lines of the current revision's indexed files that match `regex` (ICU syntax, as
    /// `NSRegularExpression`), in path and line order.
    ///
    /// The result is exactly what a plain per-line scan of those files would give: the trigram
    /// index only narrows which files are read, using the literal runs the pattern requires;
    /// a pattern with none (`a.b`, `\w+`, `(?i)…`) scans every indexed file. Lines are split on
    /// `\n`; the line text excludes it.
    ///
    /// - Parameters:
    ///   - regex: the pattern.
    ///   - limit: the most matches to return.
    /// - Throws: ``RAGError/Code/invalidRegex`` when the pattern does not compile,
    ///   ``RAGError/Code/invalidArgument`` for an empty pattern or a limit below 1.
    package func grepLike(_ regex: String, limit: Int = 100) throws(RAGError) -> [GrepMatch] {
        guard !regex.isEmpty else { throw RAGError(.invalidArgument, "the pattern is empty") }
        guard limit >= 1 else { throw RAGError(.invalidArgument, "limit must be at least 1, not \(limit)") }
        // A word of letters, digits and underscores matches exactly where its bytes occur: no
        // regex engine is started for it (ICU's first compile costs about a millisecond).
        let isWord = regex.utf8.allSatisfy { $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
        var expression: NSRegularExpression?
        if !isWord {
            do {
                expression = try NSRegularExpression(pattern: regex)
            } catch {
                throw RAGError(.invalidRegex, "'\(regex)' is not a valid regular expression (ICU syntax): \(error.localizedDescription)")
            }
        }
        var candidates: [IndexedFile]
        if let query = TrigramQuery(pattern: regex) {
            var blobIDs = Set<Int64>()
            let segments = try store.trigramSegments()
            for trigrams in query.trigramBranches {
                // Sorted blob row ids, intersected trigram by trigram.
                var branch: [Int64]?
                for trigram in trigrams {
                    let holding = try store.blobs(holding: trigram, segments: segments)
                    branch = branch.map { TrigramSegment.intersect($0, holding) } ?? holding
                    if branch?.isEmpty == true { break }
                }
                blobIDs.formUnion(branch ?? [])
            }
            // Only the candidates' paths are read: a one-shot grep does not load the revision.
            candidates = try revisionFiles(blobIDs: blobIDs)
        } else {
            candidates = try currentFiles().files
        }
        let scanner = LineScanner(expression: expression, required: isWord ? [[regex]] : TrigramQuery(pattern: regex)?.branches ?? [])
        var matches: [GrepMatch] = []
        for file in candidates {
            let bytes = try blobBytes(file.blob, path: file.path)
            scanner.scan(bytes) { line, content in
                matches.append(GrepMatch(path: file.path, line: line, text: content))
                return matches.count < limit
            }
            if matches.count >= limit { break }
        }
        return matches
    }
}
