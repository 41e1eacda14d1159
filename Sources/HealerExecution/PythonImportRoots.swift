// Where a Python project's own packages live in a tree (src or flat layout), and the probe that asks Python where it imports them from.
import Foundation
import HealerSystem

/// The directories that hold a Python project's own top-level packages and modules, and their names.
///
/// In the src layout (`src/calc/__init__.py`) the root is `src`; in the flat layout the root is
/// the tree itself and the packages are its top-level directories with an `__init__.py` and its
/// top-level modules (not `setup.py`, `conftest.py` or test files). Only a tree with
/// `pyproject.toml`, `setup.py` or `setup.cfg` counts: without one nothing can be installed
/// over it.
///
/// ```swift
/// if let roots = PythonImportRoots.detect(directory: tree) {
///     print(roots.roots, roots.packages)   // ["/repo/src"] ["calc"]
/// }
/// ```
package struct PythonImportRoots: Sendable, Hashable {
    /// The directories to put first on the import path, absolute.
    package var roots: [String]
    /// The top-level package and module names found in them, sorted.
    package var packages: [String]

    /// The files that make a tree an installable Python project.
    package static let projectMarkers = ["pyproject.toml", "setup.py", "setup.cfg"]

    /// Top-level modules that are tooling, not the project's code.
    static let toolingModules: Set<String> = ["setup", "conftest", "noxfile", "fabfile", "dodo"]

    /// Folders that never hold the project's own packages.
    static let ignoredFolders: Set<String> = ["build", "dist", "venv", "node_modules", "site-packages", "__pycache__"]

    /// Finds the roots and packages of the project in `directory`, or `nil` when it is not an
    /// installable Python project or has no package of its own.
    ///
    /// - Parameter directory: The tree, absolute.
    package static func detect(directory: String) -> PythonImportRoots? {
        let files = FileManager.default
        guard projectMarkers.contains(where: { files.fileExists(atPath: directory + "/" + $0) }) else { return nil }
        let source = directory + "/src"
        let inSource = names(in: source, packagesNeedInit: false)
        if !inSource.isEmpty { return PythonImportRoots(roots: [source], packages: inSource) }
        let flat = names(in: directory, packagesNeedInit: true)
        return flat.isEmpty ? nil : PythonImportRoots(roots: [directory], packages: flat)
    }

    /// The package and module names directly in `directory`.
    static func names(in directory: String, packagesNeedInit: Bool) -> [String] {
        let files = FileManager.default
        guard let entries = try? files.contentsOfDirectory(atPath: directory) else { return [] }
        var names: Set<String> = []
        for entry in entries where !entry.hasPrefix(".") && !ignoredFolders.contains(entry) {
            let path = directory + "/" + entry
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let hasInit = files.fileExists(atPath: path + "/__init__.py")
                let hasModules = !packagesNeedInit
                    && ((try? files.contentsOfDirectory(atPath: path))?.contains { $0.hasSuffix(".py") } ?? false)
                if isIdentifier(entry), hasInit || hasModules { names.insert(entry) }
            } else if entry.hasSuffix(".py") {
                let stem = String(entry.dropLast(3))
                let isTest = stem.hasPrefix("test_") || stem.hasSuffix("_test") || stem == "tests" || stem == "test"
                if isIdentifier(stem), !isTest, !toolingModules.contains(stem) { names.insert(stem) }
            }
        }
        return names.sorted()
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSet.alphanumerics.contains($0) }
    }
}

extension PythonImportRoots {
    /// What a Python interpreter reported about itself and about where it finds each package.
    package struct Probe: Sendable, Hashable {
        /// `sys.executable`.
        package var executable: String
        /// The version, such as `3.11.7`.
        package var version: String
        /// Each package name with the file or folder it is imported from; `nil` when not found.
        package var origins: [String: String?]

        /// The packages imported from outside `roots`, with where they come from.
        ///
        /// - Parameter roots: The directories the packages should come from.
        package func foreign(to roots: [String]) -> [(name: String, origin: String)] {
            let real = roots.map(PythonImportRoots.realPath)
            return origins.keys.sorted().compactMap { name in
                guard let origin = origins[name] ?? nil else { return nil }
                let path = PythonImportRoots.realPath(origin)
                return real.contains { path == $0 || path.hasPrefix($0 + "/") } ? nil : (name, origin)
            }
        }
    }

    /// One short `python3` run that prints the interpreter and where each of ``packages`` is
    /// imported from (`importlib.util.find_spec`, which also sees a module a `.pth` file imported).
    package var probeCommand: Command {
        .argv(["python3", "-c", PythonImportRoots.probeScript] + packages)
    }

    static let probeScript = """
        import importlib.util, sys
        print("python", sys.executable, sys.version.split()[0], sep="\\t")
        for name in sys.argv[1:]:
            try:
                spec = importlib.util.find_spec(name)
            except Exception:
                spec = None
            where = None
            if spec is not None:
                where = spec.origin if spec.origin not in (None, "namespace", "built-in", "frozen") else next(iter(spec.submodule_search_locations or []), None)
            print(name, where or "-", sep="\\t")
        """

    /// Reads the probe's output; `nil` when it is not the probe's.
    ///
    /// - Parameter output: What ``probeCommand`` printed.
    package static func readProbe(_ output: String) -> Probe? {
        var probe: Probe?
        for line in output.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count == 3, fields[0] == "python" {
                probe = Probe(executable: fields[1], version: fields[2], origins: [:])
            } else if fields.count == 2, probe != nil {
                probe?.origins[fields[0]] = fields[1] == "-" ? String?.none : fields[1]
            }
        }
        return probe
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
