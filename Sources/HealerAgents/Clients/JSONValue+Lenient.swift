// Reading JSON the way small models write it: raw line breaks in strings, trailing commas, comments.
import Foundation

extension JSONValue {
    /// Parses `text` as JSON; when that fails, parses it again after mending what models commonly
    /// get wrong, outside and inside strings alike:
    ///
    /// - raw control characters inside a string (a file's content with literal line breaks and
    ///   tabs) become `\n`, `\r`, `\t` or `\u00XX`;
    /// - `//` and `/* */` comments outside strings are dropped;
    /// - a comma right before `}` or `]` is dropped.
    ///
    /// Nothing else is guessed (no single quotes, no unquoted keys): a reply that is still not
    /// JSON fails with the strict parser's error, and the agent loop asks the model to fix it.
    package static func parseLenient(_ text: String) throws(AgentError) -> JSONValue {
        do {
            return try parse(text)
        } catch {
            let mended = Self.mended(text)
            guard mended != text, let value = try? parse(mended) else { throw error }
            return value
        }
    }

    /// `text` with raw control characters in strings escaped, comments and trailing commas removed.
    static func mended(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                switch byte {
                case UInt8(ascii: "\\"):
                    out.append(byte)
                    if index + 1 < bytes.count { out.append(bytes[index + 1]) }
                    index += 2
                    continue
                case UInt8(ascii: "\""):
                    inString = false
                    out.append(byte)
                case UInt8(ascii: "\n"): out.append(contentsOf: Array("\\n".utf8))
                case UInt8(ascii: "\r"): out.append(contentsOf: Array("\\r".utf8))
                case UInt8(ascii: "\t"): out.append(contentsOf: Array("\\t".utf8))
                case 0..<0x20: out.append(contentsOf: Array(String(format: "\\u%04x", Int(byte)).utf8))
                default: out.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
                index += 1
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < bytes.count && !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                // Drop a trailing comma (and the whitespace after it) before the closing bracket.
                var end = out.count
                while end > 0, [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(out[end - 1]) { end -= 1 }
                if end > 0, out[end - 1] == UInt8(ascii: ",") { out.remove(at: end - 1) }
                out.append(byte)
                index += 1
            default:
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
