// Mending the two mistakes models make most in unified diffs: wrong hunk counts and blank context lines.
import Foundation

extension UnifiedDiff {
    /// `diff` with every hunk header's line counts recomputed from the hunk's body, blank lines
    /// inside a hunk read as blank context lines (`" "`, which editors and models strip), and
    /// trailing blank lines of a hunk dropped. A correct diff comes back unchanged except for a
    /// final newline.
    ///
    /// Models count lines badly; `git apply` and libgit2 reject such a hunk as corrupt even
    /// when its lines match the file. The start lines are kept; the lines themselves are never
    /// changed, so a hunk whose context does not match still fails to apply.
    package static func recounted(_ diff: String) -> String {
        let lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard line.hasPrefix("@@ "), let header = HunkHeader(line) else {
                output.append(line)
                index += 1
                continue
            }
            var body: [String] = []
            index += 1
            while index < lines.count, isBody(lines[index], next: index + 1 < lines.count ? lines[index + 1] : nil) {
                body.append(lines[index].isEmpty ? " " : lines[index])
                index += 1
            }
            while body.last == " " { body.removeLast() }
            let old = body.filter { $0.hasPrefix(" ") || $0.hasPrefix("-") }.count
            let new = body.filter { $0.hasPrefix(" ") || $0.hasPrefix("+") }.count
            output.append(header.text(oldCount: old, newCount: new))
            output.append(contentsOf: body)
        }
        while output.last == "" { output.removeLast() }
        return output.joined(separator: "\n") + "\n"
    }

    /// Whether `line` continues a hunk: a context, added, removed or `\ No newline` line, or a
    /// blank one; not the `---`/`+++` header pair of the next file, a `diff --git` line or a hunk.
    private static func isBody(_ line: String, next: String?) -> Bool {
        if line.hasPrefix("@@ ") || line.hasPrefix("diff --git ") { return false }
        if line.hasPrefix("--- "), next?.hasPrefix("+++ ") == true { return false }
        return line.isEmpty || line.hasPrefix(" ") || line.hasPrefix("+") || line.hasPrefix("-") || line.hasPrefix("\\")
    }

    /// `@@ -start[,count] +start[,count] @@ heading`.
    private struct HunkHeader {
        var line: String
        var oldStart: Int
        var oldCount: Int
        var newStart: Int
        var newCount: Int
        var heading: String

        init?(_ line: String) {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
            guard fields.count >= 3, fields[1].hasPrefix("-"), fields[2].hasPrefix("+") else { return nil }
            let old = fields[1].dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            let new = fields[2].dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard let oldStart = Int(old[0]), let newStart = Int(new[0]) else { return nil }
            self.line = line
            self.oldStart = oldStart
            self.newStart = newStart
            // A missing count means 1; an unreadable one never matches the body, so it is rewritten.
            oldCount = old.count > 1 ? Int(old[1]) ?? -1 : 1
            newCount = new.count > 1 ? Int(new[1]) ?? -1 : 1
            let rest = fields.count > 3 ? String(fields[3]) : ""
            heading = rest.hasPrefix("@@") ? String(rest.dropFirst(2)) : ""
        }

        func text(oldCount: Int, newCount: Int) -> String {
            if oldCount == self.oldCount && newCount == self.newCount { return line }
            // A side with lines starts at line 1 at least; an empty one (a new file) keeps its start.
            let oldStart = oldCount > 0 ? max(1, self.oldStart) : self.oldStart
            let newStart = newCount > 0 ? max(1, self.newStart) : self.newStart
            return "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\(heading)"
        }
    }
}
