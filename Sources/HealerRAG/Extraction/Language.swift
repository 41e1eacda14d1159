// Which parser reads a file, decided by its name.

/// A source language the index knows, and the parser that extracts its symbols.
package struct Language: Sendable, Hashable {
    /// How symbols are extracted from files of a language.
    package enum Parser: Sendable, Hashable {
        /// ``SwiftSymbolExtractor``: the swift-syntax helper when installed, the scanner otherwise
        /// (Debian's universal-ctags has no Swift parser).
        case swift
        /// universal-ctags, whose JSON output gives names, kinds and (for some languages) end lines.
        case ctags
        /// No symbols: the file is indexed whole.
        case none
    }

    /// The language's name (`swift`, `python`, `text`).
    package var name: String
    /// The parser for its symbols.
    package var parser: Parser
    /// Whether blocks are delimited by braces, so a missing end line can be found by matching them.
    package var usesBraces: Bool

    /// Plain text: indexed whole, no symbols.
    package static let text = Language(name: "text", parser: .none, usesBraces: false)

    private static let byExtension: [String: Language] = {
        var table: [String: Language] = ["swift": Language(name: "swift", parser: .swift, usesBraces: true)]
        let ctagsBraces: [(String, [String])] = [
            ("c", ["c", "h"]), ("cpp", ["cc", "cpp", "cxx", "hpp", "hh", "hxx"]), ("objc", ["m", "mm"]),
            ("go", ["go"]), ("rust", ["rs"]), ("javascript", ["js", "mjs", "cjs", "jsx"]),
            ("typescript", ["ts", "tsx", "mts", "cts"]), ("java", ["java"]), ("kotlin", ["kt", "kts"]),
            ("csharp", ["cs"]), ("php", ["php"]), ("scala", ["scala"]),
        ]
        for (name, extensions) in ctagsBraces {
            for ext in extensions { table[ext] = Language(name: name, parser: .ctags, usesBraces: true) }
        }
        let ctagsOther: [(String, [String])] = [
            ("python", ["py", "pyi"]), ("ruby", ["rb"]), ("lua", ["lua"]), ("shell", ["sh", "bash"]),
            ("perl", ["pl", "pm"]), ("elixir", ["ex", "exs"]), ("erlang", ["erl"]), ("haskell", ["hs"]),
            ("ocaml", ["ml", "mli"]), ("r", ["r"]),
        ]
        for (name, extensions) in ctagsOther {
            for ext in extensions { table[ext] = Language(name: name, parser: .ctags, usesBraces: false) }
        }
        return table
    }()

    /// The language of the file at `path`, by its extension; ``text`` when unknown.
    package static func of(path: String) -> Language {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return .text }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? .text
    }
}
