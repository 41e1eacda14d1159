// The bounded in-memory log of a process: its head and tail, and the lines as they complete.

import Foundation

/// Keeps a process's output within a byte budget and hands out complete lines as they arrive.
///
/// Half the budget keeps the beginning (where configuration errors show) and half the end
/// (where test summaries show); the middle of a huge log is dropped with a marker.
struct OutputLog {
    private let headLimit: Int
    private let tailLimit: Int
    private var head = Data()
    private var tail = Data()
    private(set) var totalBytes = 0
    private var pendingLine = Data()
    /// Lines longer than this are handed out in pieces so a binary blob cannot grow memory.
    private let maximumLineLength = 64 << 10

    init(limit: Int) {
        let budget = max(limit, 2)
        headLimit = budget / 2
        tailLimit = budget - budget / 2
    }

    /// Adds output and returns the lines it completed, without their line terminators.
    mutating func append(_ bytes: Data, splittingLines: Bool) -> [String] {
        totalBytes += bytes.count
        var rest = bytes[...]
        if head.count < headLimit {
            let taken = rest.prefix(headLimit - head.count)
            head.append(taken)
            rest = rest.dropFirst(taken.count)
        }
        if !rest.isEmpty {
            tail.append(rest)
            // Trim only once the tail is twice its budget, so trimming costs O(1) per byte.
            if tail.count > tailLimit * 2 {
                tail = Data(tail.suffix(tailLimit))
            }
        }
        guard splittingLines else { return [] }
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(OutputLog.text(of: pendingLine))
                pendingLine.removeAll(keepingCapacity: true)
            } else {
                pendingLine.append(byte)
                if pendingLine.count >= maximumLineLength {
                    lines.append(OutputLog.text(of: pendingLine))
                    pendingLine.removeAll(keepingCapacity: true)
                }
            }
        }
        return lines
    }

    /// The unterminated last line, if any, once the output has ended.
    mutating func finishLines() -> String? {
        guard !pendingLine.isEmpty else { return nil }
        defer { pendingLine.removeAll() }
        return OutputLog.text(of: pendingLine)
    }

    /// Whether part of the output was dropped.
    var isTruncated: Bool { totalBytes > head.count + min(tail.count, tailLimit) }

    /// The kept output: everything, or the head, a marker line, and the tail.
    var contents: Data {
        let keptTail = tail.suffix(tailLimit)
        guard isTruncated else { return head + keptTail }
        let omitted = totalBytes - head.count - keptTail.count
        let marker = "\n[healer: log truncated: \(omitted) of \(totalBytes) bytes omitted; "
            + "the first \(head.count) and last \(keptTail.count) bytes are kept]\n"
        return head + Data(marker.utf8) + keptTail
    }

    private static func text(of line: Data) -> String {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
