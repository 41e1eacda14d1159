// Reading and writing run documents and events as YAML, with errors a person can act on.
import Foundation
import Yams

extension Run {
    /// The run as a YAML document.
    package func yaml() -> String {
        Run.encodeYAML(self)
    }

    /// Reads a run document.
    ///
    /// - Parameters:
    ///   - yaml: the note's text.
    ///   - run: the run id (or reference) the note belongs to, for messages.
    /// - Throws: ``DocumentError`` naming the run and the problem: not YAML, not a mapping,
    ///   an unknown `schemaVersion`, a missing field, an unknown stage...
    package static func decode(yaml: String, run: String) throws(DocumentError) -> Run {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw DocumentError(run: run, problem: "the state note is not valid YAML (\(firstLine(of: error)))")
        }
        guard let node, let mapping = node.mapping else {
            throw DocumentError(run: run, problem: "the state note is not a YAML mapping")
        }
        guard let versionNode = mapping["schemaVersion"] else {
            throw DocumentError(run: run, problem: "the state note has no 'schemaVersion' field")
        }
        guard let version = versionNode.int else {
            throw DocumentError(run: run, problem: "'schemaVersion' is not a number")
        }
        guard version == currentSchemaVersion else {
            let hint = version > currentSchemaVersion ? "upgrade healer to read it" : "it predates this healer"
            throw DocumentError(run: run, problem: "schemaVersion \(version) is not supported (this healer reads \(currentSchemaVersion)); \(hint)")
        }
        do {
            return try YAMLDecoder().decode(Run.self, from: node)
        } catch let error as DecodingError {
            throw DocumentError(run: run, problem: describe(error))
        } catch {
            throw DocumentError(run: run, problem: "the state note cannot be read (\(firstLine(of: error)))")
        }
    }

    static func encodeYAML<T: Encodable>(_ value: T) -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = false
        encoder.options.width = -1
        encoder.options.allowUnicode = true
        // Encoding plain Codable values into YAML cannot fail; fall back to a comment if it ever does.
        let text = (try? encoder.encode(value)) ?? "# unencodable\n"
        return plainNumbers(text)
    }

    /// Yams writes every double in scientific notation (`0e+0`, `2.5e-1`); people read
    /// `0.0` and `0.25` better, and YAML reads both as the same float.
    static func plainNumbers(_ text: String) -> String {
        guard text.contains("e+") || text.contains("e-") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let colon = line.range(of: ": ", options: .backwards) ?? line.range(of: "- ", options: .backwards) else { return String(line) }
            let value = line[colon.upperBound...]
            guard value.contains("e"), value.allSatisfy({ $0.isNumber || "+-.e".contains($0) }), let number = Double(value) else { return String(line) }
            return line[..<colon.upperBound] + "\(number)"
        }.joined(separator: "\n")
    }

    /// Turns a `DecodingError` into "missing field 'stage' at history[2]"-style text.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return "missing field '\(key.stringValue)'" + (parent.isEmpty ? "" : " in '\(parent)'")
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' should be \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' is empty but should be \(typeName(type))"
        case .dataCorrupted(let context):
            let where_ = path(context.codingPath)
            return (where_.isEmpty ? "" : "field '\(where_)': ") + context.debugDescription
        @unknown default:
            return "the state note cannot be read"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }

    static func firstLine(of error: any Error) -> String {
        String(String(describing: error).split(separator: "\n").first ?? "unknown error")
    }
}

extension Event {
    /// The event as a YAML document.
    package func yaml() -> String { Run.encodeYAML(self) }

    /// Reads an event from YAML.
    package static func decode(yaml: String, run: String) throws(DocumentError) -> Event {
        do {
            return try YAMLDecoder().decode(Event.self, from: yaml)
        } catch let error as DecodingError {
            throw DocumentError(run: run, problem: "event: " + Run.describe(error))
        } catch {
            throw DocumentError(run: run, problem: "event is not valid YAML (\(Run.firstLine(of: error)))")
        }
    }
}
