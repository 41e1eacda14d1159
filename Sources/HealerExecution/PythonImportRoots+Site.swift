// The `sitecustomize` healer puts first on a sandboxed Python's path so the tree's own packages win over editable installs.
import Foundation
import HealerSystem

extension PythonImportRoots {
    /// The variables that carry the roots and package names to ``siteCustomize``.
    static let rootsVariable = "HEALER_PYTHON_ROOTS"
    static let packagesVariable = "HEALER_PYTHON_PACKAGES"

    /// A `sitecustomize.py` that makes the tree's packages the ones imported.
    ///
    /// `PYTHONPATH` alone puts the roots ahead of `site-packages` and of `.pth` paths, but not
    /// ahead of a meta-path finder inserted first (scikit-build-core, meson-python), and an
    /// editable finder appended last (setuptools' `__editable___*_finder`) still answers for a
    /// submodule the commit under test does not have, with the checkout's copy. So, after the
    /// `.pth` files ran: modules of these packages already imported from elsewhere are dropped,
    /// a finder placed first resolves every module of these packages in the roots only (a
    /// missing one is `ModuleNotFoundError`, as in a plain checkout), and the next
    /// `sitecustomize` on the path still runs.
    static let siteCustomize = """
        # Written by healer: the code under test is the tree's own (docs/heal.md, "What the sandbox exposes").
        import importlib.machinery
        import importlib.util
        import os
        import sys

        _ROOTS = [p for p in os.environ.get("\(rootsVariable)", "").split(os.pathsep) if p]
        _REAL = [os.path.realpath(p) for p in _ROOTS]
        _NAMES = frozenset(n for n in os.environ.get("\(packagesVariable)", "").split(",") if n)


        def _inside(path):
            path = os.path.realpath(path)
            return any(path == root or path.startswith(root + os.sep) for root in _REAL)


        class _HealerTreeFirst:
            @classmethod
            def find_spec(cls, fullname, path=None, target=None):
                if fullname.partition(".")[0] not in _NAMES:
                    return None
                spec = importlib.machinery.PathFinder.find_spec(fullname, _ROOTS if path is None else path)
                if spec is None:
                    raise ModuleNotFoundError("No module named %r" % fullname, name=fullname)
                return spec

            @classmethod
            def invalidate_caches(cls):
                pass


        if _ROOTS and _NAMES:
            for _name in [n for n in sys.modules if n.partition(".")[0] in _NAMES]:
                _file = getattr(sys.modules[_name], "__file__", None)
                if _file and not _inside(_file):
                    del sys.modules[_name]
            sys.meta_path.insert(0, _HealerTreeFirst)


        def _run_next_sitecustomize():
            here = os.path.dirname(os.path.realpath(__file__))
            rest = [p for p in sys.path if os.path.realpath(p or os.getcwd()) != here]
            spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
            if spec is not None and spec.loader is not None:
                spec.loader.exec_module(importlib.util.module_from_spec(spec))


        _run_next_sitecustomize()

        """

    /// The variables that put the roots first, given the directory that holds ``siteCustomize``.
    ///
    /// - Parameters:
    ///   - siteDirectory: The directory with healer's `sitecustomize.py`.
    ///   - existing: The `PYTHONPATH` already set, kept after the roots.
    package func environment(siteDirectory: String, existing: String?) -> [String: String] {
        let path = ([siteDirectory] + roots + [existing].compactMap { $0 }.filter { !$0.isEmpty }).joined(separator: ":")
        return ["PYTHONPATH": path, Self.rootsVariable: roots.joined(separator: ":"), Self.packagesVariable: packages.joined(separator: ",")]
    }

    /// Writes ``siteCustomize`` into `directory` unless it is already there.
    ///
    /// - Parameter directory: A directory healer owns.
    package static func writeSiteCustomize(in directory: String) throws(ExecutionError) {
        let file = directory + "/sitecustomize.py"
        if (try? String(contentsOfFile: file, encoding: .utf8)) == siteCustomize { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try siteCustomize.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw ExecutionError(.systemCallFailed, "cannot write \(file): \(error.localizedDescription)", fix: "check that .git/healer is writable")
        }
    }
}
