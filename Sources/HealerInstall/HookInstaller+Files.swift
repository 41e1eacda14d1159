// Locating the hooks directory, and the small file operations install and uninstall share.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

extension HookInstaller {
    /// Finds the work tree, the common git directory and the effective hooks directory
    /// (`git rev-parse --git-path hooks`, which honours `core.hooksPath`).
    func locate() throws(TriggerError) -> Layout {
        let location: HooksLocation
        do {
            location = try HooksLocation.locate(from: directory, environment: environment)
        } catch where error.code == .notARepository {
            throw TriggerError(.notARepository, "'\(directory)' is not inside a git work tree; run healer install from a clone")
        } catch {
            throw TriggerError(.git, error.message, underlying: error)
        }
        // Where core.hooksPath is set matters (a global one is shared).
        let setting = try git { () throws(GitError) in try gitConfig(location.topLevel).valueWithOrigin("core.hooksPath") }
        return Layout(
            topLevel: location.topLevel,
            commonDirectory: location.commonDirectory,
            hooksDirectory: location.hooksDirectory,
            hooksPathSetting: setting?.value,
            hooksPathOrigin: setting.map { HooksLocation.absolute($0.origin, from: location.topLevel) }
        )
    }

    /// The git configuration seen from `directory`, with the installer's environment.
    func gitConfig(_ directory: String) -> GitConfig {
        GitConfig(directory: directory, environment: environment)
    }

    /// Runs a git call, turning its error into a ``TriggerError``.
    func git<T>(_ body: () throws(GitError) -> T) throws(TriggerError) -> T {
        do {
            return try body()
        } catch {
            throw TriggerError(.git, error.message, underlying: error)
        }
    }

    func loadRecord(_ layout: Layout) throws(TriggerError) -> InstallRecord? {
        guard let data = FileManager.default.contents(atPath: layout.recordPath) else { return nil }
        return try InstallRecord.decoded(from: data, path: layout.recordPath)
    }

    func saveRecord(_ record: InstallRecord, _ layout: Layout) throws(TriggerError) {
        let data = try record.encoded()
        do {
            try FileManager.default.createDirectory(atPath: (layout.recordPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: layout.recordPath), options: .atomic)
        } catch {
            throw TriggerError(.fileSystem, "cannot write the install record '\(layout.recordPath)'; check the permissions of the .git directory", underlying: error)
        }
    }

    /// Creates `path` and its missing parents; returns the directories created, outermost first.
    func createDirectories(_ path: String) throws(TriggerError) -> [String] {
        var missing: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
            missing.insert(current, at: 0)
            current = (current as NSString).deletingLastPathComponent
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TriggerError(.fileSystem, "cannot create the directory '\(path)'; check the permissions of its parent", underlying: error)
        }
        return missing
    }

    /// Writes an executable script through a temporary file and a rename, so a concurrent push
    /// never runs half a hook.
    func writeExecutable(_ path: String, _ text: String) throws(TriggerError) {
        let temporary = path + ".healer-tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary)
            if rename(temporary, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw TriggerError(.fileSystem, "cannot write the hook '\(path)'; check the permissions of its directory", underlying: error)
        }
    }

    /// Whether anything (even a dangling symbolic link) is at `path`.
    static func itemExists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    /// The permission bits of `path` in octal (`755`), without following a symbolic link.
    static func mode(of path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let bits = attributes[.posixPermissions] as? NSNumber
        else { return nil }
        return String(bits.intValue, radix: 8)
    }
}
