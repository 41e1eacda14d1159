// The rule that keeps vendored, generated, binary and huge files out of the index.

/// Why a file is left out of the index. Files that are skipped are neither searched nor grepped.
///
/// The rule, in order:
/// 1. the tree entry is not a regular file (symlink, submodule);
/// 2. a path segment is a vendored directory: `vendor`, `node_modules`, `Pods`, `third_party`,
///    `.build`, `Carthage`;
/// 3. the name marks a generated or lock file: `*.pb.swift`, `*.pb.go`, `*.min.js`, `*.min.css`,
///    `*_generated.*`, `*.generated.*`, `package-lock.json`, `yarn.lock`, `Cargo.lock`,
///    `Package.resolved`, `Gemfile.lock`, `poetry.lock`, `pnpm-lock.yaml`, `go.sum`, `composer.lock`;
/// 4. the blob is larger than ``maximumBytes`` (1 MiB);
/// 5. the blob contains a NUL byte in its first 8 KiB (binary, as git decides);
/// 6. the first 5 lines say `DO NOT EDIT` or `@generated`.
package enum SkipRule: String, Sendable, Codable {
    /// Not a regular file.
    case notAFile = "not-a-file"
    /// Under a vendored directory.
    case vendored
    /// Generated or a lock file (by name or by header).
    case generated
    /// Larger than 1 MiB.
    case tooLarge = "too-large"
    /// Binary content.
    case binary

    /// Files larger than this are skipped.
    package static let maximumBytes = 1 << 20

    // UTF-8 bytes: a re-index checks every path of the tree (23,000 in the benchmark), and
    // byte comparisons cost a fraction of String's Unicode-aware ones.
    private static let vendoredDirectories = ["vendor", "node_modules", "Pods", "third_party", ".build", "Carthage"].map { Array($0.utf8) }
    private static let lockFiles = [
        "package-lock.json", "yarn.lock", "Cargo.lock", "Package.resolved", "Gemfile.lock", "poetry.lock",
        "pnpm-lock.yaml", "go.sum", "composer.lock",
    ].map { Array($0.utf8) }
    private static let generatedSuffixes = [".pb.swift", ".pb.go", ".pb.cc", ".pb.h", "_pb2.py", ".min.js", ".min.css"].map { Array($0.utf8) }
    private static let generatedInfixes = ["_generated.", ".generated."].map { Array($0.utf8) }

    /// The rule that skips a file by its path alone, or `nil` when the path may be indexed.
    package static func forPath(_ path: String) -> SkipRule? {
        var path = path
        return path.withUTF8(forPath)
    }

    private static func forPath(_ bytes: UnsafeBufferPointer<UInt8>) -> SkipRule? {
        // Segments between slashes, empty ones ignored; the last is the name.
        var segments: [Range<Int>] = []
        var start = 0
        for position in 0...bytes.count where position == bytes.count || bytes[position] == 47 {
            if position > start { segments.append(start..<position) }
            start = position + 1
        }
        guard let name = segments.last else { return .notAFile }
        for segment in segments.dropLast() where vendoredDirectories.contains(where: { $0.elementsEqual(bytes[segment]) }) {
            return .vendored
        }
        let text = bytes[name]
        if lockFiles.contains(where: { $0.elementsEqual(text) }) { return .generated }
        if generatedSuffixes.contains(where: { $0.count <= text.count && $0.elementsEqual(text.suffix($0.count)) }) { return .generated }
        for infix in generatedInfixes where text.count >= infix.count {
            for offset in text.startIndex...(text.endIndex - infix.count) where infix.elementsEqual(bytes[offset..<offset + infix.count]) {
                return .generated
            }
        }
        return nil
    }

    /// The rule that skips a file by its content, or `nil` when it may be indexed.
    package static func forContent(_ bytes: [UInt8]) -> SkipRule? {
        if bytes.count > maximumBytes { return .tooLarge }
        if bytes.prefix(8192).contains(0) { return .binary }
        var newlines = 0
        var end = 0
        while end < bytes.count && end < 4096 {
            if bytes[end] == 10 { newlines += 1; if newlines == 5 { break } }
            end += 1
        }
        let head = String(decoding: bytes[0..<end], as: UTF8.self)
        if head.contains("DO NOT EDIT") || head.contains("@generated") { return .generated }
        return nil
    }
}
