// End lines for brace languages when the parser reports only where a symbol starts.

/// Finds the line that closes the block opened at or after a given line, by matching braces
/// outside strings and comments.
///
/// universal-ctags 5.9 reports end lines for Go, Python and C, but not for Rust, JavaScript or
/// TypeScript; for those the index matches braces itself.
enum BlockEndFinder {
    /// The line (1-based) of the brace that closes the first block opened on or after
    /// `startLine`, or `startLine` when a `;` ends the declaration first or no brace follows.
    ///
    /// - Parameter lineStarts: the byte offset of each line's first byte.
    static func endLine(in bytes: [UInt8], lineStarts: [Int], startLine: Int, rustCharLiterals: Bool = false) -> Int {
        guard startLine >= 1, startLine <= lineStarts.count else { return startLine }
        var index = lineStarts[startLine - 1]
        var line = startLine
        var depth = 0
        var opened = false
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                // A declaration with no body on its own lines (a prototype) ends where it started.
                if !opened && line > startLine + 20 { return startLine }
            case UInt8(ascii: "/") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "/") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                    index += 1
                }
                index += 2
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "`"):
                index = skipString(bytes, from: index, quote: byte, line: &line)
                continue
            case UInt8(ascii: "'"):
                // In Rust a quote also starts a lifetime (`'a`); only `'x'` and `'\n'` are literals.
                if !rustCharLiterals || (index + 2 < count && (bytes[index + 2] == UInt8(ascii: "'") || bytes[index + 1] == UInt8(ascii: "\\"))) {
                    index = skipString(bytes, from: index, quote: byte, line: &line)
                    continue
                }
            case UInt8(ascii: ";") where !opened:
                return startLine
            case UInt8(ascii: "{"):
                depth += 1
                opened = true
            case UInt8(ascii: "}"):
                depth -= 1
                if opened && depth == 0 { return line }
            default:
                break
            }
            index += 1
        }
        return opened ? line : startLine
    }

    private static func skipString(_ bytes: [UInt8], from start: Int, quote: UInt8, line: inout Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == quote { return index + 1 }
            if byte == UInt8(ascii: "\n") {
                // Only template literals span lines; an unterminated quote ends at the line break.
                if quote != UInt8(ascii: "`") { return index }
                line += 1
            }
            index += 1
        }
        return index
    }
}
