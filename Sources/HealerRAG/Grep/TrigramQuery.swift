// Required literal runs of a regular expression, as trigrams the index can look up.

/// What a regular expression requires of a line, as literal runs the trigram index can look up.
///
/// The extraction is conservative: every file the regex can match contains every run of some
/// branch (runs are looked up with ASCII case folded, a superset of what a case-sensitive regex
/// matches). When that cannot be guaranteed — no literal run of 3 characters, a top-level
/// branch without one, case-insensitive or extended mode, unusual syntax — ``init(pattern:)``
/// returns `nil` and the caller scans every indexed file.
struct TrigramQuery: Equatable {
    /// Alternatives: a file is a candidate when it contains all runs of at least one branch.
    var branches: [[String]]

    /// Per branch, the byte trigrams (``Trigrams``) a file must hold: a dozen well-spread ones
    /// of the branch's runs select about as well as all of them, and cost less.
    var trigramBranches: [[UInt32]] {
        branches.map { runs in
            var seen = Set<UInt32>()
            var trigrams = runs.flatMap(Trigrams.of).filter { seen.insert($0).inserted }
            if trigrams.count > 12 {
                let step = Double(trigrams.count - 1) / 11
                trigrams = (0..<12).map { trigrams[Int((Double($0) * step).rounded())] }
            }
            return trigrams
        }
    }

    /// The query for `pattern`, or `nil` when the index cannot narrow the search.
    init?(pattern: String) {
        guard let branches = Self.branches(pattern.unicodeScalars.map(Character.init)) else { return nil }
        self.branches = branches
    }

    private static func branches(_ pattern: [Character]) -> [[String]]? {
        var reader = RunReader(pattern: pattern)
        return reader.read()
    }

    /// Reads a pattern left to right, collecting each branch's literal runs.
    private struct RunReader {
        let pattern: [Character]
        var index = 0
        var branches: [[String]] = []
        var runs: [String] = []
        var current: [Character] = []

        init(pattern: [Character]) {
            self.pattern = pattern
        }

        /// The branches, or `nil` when the pattern cannot be trusted to require them.
        mutating func read() -> [[String]]? {
            while index < pattern.count {
                guard readToken() else { return nil }
            }
            flush()
            guard !runs.isEmpty else { return nil }
            branches.append(runs)
            return branches
        }

        /// Reads the token at `index` and moves past it; `false` to give up.
        private mutating func readToken() -> Bool {
            let character = pattern[index]
            switch character {
            case "\\": return readEscape()
            case "[":
                flush()
                guard let end = TrigramQuery.classEnd(pattern, from: index) else { return false }
                index = end + 1
                return true
            case "(": return readGroup()
            case ")": return false
            case "{": return readRepeat()
            case "|":
                flush()
                guard !runs.isEmpty else { return false }
                branches.append(runs)
                runs = []
            case ".", "^", "$", "+":
                flush()
            case "*", "?":
                if !current.isEmpty { current.removeLast() }
                flush()
            default:
                // `#`, space and tab are literal here, meaningful only in extended mode, which
                // makes readGroup give up.
                current.append(character)
            }
            index += 1
            return true
        }

        /// A backslash: `\Q…\E` quotes, an escaped punctuation character is literal, a class,
        /// anchor or code-point escape ends the run (with its braced argument skipped).
        private mutating func readEscape() -> Bool {
            guard index + 1 < pattern.count else { return false }
            let next = pattern[index + 1]
            index += 2
            if next == "Q" {
                while index < pattern.count {
                    if pattern[index] == "\\", index + 1 < pattern.count, pattern[index + 1] == "E" { index += 2; break }
                    current.append(pattern[index])
                    index += 1
                }
            } else if next.isLetter || next.isNumber {
                flush()
                if index < pattern.count, pattern[index] == "{" {
                    while index < pattern.count, pattern[index] != "}" { index += 1 }
                    index += 1
                }
            } else {
                current.append(next)
            }
            return true
        }

        /// A group is skipped whole; inline flags may turn on case-insensitive or extended mode,
        /// so those give up.
        private mutating func readGroup() -> Bool {
            if index + 1 < pattern.count, pattern[index + 1] == "?" {
                let next = index + 2 < pattern.count ? pattern[index + 2] : ")"
                if next != ":" && next != "=" && next != "!" && next != "<" && next != ">" { return false }
            }
            flush()
            guard let end = TrigramQuery.groupEnd(pattern, from: index) else { return false }
            index = end + 1
            return true
        }

        /// `{m,n}`: with m = 0 the preceding character is optional.
        private mutating func readRepeat() -> Bool {
            guard let close = pattern[index...].firstIndex(of: "}") else { return false }
            let body = String(pattern[(index + 1)..<close])
            guard let minimum = Int(body.split(separator: ",", omittingEmptySubsequences: false).first ?? "") else { return false }
            if minimum == 0, !current.isEmpty { current.removeLast() }
            flush()
            index = close + 1
            return true
        }

        private mutating func flush() {
            if current.count >= 3 { runs.append(String(String.UnicodeScalarView(current.flatMap(\.unicodeScalars)))) }
            current.removeAll()
        }
    }

    /// The index of the `]` closing the class opened at `start`, with nested classes.
    fileprivate static func classEnd(_ pattern: [Character], from start: Int) -> Int? {
        var index = start + 1
        if index < pattern.count, pattern[index] == "^" { index += 1 }
        if index < pattern.count, pattern[index] == "]" { return nil }
        var depth = 1
        while index < pattern.count {
            switch pattern[index] {
            case "\\": index += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The index of the `)` closing the group opened at `start`, skipping escapes and classes.
    fileprivate static func groupEnd(_ pattern: [Character], from start: Int) -> Int? {
        var index = start + 1
        var depth = 1
        while index < pattern.count {
            switch pattern[index] {
            case "\\": index += 1
            case "[":
                guard let end = classEnd(pattern, from: index) else { return nil }
                index = end
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return nil
    }
}
