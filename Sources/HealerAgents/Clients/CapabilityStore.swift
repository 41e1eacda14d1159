// The request shapes learned per model server and model, remembered in a small JSON file between processes.
import Foundation

/// A JSON file (`.git/healer/server-capabilities.json`) mapping "base URL + model" to the
/// ``RequestShape`` that server last took, so the next process starts at the rung that worked.
///
/// ```json
/// {"http://127.0.0.1:8080 gemma3-270m": {"structuredOutput": "json_object+schema", "tools": "native"}}
/// ```
/// Written atomically (a temporary file renamed over it); an unreadable file counts as empty.
/// Delete it to let healer try the stronger rungs again (after upgrading the server).
package struct CapabilityStore: Sendable {
    /// The file.
    package let file: URL

    /// Creates a store for `file`; nothing is read until ``shape(for:)``.
    package init(file: URL) { self.file = file }

    /// The key of a server and model: the base URL without credentials, trailing `/` or `/v1`, and the model name.
    package static func key(baseURL: URL, model: String) -> String {
        var address = "\(baseURL.scheme ?? "http")://\(baseURL.host ?? "?")"
        if let port = baseURL.port { address += ":\(port)" }
        var path = baseURL.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/v1") { path.removeLast(3) }
        return address + path + " " + model
    }

    /// The shape remembered for `key`, if any.
    package func shape(for key: String) -> RequestShape? { all()[key] }

    /// Every remembered shape.
    package func all() -> [String: RequestShape] {
        guard let data = try? Data(contentsOf: file) else { return [:] }
        return (try? JSONDecoder().decode([String: RequestShape].self, from: data)) ?? [:]
    }

    /// Remembers `shape` for `key`; a failure to write only loses the memory (returned for callers that report it).
    @discardableResult
    package func remember(_ shape: RequestShape, for key: String) -> Bool {
        var shapes = all()
        shapes[key] = shape
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(shapes).write(to: file, options: .atomic)
            return true
        } catch {
            return false
        }
    }
}
