// What changes from one run of the same build to the next (durations, temp paths, addresses,
// timestamps), taken out of feedback so that a replayed run sends the model the same prompt.
import Foundation

extension BuildFeedback {
    /// Run-to-run noise and what stands in for it, applied in order to every log line.
    private static let noise: [(pattern: NSRegularExpression, replacement: String)] = [
        // ISO and common log timestamps: 2026-12-02T10:52:59Z, 2026-12-02 10:52:59.123
        (#"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"#, "<time>"),
        // Durations: 1.40s, 0.2 s, 12ms, 3.5 seconds, 0.003 sec, (1m 2s)
        (#"\b\d+(?:\.\d+)?\s?(?:ms|µs|us|ns|s|sec|secs|seconds?|min|minutes?)\b"#, "<duration>"),
        // Temporary and healer-managed directories: /tmp/xyz/..., .git/healer/worktrees/<id>/
        (#"/(?:private/)?(?:tmp|var/folders)/[^\s:'"]*"#, "<tmp>"),
        (#"\.git/healer/worktrees/[^/\s]+"#, ".git/healer/worktrees/<worktree>"),
        // Memory addresses and process ids in crash reports.
        (#"\b0x[0-9a-fA-F]{6,}\b"#, "0x<address>"),
        (#"\b(?:pid|PID|process) \d+\b"#, "pid <pid>"),
    ].compactMap { pattern, replacement in (try? NSRegularExpression(pattern: pattern)).map { ($0, replacement) } }

    /// `line` without run-to-run noise.
    static func withoutNoise(_ line: String) -> String {
        var text = line
        for (pattern, replacement) in noise {
            text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
        }
        return text
    }
}
