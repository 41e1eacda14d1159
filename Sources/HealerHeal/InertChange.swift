// Whether a commit's change can alter behaviour: docs, comments and whitespace cannot.
import Foundation
import HealerWorkspace

/// Tells changes that cannot make a test fail (documentation files, comments, whitespace)
/// from ones that can, so that blaming such a commit takes more evidence.
///
/// Conservative by design: anything it does not understand counts as behavioural. Python
/// docstrings count as behavioural (doctests run them); indentation counts in Python.
package enum InertChange {
    /// Whether changing `path` from `old` to `new` (`nil`: absent) cannot change behaviour.
    package static func isInert(path: String, old: String?, new: String?) -> Bool {
        if isDocumentation(path) { return true }
        guard let old, let new, let style = CommentStyle(path: path) else { return false }
        return style.code(old) == style.code(new)
    }

    /// Documentation and prose files, by name. Plain `.txt` files count only under `docs/` or
    /// with a prose name: elsewhere tests may read them as data.
    static func isDocumentation(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        if ["md", "rst", "adoc", "markdown"].contains(ext) { return true }
        let prose = ["license", "licence", "authors", "notice", "changes", "changelog", "history", "readme", "contributing"]
        if prose.contains(stem) && (ext.isEmpty || ext == "txt") { return true }
        let inDocs = path.hasPrefix("docs/") || path.hasPrefix("doc/")
        return inDocs && ["txt", "png", "svg", "jpg", "gif", "css", "html"].contains(ext)
    }

    /// How comments look in a source file.
    enum CommentStyle {
        /// `#` line comments; indentation is meaningful.
        case hash
        /// `//` line and `/* */` block comments; whitespace is not meaningful.
        case slashes

        init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "py", "sh", "rb", "toml", "cfg", "yml", "yaml": self = .hash
            case "swift", "go", "c", "h", "cc", "cpp", "hpp", "m", "java", "kt", "js", "ts", "jsx", "tsx", "rs", "cs", "scala": self = .slashes
            default: return nil
            }
        }

        /// The text with comments and insignificant white space taken out, line by line.
        func code(_ text: String) -> [String] {
            switch self {
            case .hash:
                return text.split(whereSeparator: \.isNewline).compactMap { raw in
                    let line = Self.strippingHashComment(String(raw))
                    let trimmed = line.replacing(#/\s+$/#, with: "")
                    return trimmed.trimmingCharacters(in: .whitespaces).isEmpty ? nil : trimmed
                }
            case .slashes:
                let stripped = Self.strippingSlashComments(text)
                return stripped.split(whereSeparator: \.isNewline).compactMap { raw in
                    let squeezed = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    return squeezed.isEmpty ? nil : squeezed
                }
            }
        }

        /// A line without its `#` comment; a `#` inside quotes is kept (a line with quotes and
        /// `#` whose quoting is unclear keeps the `#`).
        static func strippingHashComment(_ line: String) -> String {
            var quote: Character?
            var previous: Character = " "
            for (offset, character) in line.enumerated() {
                if let open = quote {
                    if character == open && previous != "\\" { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#" {
                    return String(line.prefix(offset))
                }
                previous = character
            }
            return line
        }

        /// The text without `//` and `/* */` comments, keeping string literals (and line breaks).
        static func strippingSlashComments(_ text: String) -> String {
            var output = ""
            var characters = Array(text)[...]
            var quote: Character?
            while let character = characters.first {
                characters = characters.dropFirst()
                if let open = quote {
                    output.append(character)
                    if character == "\\", let next = characters.first { output.append(next); characters = characters.dropFirst() }
                    else if character == open { quote = nil }
                    continue
                }
                if character == "\"" || character == "'" || character == "`" {
                    quote = character
                    output.append(character)
                } else if character == "/", characters.first == "/" {
                    while let next = characters.first, !next.isNewline { characters = characters.dropFirst() }
                } else if character == "/", characters.first == "*" {
                    characters = characters.dropFirst()
                    while !characters.isEmpty, !(characters.first == "*" && characters.dropFirst().first == "/") {
                        if characters.first?.isNewline == true { output.append("\n") }
                        characters = characters.dropFirst()
                    }
                    characters = characters.dropFirst(2)
                } else {
                    output.append(character)
                }
            }
            return output
        }
    }
}
