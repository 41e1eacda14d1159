// The per-line regex scan that defines grep_like's answer, with a literal prefilter.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a regular expression over each line (split on `\n`) of a file's bytes.
///
/// Lines that lack every branch's required literal runs cannot match and are not given to the
/// regex engine; that is the same answer, faster. Without an expression, the required runs are
/// the whole pattern: a line matches when it holds them.
struct LineScanner {
    let expression: NSRegularExpression?
    /// Per branch, the UTF-8 bytes of literal runs a matching line contains.
    let required: [[[UInt8]]]

    init(expression: NSRegularExpression?, required: [[String]]) {
        self.expression = expression
        self.required = required.map { $0.map { Array($0.utf8) } }
    }

    /// Calls `match` with the number and text of each matching line; stops when it returns `false`.
    func scan(_ bytes: [UInt8], match: (Int, String) -> Bool) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if !required.isEmpty && !mayMatch(base, buffer.count) { return }
            var start = 0
            var line = 1
            let count = buffer.count
            while start < count {
                let end: Int
                if let newline = memchr(base + start, 10, count - start) {
                    end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                } else {
                    end = count
                }
                if required.isEmpty || mayMatch(base + start, end - start) {
                    let text = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
                    if expression.map({ $0.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil }) ?? true {
                        if !match(line, text) { return }
                    }
                }
                start = end + 1
                line += 1
            }
        }
    }

    private func mayMatch(_ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        required.contains { runs in
            runs.allSatisfy { run in
                run.withUnsafeBufferPointer { needle in Self.contains(start, count, needle) }
            }
        }
    }

    /// Whether `needle` occurs in the `count` bytes at `start` (memchr on the first byte, then memcmp).
    static func contains(_ start: UnsafePointer<UInt8>, _ count: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, let needleBase = needle.baseAddress else { return true }
        var offset = 0
        while count - offset >= needle.count {
            guard let hit = memchr(start + offset, Int32(first), count - offset - needle.count + 1) else { return false }
            let position = start.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(start + position, needleBase, needle.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}
