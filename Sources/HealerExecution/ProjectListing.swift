// The part of a work tree that project detection looks at: file names and a few small files.

import Foundation
import HealerSystem

/// What project detection sees of a directory: the names of its files near the top, and the
/// contents of the few files whose contents matter (`package.json`, `Makefile`, Python configs).
///
/// Detection is a pure function of this value, so tests can build one by hand.
package struct ProjectListing: Sendable, Hashable {
    /// The directory's absolute path.
    package var directory: String
    /// Relative paths of files at the top level and one level down in `test`, `tests`, `src`.
    package var files: Set<String>
    /// The contents of the files detection reads, by relative path.
    package var contents: [String: String]

    /// Files whose contents detection reads when present.
    package static let readFiles = [
        "package.json", "Makefile", "makefile", "GNUmakefile", "pyproject.toml", "setup.cfg", "tox.ini",
        "requirements.txt", "requirements-dev.txt", "requirements_dev.txt", "dev-requirements.txt",
    ]

    /// Creates a listing by hand.
    ///
    /// - Parameters:
    ///   - directory: The directory's absolute path.
    ///   - files: Relative file paths.
    ///   - contents: Contents by relative path.
    package init(directory: String, files: Set<String>, contents: [String: String] = [:]) {
        self.directory = directory
        self.files = files
        self.contents = contents
    }

    /// Reads the listing of a directory from disk.
    ///
    /// - Parameter directory: The work tree.
    /// - Returns: Its top-level files, the files one level down in `test`, `tests` and `src`,
    ///   and the contents of ``readFiles`` (each capped at 1 MiB).
    /// - Throws: ``ExecutionError`` with code `projectNotDetected` when the directory cannot be listed.
    package static func read(directory: String) throws(ExecutionError) -> ProjectListing {
        let manager = FileManager.default
        let top: [String]
        do {
            top = try manager.contentsOfDirectory(atPath: directory)
        } catch {
            throw ExecutionError(
                .projectNotDetected, "cannot list \(directory) to detect its build system: \(error.localizedDescription)",
                fix: "check that the work tree exists")
        }
        var files = Set(top)
        for folder in ["test", "tests", "src"] where top.contains(folder) {
            let nested = (try? manager.contentsOfDirectory(atPath: directory + "/" + folder)) ?? []
            files.formUnion(nested.map { folder + "/" + $0 })
        }
        var contents: [String: String] = [:]
        for name in readFiles where files.contains(name) {
            if let handle = FileHandle(forReadingAtPath: directory + "/" + name) {
                let data = (try? handle.read(upToCount: 1 << 20)) ?? nil
                try? handle.close()
                contents[name] = data.map { String(decoding: $0, as: UTF8.self) }
            }
        }
        return ProjectListing(directory: directory, files: files, contents: contents)
    }
}
