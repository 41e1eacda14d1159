// Python virtual environments for tests, with packages installed editable the way pip and setuptools install them.
import Foundation

/// A virtual environment made with `python3 -m venv` (no pip, the system's site-packages visible
/// so pytest is there without the network), into which packages are installed editable by
/// writing the files `pip install -e .` writes.
///
/// `pip install -e . --no-build-isolation --no-deps` cannot run offline with the setuptools
/// that `venv` bundles for Python 3.11 (65.5 needs the `wheel` package for `bdist_wheel`), so
/// ``installEditable(name:version:sourceRoot:)`` writes what pip 23 with setuptools 65 wrote
/// for a src-layout package when measured with the network: `__editable__.NAME-VERSION.pth`
/// naming the source root, and a `NAME-VERSION.dist-info`.
package struct PythonEnvironment: Sendable {
    /// The environment's root (`VIRTUAL_ENV`).
    package let path: String

    /// Creates a virtual environment at `path`, or `nil` when `python3 -m venv` fails.
    package static func make(at path: String) -> PythonEnvironment? {
        let made = runProcess("python3", ["-m", "venv", "--without-pip", "--system-site-packages", path], in: "/")
        return made.status == 0 ? PythonEnvironment(path: path) : nil
    }

    /// The environment's `site-packages`.
    package var sitePackages: String {
        let lib = path + "/lib"
        let version = (try? FileManager.default.contentsOfDirectory(atPath: lib))?.first { $0.hasPrefix("python") } ?? "python3"
        return lib + "/" + version + "/site-packages"
    }

    /// The variables an activated environment sets: `VIRTUAL_ENV` and its `bin` first on `PATH`.
    package var activation: [String: String] {
        ["VIRTUAL_ENV": path, "PATH": path + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
    }

    /// Installs a package editable: its modules are imported from `sourceRoot` (the checkout's `src`).
    package func installEditable(name: String, version: String, sourceRoot: String) {
        let distInfo = sitePackages + "/\(name)-\(version).dist-info"
        try? FileManager.default.createDirectory(atPath: distInfo, withIntermediateDirectories: true)
        let files = [
            sitePackages + "/__editable__.\(name)-\(version).pth": sourceRoot + "\n",
            distInfo + "/METADATA": "Metadata-Version: 2.1\nName: \(name)\nVersion: \(version)\n",
            distInfo + "/INSTALLER": "pip\n",
            distInfo + "/direct_url.json": "{\"dir_info\": {\"editable\": true}, \"url\": \"file://\(sourceRoot)\"}\n",
        ]
        for (file, text) in files { try? text.write(toFile: file, atomically: true, encoding: .utf8) }
    }

    /// Adds a module that only this environment has (to tell it from the system's Python).
    package func addModule(_ name: String, source: String) {
        try? source.write(toFile: sitePackages + "/\(name).py", atomically: true, encoding: .utf8)
    }
}
