// Swift symbols without swift-syntax: declarations found in the token stream, bodies by brace matching.

/// Finds the same declarations as the swift-syntax helper (`func`, `init`, `subscript`, `struct`,
/// `class`, `enum`, `protocol`, `extension`, `actor`) from tokens alone.
///
/// A declaration starts at its first attribute or modifier and ends at the brace that closes its
/// body, or, without a body (a protocol requirement), at the last token before the next
/// declaration or the enclosing `}`. Types nest: their members are named `Outer.Inner`. Like the
/// helper it does not report what is declared inside a function body. What it cannot see, the
/// parser could: an unbalanced `#if` branch or a regex literal spanning lines misplace the braces.
enum SwiftDeclarationScanner {
    private static let modifiers: Set<String> = [
        "public", "private", "fileprivate", "internal", "package", "open", "static", "class", "final", "override",
        "mutating", "nonmutating", "convenience", "required", "indirect", "lazy", "weak", "unowned", "dynamic",
        "optional", "nonisolated", "isolated", "distributed", "consuming", "borrowing", "prefix", "postfix", "infix",
    ]
    private static let accessModifiers: Set<String> = ["public", "private", "fileprivate", "internal", "package", "open", "nonisolated", "unowned"]
    private static let typeKinds: [String: ChunkKind] = [
        "struct": .struct, "class": .class, "enum": .enum, "protocol": .protocol, "actor": .actor, "extension": .extension,
    ]
    /// Words that begin another declaration or statement, so a body-less declaration ended before them.
    private static let declarationWords: Set<String> = [
        "func", "init", "deinit", "subscript", "struct", "class", "enum", "protocol", "extension", "actor", "var", "let",
        "case", "typealias", "associatedtype", "import", "operator", "precedencegroup", "macro",
    ]

    /// The symbols declared in `bytes` (UTF-8 Swift source), in source order.
    static func symbols(in bytes: [UInt8]) -> [SymbolChunk] {
        var scan = Scan(bytes: bytes, tokens: SwiftTokenizer.tokens(of: bytes))
        scan.run()
        return scan.symbols
    }

    private struct Scan {
        let bytes: [UInt8]
        let tokens: [SwiftToken]
        var symbols: [SymbolChunk] = []
        /// Open braces; a type's body holds the index of its symbol.
        var braces: [Int?] = []
        var containers: [String] = []

        init(bytes: [UInt8], tokens: [SwiftToken]) {
            self.bytes = bytes
            self.tokens = tokens
        }

        func text(_ position: Int) -> String {
            position < tokens.count ? String(decoding: bytes[tokens[position].range], as: UTF8.self) : ""
        }

        func isPunctuation(_ position: Int, _ character: Unicode.Scalar) -> Bool {
            // Punctuation tokens are one ASCII byte: compare it, without making a String.
            position < tokens.count && tokens[position].kind == .punctuation && bytes[tokens[position].range.lowerBound] == UInt8(ascii: character)
        }

        func isWord(_ position: Int) -> Bool { position < tokens.count && tokens[position].kind == .word }

        /// Whether the token at `position` can begin a declaration: first on its line, or after `{`, `}` or `;`.
        func beginsStatement(_ position: Int) -> Bool {
            guard position > 0 else { return true }
            let previous = tokens[position - 1]
            return previous.endLine < tokens[position].line || isPunctuation(position - 1, "{") || isPunctuation(position - 1, "}") || isPunctuation(position - 1, ";")
        }

        /// The position after the bracket that closes the one at `position`; brackets of other
        /// kinds are counted together.
        func afterClosing(_ position: Int) -> Int {
            var depth = 0
            var cursor = position
            while cursor < tokens.count {
                if tokens[cursor].kind == .punctuation {
                    switch bytes[tokens[cursor].range.lowerBound] {
                    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                        depth -= 1
                        if depth == 0 { return cursor + 1 }
                    default: break
                    }
                }
                cursor += 1
            }
            return cursor
        }

        mutating func run() {
            var position = 0
            var pendingStart: Int?
            while position < tokens.count {
                let token = tokens[position]
                let word = token.kind == .word ? text(position) : ""
                if token.kind == .attribute {
                    if pendingStart == nil && beginsStatement(position) { pendingStart = token.line }
                    position += 1
                    // Arguments written against the name: `@available(*, deprecated)`.
                    if isPunctuation(position, "("), tokens[position].range.lowerBound == token.range.upperBound { position = afterClosing(position) }
                    continue
                }
                if let kind = declarationKind(at: position, word: word) {
                    position = declare(kind, at: position, start: pendingStart ?? token.line)
                    pendingStart = nil
                    continue
                }
                if !word.isEmpty, modifiers.contains(word) {
                    if pendingStart == nil && beginsStatement(position) { pendingStart = token.line }
                    position += 1
                    // `private(set)`, `unowned(unsafe)`
                    if accessModifiers.contains(word), isPunctuation(position, "(") { position = afterClosing(position) }
                    continue
                }
                pendingStart = nil
                if isPunctuation(position, "{") {
                    braces.append(nil)
                } else if isPunctuation(position, "}") {
                    closeBrace(at: position)
                }
                position += 1
            }
        }

        mutating func closeBrace(at position: Int) {
            guard let opened = braces.popLast() else { return }
            if let symbol = opened {
                symbols[symbol].endLine = tokens[position].line
                containers.removeLast()
            }
        }

