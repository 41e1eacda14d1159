// One SHA-256 over a set of build artifacts, for BuildResult.artifactDigest.

import Foundation
import HealerSystem

/// Digests a set of build artifacts into one SHA-256, so two builds can be compared.
///
/// The digest covers, for each file in sorted path order, its path (relative to `base`
/// when given), its byte length, and its contents; so renaming, moving, or changing any file
/// changes the digest, while the order the caller lists them in does not.
package enum ArtifactDigest {
    /// Digests files.
    ///
    /// - Parameters:
    ///   - files: The artifact paths.
    ///   - base: A directory the paths are made relative to in the digest, so the same tree
    ///     in two work trees digests the same.
    /// - Returns: `sha256:` followed by 64 hexadecimal digits.
    /// - Throws: ``ExecutionError`` with code `artifactUnreadable` when a file cannot be read.
    package static func sha256(files: [String], relativeTo base: String? = nil) throws(ExecutionError) -> String {
        var hasher = SHA256()
        let prefix = base.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        let named = files.map { path -> (name: String, path: String) in
            if let prefix, path.hasPrefix(prefix) { return (String(path.dropFirst(prefix.count)), path) }
            return (path, path)
        }
        for file in named.sorted(by: { $0.name < $1.name }) {
            guard let handle = FileHandle(forReadingAtPath: file.path) else {
                throw ExecutionError(
                    .artifactUnreadable, "cannot read the build artifact \(file.path)",
                    fix: "check the artifact list: the build may not have produced it")
            }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()) ?? 0
            _ = try? handle.seek(toOffset: 0)
            hasher.update(Array("\(file.name)\0\(size)\0".utf8))
            while true {
                let chunk: Data?
                do {
                    chunk = try handle.read(upToCount: 1 << 20)
                } catch {
                    throw ExecutionError(
                        .artifactUnreadable, "cannot read the build artifact \(file.path): \(error.localizedDescription)")
                }
                guard let chunk, !chunk.isEmpty else { break }
                chunk.withUnsafeBytes { hasher.update($0) }
            }
        }
        return "sha256:" + hasher.finalize().hexString
    }
}
