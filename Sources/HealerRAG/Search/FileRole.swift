// What a file is for, from its path: where a change goes (source) or what informs it (tests, docs...).

/// The part a file plays in a change, decided by its path alone: ``source`` files are where a
/// change is made; the others are context an agent reads or updates alongside.
package enum FileRole: String, Sendable, Codable, CaseIterable {
    /// Program code outside test, documentation, example and tooling folders.
    case source
    /// Tests: files under `test`/`tests`/`spec`/`testdata`/`fixtures` folders, or named like
    /// `test_x.py`, `x_test.go`, `XTests.swift`, `x.test.js`, `conftest.py`.
    case test
    /// Documentation: Markdown, reStructuredText and text files, and anything under `docs`.
    case documentation
    /// Release notes: `CHANGES*`, `CHANGELOG*`, `HISTORY*`, `NEWS*`, `RELEASE*`.
    case changelog
    /// Examples, benchmarks, scripts, tools, CI configuration, `setup.py`, and other files.
    case other

    static let sourceExtensions: Set<String> = [
        "py", "pyi", "go", "swift", "js", "jsx", "mjs", "ts", "tsx", "rs", "c", "h", "cc", "cpp", "hpp", "m", "mm",
        "java", "kt", "rb", "php", "cs", "scala", "ex", "exs", "erl", "hs", "ml", "lua", "zig", "dart", "sh",
    ]
    static let testFolders: Set<String> = ["test", "tests", "testing", "spec", "specs", "testdata", "fixtures", "__tests__"]
    static let documentationFolders: Set<String> = ["docs", "doc", "documentation"]
    static let otherFolders: Set<String> = ["examples", "example", "benchmarks", "bench", "scripts", ".github", "artwork", "tools"]
    static let documentationExtensions: Set<String> = ["md", "rst", "txt", "adoc", "markdown"]

    /// The role of the file at `path` (relative to the repository's root).
    package static func classify(_ path: String) -> FileRole {
        let parts = path.lowercased().split(separator: "/").map(String.init)
        guard let name = parts.last else { return .other }
        let folders = parts.dropLast()
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
        if ["changes", "changelog", "history", "news", "releases", "release-notes"].contains(stem) { return .changelog }
        if folders.contains(where: testFolders.contains) { return .test }
        if name.hasPrefix("test_") || name == "conftest.py"
            || ["_test.go", "_test.py", "tests.swift", "test.swift", ".test.js", ".test.ts", ".spec.js", ".spec.ts", "_spec.rb", "_test.rs"].contains(where: name.hasSuffix) {
            return .test
        }
        if folders.contains(where: documentationFolders.contains) || documentationExtensions.contains(ext) { return .documentation }
        if folders.contains(where: otherFolders.contains) { return .other }
        if ["setup.py", "noxfile.py", "makefile"].contains(name) { return .other }
        return sourceExtensions.contains(ext) ? .source : .other
    }
}
