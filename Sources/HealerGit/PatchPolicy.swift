// Which paths a patch may touch: never outside the work tree, never git's own files.

/// Rules for the paths a patch or an edit may touch.
///
/// The defaults refuse absolute paths, `..` components, anything under a `.git` directory
/// (in any letter case), and symbolic links, which could point outside the work tree.
package struct PatchPolicy: Sendable, Equatable {
    /// Path prefixes the patch may not touch beyond the built-in rules (for example `.github/`).
    package var protectedPrefixes: [String]
    /// Whether new or changed symbolic links are allowed.
    package var allowsSymlinks: Bool

    /// Creates a policy.
    package init(protectedPrefixes: [String] = [], allowsSymlinks: Bool = false) {
        self.protectedPrefixes = protectedPrefixes
        self.allowsSymlinks = allowsSymlinks
    }

    /// Why `path` may not be touched, or `nil` when it may.
    package func violation(for path: String) -> String? {
        if path.isEmpty { return "an empty path" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "'\(path)' is an absolute path; patches may only name paths inside the repository" }
        if path.contains("\0") || path.contains("\\") { return "'\(path)' contains a NUL or backslash" }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        for component in components {
            if component == ".." { return "'\(path)' climbs out of the repository with '..'" }
            if component.lowercased() == ".git" { return "'\(path)' is inside .git/, which healer never lets a patch touch" }
        }
        for prefix in protectedPrefixes where path == prefix || path.hasPrefix(prefix.hasSuffix("/") ? prefix : prefix + "/") {
            return "'\(path)' is under the protected path '\(prefix)' (allow it in .healer.yml if this is intended)"
        }
        return nil
    }
}