        /// The kind of the declaration whose keyword is at `position`, or `nil` when the word is
        /// not a declaration keyword there (`.init`, `init:` labels, `class var`, `let actor`).
        func declarationKind(at position: Int, word: String) -> ChunkKind? {
            // Not after `.` (`.init`, `Self.init`) nor `import` (`import struct Foundation.Data`).
            guard !word.isEmpty, position == 0 || !(isPunctuation(position - 1, ".") || text(position - 1) == "import") else { return nil }
            switch word {
            case "func": return containers.isEmpty ? .function : .method
            case "init": return isPunctuation(position + 1, "(") || ["?", "!", "<", "?(", "!("].contains(text(position + 1)) ? .initializer : nil
            case "subscript": return isPunctuation(position + 1, "(") || text(position + 1) == "<" ? .subscript : nil
            case "class":
                guard isWord(position + 1), !declarationWords.contains(text(position + 1)), !modifiers.contains(text(position + 1)) else { return nil }
                return .class
            case "actor":
                guard isWord(position + 1), isPunctuation(position + 2, "{") || isPunctuation(position + 2, ":")
                        || text(position + 2).hasPrefix("<") || text(position + 2) == "where" else { return nil }
                return .actor
            case "extension":
                // `extension Array`, `extension [String]`, `extension (Int, Int)`
                return isWord(position + 1) || isPunctuation(position + 1, "[") || isPunctuation(position + 1, "(") ? .extension : nil
            default:
                guard let kind = typeKinds[word], isWord(position + 1) else { return nil }
                return kind
            }
        }

        /// Records the declaration at `position` and returns where scanning goes on: inside a
        /// type's body, after a function's body, or at the token that ended a body-less declaration.
        mutating func declare(_ kind: ChunkKind, at position: Int, start: Int) -> Int {
            let isType = [.struct, .class, .enum, .protocol, .actor, .extension].contains(kind)
            var name: String
            var cursor = position + 1
            switch kind {
            case .initializer: name = "init"
            case .subscript: name = "subscript"
            case .extension:
                // The extended type as written: everything before `:`, `where` or `{`.
                let first = cursor
                while cursor < tokens.count, !isPunctuation(cursor, ":"), !isPunctuation(cursor, "{"), !isPunctuation(cursor, "}"),
                      !isPunctuation(cursor, ";"), !(tokens[cursor].kind == .word && text(cursor) == "where") {
                    if isPunctuation(cursor, "[") || isPunctuation(cursor, "(") {
                        cursor = afterClosing(cursor)
                    } else {
                        cursor = tokens[cursor].kind == .operator && text(cursor).hasPrefix("<") ? max(cursor + 1, afterAngles(cursor)) : cursor + 1
                    }
                }
                name = cursor > first ? String(decoding: bytes[tokens[first].range.lowerBound..<tokens[cursor - 1].range.upperBound], as: UTF8.self) : ""
            default:
                name = text(cursor)
                cursor += 1
            }
            // The body: the first `{` outside brackets, unless another declaration begins first.
            var last = max(position, cursor - 1)
            while cursor < tokens.count {
                let token = tokens[cursor]
                if isPunctuation(cursor, "{") {
                    let symbol = symbols.count
                    symbols.append(SymbolChunk(kind: kind, symbol: name, container: containers.last, startLine: start, endLine: token.line))
                    if isType {
                        braces.append(symbol)
                        containers.append(containers.last.map { $0 + "." + name } ?? name)
                        return cursor + 1
                    }
                    let after = afterClosing(cursor)
                    symbols[symbol].endLine = tokens[min(after, tokens.count) - 1].line
                    return after
                }
                if isPunctuation(cursor, "(") || isPunctuation(cursor, "[") {
                    last = afterClosing(cursor) - 1
                    cursor = last + 1
                    continue
                }
                if endsBodilessDeclaration(cursor) { break }
                last = cursor
                cursor += 1
            }
            symbols.append(SymbolChunk(kind: kind, symbol: name, container: containers.last, startLine: start, endLine: tokens[min(last, tokens.count - 1)].endLine))
            return cursor
        }

        /// Whether the token at `position` cannot belong to a declaration without a body.
        func endsBodilessDeclaration(_ position: Int) -> Bool {
            let token = tokens[position]
            if isPunctuation(position, "}") || isPunctuation(position, ";") { return true }
            switch token.kind {
            case .pound: return ["#if", "#else", "#elseif", "#endif"].contains(text(position))
            case .attribute: return beginsStatement(position)
            case .word:
                let word = text(position)
                return declarationWords.contains(word) || (modifiers.contains(word) && beginsStatement(position))
            default: return false
            }
        }

        /// The position after the `>` that closes generic arguments opened by the operator at `position`.
        func afterAngles(_ position: Int) -> Int {
            var depth = 0
            var cursor = position
            while cursor < tokens.count {
                if tokens[cursor].kind == .operator {
                    for character in text(cursor) {
                        if character == "<" { depth += 1 } else if character == ">" { depth -= 1 }
                    }
                    if depth <= 0 { return cursor + 1 }
                } else if isPunctuation(cursor, "{") || isPunctuation(cursor, "}") {
                    return cursor
                }
                cursor += 1
            }
            return cursor
        }
    }
}
