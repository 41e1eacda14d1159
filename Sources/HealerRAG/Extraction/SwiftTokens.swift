// Swift source as tokens with line numbers: comments dropped, strings and regex literals one token each.

/// One token of Swift source, enough to find declarations and match braces.
struct SwiftToken {
    /// What a token is, as far as declarations care.
    enum Kind: Equatable {
        /// An identifier or keyword (`func`, `Greeter`, `` `default` ``), or a number.
        case word
        /// `@name` (the arguments, if any, are separate tokens).
        case attribute
        /// `#name` (`#if`, `#endif`, `#available`).
        case pound
        /// A string or regex literal, interpolations included.
        case literal
        /// A run of operator characters (`==`, `->`, `?`).
        case `operator`
        /// One of `{ } ( ) [ ] , : ; .`.
        case punctuation
    }

    var kind: Kind
    /// The token's bytes in the source.
    var range: Range<Int>
    /// The 1-based lines of its first and last byte.
    var line: Int
    var endLine: Int
}

/// Splits Swift source into ``SwiftToken``s: skips whitespace and (nested) comments; reads plain,
/// multi-line and raw strings with their interpolations as one token, and `/regex/` or `#/regex/#`
/// literals when they close on the same line.
struct SwiftTokenizer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private(set) var tokens: [SwiftToken] = []

    /// Tokenizes `bytes`.
    static func tokens(of bytes: [UInt8]) -> [SwiftToken] {
        var tokenizer = SwiftTokenizer(bytes: bytes)
        tokenizer.run()
        return tokenizer.tokens
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func byte(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x24 || byte >= 0x80
    }

    private static func isOperatorByte(_ byte: UInt8) -> Bool {
        "/=-+!*%<>&|^~?".utf8.contains(byte)
    }

    private mutating func emit(_ kind: SwiftToken.Kind, from start: Int, line startLine: Int) {
        tokens.append(SwiftToken(kind: kind, range: start..<index, line: startLine, endLine: line))
    }

    private mutating func run() {
        while index < bytes.count {
            let current = bytes[index]
            let start = index
            let startLine = line
            switch current {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "/"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*"):
                skipBlockComment()
            case UInt8(ascii: "\""):
                skipString(hashes: 0)
                emit(.literal, from: start, line: startLine)
            case UInt8(ascii: "#"):
                var hashes = 0
                while byte(index + hashes) == UInt8(ascii: "#") { hashes += 1 }
                if byte(index + hashes) == UInt8(ascii: "\"") {
                    index += hashes
                    skipString(hashes: hashes)
                    emit(.literal, from: start, line: startLine)
                } else if byte(index + hashes) == UInt8(ascii: "/"), let end = regexEnd(from: index + hashes + 1, hashes: hashes) {
                    index = end
                    emit(.literal, from: start, line: startLine)
                } else {
                    index += 1
                    while Self.isWordByte(byte(index)) { index += 1 }
                    emit(.pound, from: start, line: startLine)
                }
            case UInt8(ascii: "@"):
                index += 1
                while Self.isWordByte(byte(index)) { index += 1 }
                emit(.attribute, from: start, line: startLine)
            case UInt8(ascii: "`"):
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "`") && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                if byte(index) == UInt8(ascii: "`") { index += 1 }
                emit(.word, from: start, line: startLine)
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "."):
                index += 1
                emit(.punctuation, from: start, line: startLine)
            default:
                if current == UInt8(ascii: "/"), startsRegex(), let end = regexEnd(from: index + 1, hashes: 0) {
                    index = end
                    emit(.literal, from: start, line: startLine)
                } else if Self.isOperatorByte(current) {
                    index += 1
                    while Self.isOperatorByte(byte(index)) && !(byte(index) == UInt8(ascii: "/") && (byte(index + 1) == UInt8(ascii: "/") || byte(index + 1) == UInt8(ascii: "*"))) {
                        index += 1
                    }
                    emit(.operator, from: start, line: startLine)
                } else if Self.isWordByte(current) {
                    while Self.isWordByte(byte(index)) { index += 1 }
                    emit(.word, from: start, line: startLine)
                } else {
                    index += 1 // `\`, stray bytes: not part of any declaration.
                }
            }
        }
    }

    /// Skips `/* ... */`, which nests in Swift.
    private mutating func skipBlockComment() {
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && byte(index + 1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && byte(index + 1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                index += 1
            }
        }
    }

    /// Skips a string whose opening quote is at `index` (after its `#`s): `"..."` or `"""..."""`,
    /// closed by the quote(s) followed by as many `#`s; `\` + `#`s + `(` opens an interpolation.
    private mutating func skipString(hashes: Int) {
        let multiline = byte(index + 1) == UInt8(ascii: "\"") && byte(index + 2) == UInt8(ascii: "\"")
        let quotes = multiline ? 3 : 1
        index += quotes
        while index < bytes.count {
            let current = bytes[index]
            if current == UInt8(ascii: "\n") {
                line += 1
                index += 1
                // A single-line string does not cross a line break (unterminated: stop here).
                if !multiline { return }
            } else if current == UInt8(ascii: "\\") && hashesFollow(index + 1, hashes) {
                index += 1 + hashes
                if byte(index) == UInt8(ascii: "(") {
                    skipInterpolation()
                } else if index < bytes.count && bytes[index] != UInt8(ascii: "\n") {
                    index += 1
                }
            } else if current == UInt8(ascii: "\"") && (0..<quotes).allSatisfy({ byte(index + $0) == UInt8(ascii: "\"") })
                        && hashesFollow(index + quotes, hashes) {
                index += quotes + hashes
                return
            } else {
                index += 1
            }
        }
    }

    private func hashesFollow(_ offset: Int, _ hashes: Int) -> Bool {
        (0..<hashes).allSatisfy { byte(offset + $0) == UInt8(ascii: "#") }
    }

    /// Skips `( ... )` of an interpolation, with strings and comments inside it.
    private mutating func skipInterpolation() {
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "("): depth += 1; index += 1
            case UInt8(ascii: ")"):
                depth -= 1
                index += 1
                if depth == 0 { return }
            case UInt8(ascii: "\""): skipString(hashes: 0)
            case UInt8(ascii: "/") where byte(index + 1) == UInt8(ascii: "*"): skipBlockComment()
            case UInt8(ascii: "\n"): line += 1; index += 1
            default: index += 1
            }
        }
    }

    /// Whether a `/` at `index` can open a regex literal: it follows something that cannot end an
    /// expression (an opening bracket, a comma, a colon, `=` or `return`) and no space follows it.
    private func startsRegex() -> Bool {
        let next = byte(index + 1)
        guard next != UInt8(ascii: " "), next != UInt8(ascii: "\n"), next != UInt8(ascii: "=") else { return false }
        guard let previous = tokens.last else { return true }
        let text = bytes[previous.range]
        switch previous.kind {
        case .punctuation: return [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "{"), UInt8(ascii: ";")].contains(text.first ?? 0)
        case .operator: return true
        case .word: return text.elementsEqual("return".utf8)
        default: return false
        }
    }

    /// The offset after a regex literal whose body starts at `offset`, when it closes on the same line.
    private func regexEnd(from offset: Int, hashes: Int) -> Int? {
        var position = offset
        var inClass = false
        while position < bytes.count && bytes[position] != UInt8(ascii: "\n") {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 1
            case UInt8(ascii: "["): inClass = true
            case UInt8(ascii: "]"): inClass = false
            case UInt8(ascii: "/") where !inClass && hashesFollow(position + 1, hashes): return position + 1 + hashes
            default: break
            }
            position += 1
        }
        return nil
    }
}
