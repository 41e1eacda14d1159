// Temporary directories that tests create and remove.
import Foundation

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
package struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    package let path: String

    /// Creates a new empty directory whose name starts with `prefix`.
    ///
    /// - Parameters:
    ///   - prefix: The start of the directory's name.
    ///   - parent: Where to create it; defaults to `TMPDIR`. Pass `/var/tmp` for a fixture a
    ///     bubblewrap-sandboxed command must see (bubblewrap gives it a private empty `/tmp`).
    package init(prefix: String = "healer-test", parent: String? = nil) {
        let base = parent ?? (ProcessInfo.processInfo.environment["TMPDIR"] ?? NSTemporaryDirectory())
        let path = (base as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // Resolve symlinks (/tmp may be one) so paths compare equal to what git reports.
        self.path = (path as NSString).resolvingSymlinksInPath
    }

    /// A path inside the directory.
    package func appending(_ component: String) -> String { path + "/" + component }

    /// Removes the directory and everything in it.
    package func remove() { try? FileManager.default.removeItem(atPath: path) }
}
