// The one reader of unified diffs: files, their hunks and the hunks' lines, without applying anything.
import Foundation

/// A unified diff read into its files, hunks and lines.
///
/// Hunk bodies are read by their headers' line counts, so a removed line starting with `--` is
/// never read as a header. Paths come without `a/` `b/` prefixes; `/dev/null` is `nil`.
///
/// ```swift
/// let diff = UnifiedDiff(parsing: patch)
/// for file in diff.files where !file.deleted { print(file.path, file.added.count) }
/// ```
package struct UnifiedDiff: Sendable, Equatable {
    /// One line of a hunk's body (a `\ No newline at end of file` marker is not kept).
    package enum Line: Sendable, Equatable {
        case context(String)
        case added(String)
        case removed(String)
    }

    /// One hunk: its `@@` header line and its body.
    package struct Hunk: Sendable, Equatable {
        /// The header line as written (`@@ -1,3 +1,4 @@ heading`).
        package var header: String
        /// The body's lines, without their markers.
        package var lines: [Line] = []
    }

    /// One file's section of a diff.
    package struct File: Sendable, Equatable {
        /// The old side's path, `nil` for a new file.
        package var oldPath: String?
        /// The new side's path, `nil` for a deleted file.
        package var newPath: String?
        /// The hunks, in order.
        package var hunks: [Hunk] = []

        /// Whether the file is deleted.
        package var deleted: Bool { newPath == nil }
        /// The new path, else the old one.
        package var path: String { newPath ?? oldPath ?? "" }
        /// The added lines of every hunk, in order.
        package var added: [String] { lines { if case .added(let text) = $0 { text } else { nil } } }
        /// The removed lines of every hunk, in order.
        package var removed: [String] { lines { if case .removed(let text) = $0 { text } else { nil } } }

        private func lines(_ pick: (Line) -> String?) -> [String] { hunks.flatMap { $0.lines.compactMap(pick) } }
    }

    /// The files, in the order the diff names them.
    package var files: [File]

    /// Reads `diff`; text that is not part of a file section is skipped.
    package init(parsing diff: String) {
        var reader = Reader()
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) { reader.read(line) }
        files = reader.finish()
    }

    /// The paths the diff names (old and new sides), each once.
    package var paths: [String] {
        var paths: [String] = []
        for file in files {
            for path in [file.oldPath, file.newPath].compactMap({ $0 }) where !paths.contains(path) { paths.append(path) }
        }
        return paths
    }

    /// The path of a `---`/`+++` header or a `diff --git` side: without a tab-separated
    /// timestamp, quotes or an `a/` `b/` prefix; `nil` for `/dev/null`.
    package static func headerPath(_ raw: Substring) -> String? {
        var path = raw.trimmingCharacters(in: .whitespaces)
        if let tab = path.firstIndex(of: "\t") { path = String(path[..<tab]) }
        if path.hasPrefix("\"") && path.hasSuffix("\"") && path.count >= 2 { path = String(path.dropFirst().dropLast()) }
        if path == "/dev/null" { return nil }
        if path.hasPrefix("a/") || path.hasPrefix("b/") { path = String(path.dropFirst(2)) }
        return path
    }
}

/// Reads a diff line by line, following hunk line counts.
private struct Reader {
    private var files: [UnifiedDiff.File] = []
    private var current: UnifiedDiff.File?
    private var sawOldHeader = false
    private var oldLeft = 0
    private var newLeft = 0

    mutating func read(_ line: Substring) {
        if oldLeft > 0 || newLeft > 0 {
            if readBody(line) { return }
            oldLeft = 0
            newLeft = 0
        }
        if line.hasPrefix("diff --git ") {
            startFile(gitHeader: line.dropFirst("diff --git ".count))
        } else if line.hasPrefix("--- ") {
            if current == nil || sawOldHeader { startFile() }
            current?.oldPath = UnifiedDiff.headerPath(line.dropFirst(4))
            sawOldHeader = true
        } else if line.hasPrefix("+++ ") {
            current?.newPath = UnifiedDiff.headerPath(line.dropFirst(4))
        } else if line.hasPrefix("deleted file mode") {
            current?.newPath = nil
        } else if line.hasPrefix("rename from ") {
            current?.oldPath = String(line.dropFirst("rename from ".count))
        } else if line.hasPrefix("rename to ") {
            current?.newPath = String(line.dropFirst("rename to ".count))
        } else if line.hasPrefix("@@ ") {
            startHunk(line)
        }
    }

    mutating func finish() -> [UnifiedDiff.File] {
        if let current { files.append(current) }
        current = nil
        return files
    }

    /// Takes `line` as part of the open hunk; `false` when it cannot be one.
    private mutating func readBody(_ line: Substring) -> Bool {
        if line.hasPrefix("+") {
            append(.added(String(line.dropFirst())))
            newLeft -= 1
        } else if line.hasPrefix("-") {
            append(.removed(String(line.dropFirst())))
            oldLeft -= 1
        } else if line.hasPrefix(" ") || line.isEmpty {
            append(.context(String(line.dropFirst())))
            oldLeft -= 1
            newLeft -= 1
        } else if !line.hasPrefix("\\") {
            return false
        }
        return true
    }

    private mutating func append(_ line: UnifiedDiff.Line) {
        guard current != nil, let last = current?.hunks.indices.last else { return }
        current?.hunks[last].lines.append(line)
    }

    /// A new file section, named by a `diff --git a/OLD b/NEW` line when there is one.
    private mutating func startFile(gitHeader: Substring? = nil) {
        if let current { files.append(current) }
        var file = UnifiedDiff.File()
        if let rest = gitHeader {
            if let split = rest.range(of: " b/") {
                file.oldPath = UnifiedDiff.headerPath(rest[..<split.lowerBound])
                file.newPath = UnifiedDiff.headerPath(rest[split.lowerBound...].dropFirst())
            }
            sawOldHeader = false
        }
        current = file
    }

    /// `@@ -start,count +start,count @@`: a missing or unreadable count means 1.
    private mutating func startHunk(_ line: Substring) {
        let fields = line.split(separator: " ")
        guard fields.count >= 3 else { return }
        func count(_ text: Substring) -> Int {
            let parts = text.split(separator: ",")
            return parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        }
        oldLeft = count(fields[1].dropFirst())
        newLeft = count(fields[2].dropFirst())
        current?.hunks.append(UnifiedDiff.Hunk(header: String(line)))
    }
}
