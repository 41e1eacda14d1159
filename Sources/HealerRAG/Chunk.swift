// What the index stores per file: whole-file and symbol chunks with line ranges.

/// The kind of a chunk: the whole file, or the kind of symbol it spans.
package enum ChunkKind: String, Sendable, Codable, CaseIterable {
    /// A whole file.
    case file
    /// A free function.
    case function
    /// A function inside a type (a method, a Python member function).
    case method
    /// A Swift `init`.
    case initializer
    /// A Swift `subscript`.
    case `subscript`
    /// A class.
    case `class`
    /// A struct.
    case `struct`
    /// An enum.
    case `enum`
    /// A Swift protocol.
    case `protocol`
    /// A Swift extension.
    case `extension`
    /// A Swift actor.
    case actor
    /// An interface (Go, TypeScript, Java).
    case interface
    /// A Rust trait.
    case trait
    /// A Rust `impl` block.
    case impl
    /// A module or namespace.
    case module
    /// Any other symbol kind a parser reported.
    case other
}

/// A symbol found in a file: its name, kind, enclosing type and line range.
package struct SymbolChunk: Sendable, Equatable, CustomStringConvertible {
    /// The kind of the symbol.
    package var kind: ChunkKind
    /// The symbol's name as written (`greet`, `init`, `Greeter`).
    package var symbol: String
    /// The enclosing type or scope (`Greeter`), when there is one.
    package var container: String?
    /// The first line of the declaration, 1-based (attributes and modifiers included, doc comments not).
    package var startLine: Int
    /// The last line of the declaration, 1-based and inclusive.
    package var endLine: Int

    /// Creates a symbol chunk.
    package init(kind: ChunkKind, symbol: String, container: String? = nil, startLine: Int, endLine: Int) {
        self.kind = kind
        self.symbol = symbol
        self.container = container
        self.startLine = startLine
        self.endLine = endLine
    }

    /// `kind symbol start-end`, for test failures and logs.
    package var description: String {
        "\(kind.rawValue) \(container.map { $0 + "." } ?? "")\(symbol) \(startLine)-\(endLine)"
    }
}
