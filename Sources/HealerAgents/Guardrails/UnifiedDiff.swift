// Reading unified diffs without applying them: file paths and added and removed lines.
import Foundation

/// Reading file paths and per-file line changes out of unified diffs, without applying them.
enum UnifiedDiff {
    /// One file's section of a diff.
    struct FileSection {
        var oldPath: String?
        var newPath: String?
        var added: [String] = []
        var removed: [String] = []
        var deleted: Bool { newPath == nil }
        var path: String { newPath ?? oldPath ?? "" }
    }

    /// The paths a diff names (old and new sides, without `a/` `b/` prefixes or `/dev/null`).
    static func paths(_ diff: String) -> [String] {
        var paths: [String] = []
        for section in sections(diff) {
            for path in [section.oldPath, section.newPath].compactMap({ $0 }) where !paths.contains(path) { paths.append(path) }
        }
        return paths
    }

    /// Splits a diff into file sections, following hunk line counts so that a removed line
    /// starting with `--` is never read as a header.
    static func sections(_ diff: String) -> [FileSection] {
        var sections: [FileSection] = []
        var current: FileSection?
        var sawOldHeader = false
        var oldLeft = 0, newLeft = 0
        func strip(_ raw: Substring) -> String? {
            var path = raw.trimmingCharacters(in: .whitespaces)
            if let tab = path.firstIndex(of: "\t") { path = String(path[..<tab]) }
            if path.hasPrefix("\"") && path.hasSuffix("\"") && path.count >= 2 { path = String(path.dropFirst().dropLast()) }
            if path == "/dev/null" { return nil }
            if path.hasPrefix("a/") || path.hasPrefix("b/") { path = String(path.dropFirst(2)) }
            return path
        }
        func count(_ text: Substring) -> Int {
            let parts = text.split(separator: ",")
            return parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        }
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if oldLeft > 0 || newLeft > 0 {
                if line.hasPrefix("+") { current?.added.append(String(line.dropFirst())); newLeft -= 1; continue }
                if line.hasPrefix("-") { current?.removed.append(String(line.dropFirst())); oldLeft -= 1; continue }
                if line.hasPrefix(" ") || line.isEmpty { oldLeft -= 1; newLeft -= 1; continue }
                if line.hasPrefix("\\") { continue }
                oldLeft = 0
                newLeft = 0
            }
            if line.hasPrefix("diff --git ") {
                if let current { sections.append(current) }
                let rest = line.dropFirst("diff --git ".count)
                var section = FileSection()
                if let split = rest.range(of: " b/") {
                    section.oldPath = strip(rest[..<split.lowerBound])
                    section.newPath = strip(rest[split.lowerBound...].dropFirst())
                }
                current = section
                sawOldHeader = false
            } else if line.hasPrefix("--- ") {
                if current == nil || sawOldHeader {
                    if let current { sections.append(current) }
                    current = FileSection()
                }
                current?.oldPath = strip(line.dropFirst(4))
                sawOldHeader = true
            } else if line.hasPrefix("+++ ") {
                current?.newPath = strip(line.dropFirst(4))
            } else if line.hasPrefix("deleted file mode") {
                current?.newPath = nil
            } else if line.hasPrefix("rename from ") {
                current?.oldPath = String(line.dropFirst("rename from ".count))
            } else if line.hasPrefix("rename to ") {
                current?.newPath = String(line.dropFirst("rename to ".count))
            } else if line.hasPrefix("@@ ") {
                // @@ -start,count +start,count @@
                let fields = line.split(separator: " ")
                if fields.count >= 3 {
                    oldLeft = count(fields[1].dropFirst())
                    newLeft = count(fields[2].dropFirst())
                }
            }
        }
        if let current { sections.append(current) }
        return sections
    }
}
