// `healer install`: the pre-push hook (chaining any hook already there), the refspec for
// refs/healer/*, a commented .healer.yml and, on request, a CI template.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

/// Installs and uninstalls healer in a git work tree, and reports how it is installed.
///
/// Install is idempotent (a second run changes nothing) and records what it changed in
/// `.git/healer/install.yml`; ``uninstall()`` undoes exactly that, restoring a chained hook
/// byte for byte with its mode.
///
/// ```swift
/// let installer = HookInstaller(directory: FileManager.default.currentDirectoryPath)
/// let report = try installer.install(.init(ci: .github))
/// report.lines.forEach { print($0) }
/// ```
package struct HookInstaller: Sendable {
    /// The fetch refspec install adds for `remote`: the remote's run state lands in a tracking
    /// namespace, never over the local (possibly unsynced) refs under `refs/healer/`.
    package static func fetchRefspec(remote: String) -> String {
        "+refs/healer/*:refs/healer-remotes/\(remote)/*"
    }

    /// The placeholder in the GitHub template that ``Options/actionReference`` replaces.
    package static let actionPlaceholder = "healer-dev/healer@0000000000000000000000000000000000000000"

    /// Any directory inside the work tree.
    package var directory: String
    /// Environment variables for the git processes (tests point `HOME` somewhere harmless).
    package var environment: [String: String]

    /// Creates an installer for the work tree containing `directory`.
    package init(directory: String, environment: [String: String] = [:]) {
        self.directory = directory
        self.environment = environment
    }

    /// What to install besides the hook.
    package struct Options: Sendable, Equatable {
        /// The remote that gets the fetch refspec for `refs/healer/*`.
        package var remote: String
        /// The CI system whose template is copied into the work tree, if any.
        package var ci: CIProvider?
        /// Whether to write a commented `.healer.yml` when the work tree has none.
        package var writeConfig: Bool
        /// `owner/repo@sha` of the healer action, replacing ``HookInstaller/actionPlaceholder`` in the GitHub template.
        package var actionReference: String?

        /// Creates options.
        package init(remote: String = "origin", ci: CIProvider? = nil, writeConfig: Bool = true, actionReference: String? = nil) {
            self.remote = remote
            self.ci = ci
            self.writeConfig = writeConfig
            self.actionReference = actionReference
        }
    }

    /// What an install or uninstall did, for a person.
    package struct Report: Sendable, Equatable {
        /// One line per change made (empty when nothing changed).
        package var changes: [String] = []
        /// Things the person should know or still do.
        package var notes: [String] = []
        /// Whether anything changed.
        package var changed: Bool { !changes.isEmpty }
        /// Changes, then notes, ready to print.
        package var lines: [String] { changes + notes.map { "note: \($0)" } }
    }

    /// Where things are in the repository.
    struct Layout {
        var topLevel: String
        var commonDirectory: String
        var hooksDirectory: String
        var hooksPathSetting: String?
        var hooksPathOrigin: String?
        var hook: String { hooksDirectory + "/pre-push" }
        var chained: String { hooksDirectory + "/" + HookScript.chainedFileName }
        var recordPath: String { commonDirectory + "/healer/install.yml" }
    }

    /// Installs healer; see ``HookInstaller``.
    ///
    /// - Throws: ``TriggerError`` when the directory is not a work tree, git fails, a file cannot
    ///   be written, or a file healer would need to overwrite is not its own.
    package func install(_ options: Options = Options()) throws(TriggerError) -> Report {
        if let reference = options.actionReference { try ActionPin.validate(reference) }
        let layout = try locate()
        var report = Report()
        let previous = try loadRecord(layout)
        var record = previous ?? InstallRecord(hook: layout.hook)
        if let previous, previous.hook != layout.hook {
            guard !Self.itemExists(previous.hook) else {
                throw TriggerError(.conflict, "healer is installed at '\(previous.hook)' but hooks now live in '\(layout.hooksDirectory)'; run `healer uninstall`, then `healer install`")
            }
            // The repository moved: the old paths are gone, so follow the hook to its new place.
            record.hook = layout.hook
            if record.chained != nil { record.chained = layout.chained }
        }
        if let origin = layout.hooksPathOrigin, !origin.hasPrefix(layout.commonDirectory) {
            report.notes.append("core.hooksPath comes from \(origin): every repository using it shares this hook (it does nothing where there are no runs)")
        }

        try installHook(layout, &record, &report)
        try addFetchRefspec(options.remote, &record, &report)
        if options.writeConfig {
            try writeFileIfAbsent(layout.topLevel + "/" + ConfigTemplate.fileName, Data(ConfigTemplate.text(detected: ConfigTemplate.detect(directory: layout.topLevel)).utf8), &record, &report)
        }
        if let ci = options.ci {
            var text = ci.templateText
            if ci == .github {
                if let reference = options.actionReference {
                    text = text.replacingOccurrences(of: Self.actionPlaceholder, with: reference)
                    report.notes.append("the workflow uses \(reference)")
                } else {
                    report.notes.append("the workflow still names \(Self.actionPlaceholder): replace it (two places) with the healer commit you build from, or run `healer install --ci github --action-reference OWNER/healer@SHA` on a fresh template")
                }
            }
            let destination = layout.topLevel + "/" + ci.templateDestination
            let wrote = try writeFileIfAbsent(destination, Data(text.utf8), &record, &report)
            if wrote || record.files.contains(where: { $0.path == destination }) {
                report.notes.append(ci.instruction)
            }
        }
        if record != previous || !FileManager.default.fileExists(atPath: layout.recordPath) {
            try saveRecord(record, layout)
        }
        return report
    }

    // MARK: - Steps

    private func installHook(_ layout: Layout, _ record: inout InstallRecord, _ report: inout Report) throws(TriggerError) {
        let files = FileManager.default
        if !files.fileExists(atPath: layout.hooksDirectory) {
            let created = try createDirectories(layout.hooksDirectory)
            record.createdDirectories.append(contentsOf: created)
            report.changes.append("created the hooks directory \(layout.hooksDirectory)")
        }
        let chainedExists = Self.itemExists(layout.chained)
        if Self.itemExists(layout.hook) {
            let existing = String(decoding: files.contents(atPath: layout.hook) ?? Data(), as: UTF8.self)
            if HookScript.isHealers(existing) {
                let wanted = chainedExists ? HookScript.chained : HookScript.plain
                if existing != wanted {
                    try writeExecutable(layout.hook, wanted)
                    report.changes.append("updated the pre-push hook at \(layout.hook)")
                }
                if chainedExists, record.chained == nil {
                    record.chained = layout.chained
                    record.chainedMode = Self.mode(of: layout.chained)
                }
                return
            }
            guard !chainedExists else {
                throw TriggerError(.conflict, "'\(layout.chained)' already exists next to a pre-push hook that is not healer's; move one of them away, then run `healer install` again")
            }
            let mode = Self.mode(of: layout.hook)
            do {
                try files.moveItem(atPath: layout.hook, toPath: layout.chained)
            } catch {
                throw TriggerError(.fileSystem, "cannot move the existing pre-push hook to '\(layout.chained)'; check the permissions of \(layout.hooksDirectory)", underlying: error)
            }
            record.chained = layout.chained
            record.chainedMode = mode
            try writeExecutable(layout.hook, HookScript.chained)
            report.changes.append("moved the existing pre-push hook to \(layout.chained); healer's hook at \(layout.hook) runs it first")
            return
        }
        if chainedExists, record.chained == nil {
            record.chained = layout.chained
            record.chainedMode = Self.mode(of: layout.chained)
        }
        try writeExecutable(layout.hook, chainedExists ? HookScript.chained : HookScript.plain)
        report.changes.append("installed the pre-push hook at \(layout.hook)")
    }

    private func addFetchRefspec(_ remote: String, _ record: inout InstallRecord, _ report: inout Report) throws(TriggerError) {
        let config = gitConfig(directory)
        guard try git({ () throws(GitError) in try config.value("remote.\(remote).url") }) != nil else {
            report.notes.append("no remote '\(remote)': run state will not be fetched with `git fetch`; add the remote and run `healer install` again (or `healer install --remote NAME`)")
            return
        }
        let key = "remote.\(remote).fetch"
        let value = Self.fetchRefspec(remote: remote)
        if try git({ () throws(GitError) in try config.values(key) }).contains(value) { return }
        try git { () throws(GitError) in try config.add(key, value) }
        record.config.append(.init(key: key, value: value))
        report.changes.append("added fetch refspec \(value) to remote '\(remote)' (`git fetch` brings the remote's run state; `healer sync` merges it)")
    }

    /// Writes `data` at `path` unless something is there; returns whether it wrote.
    @discardableResult
    private func writeFileIfAbsent(_ path: String, _ data: Data, _ record: inout InstallRecord, _ report: inout Report) throws(TriggerError) -> Bool {
        guard !Self.itemExists(path) else { return false }
        let parent = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            record.createdDirectories.append(contentsOf: try createDirectories(parent))
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TriggerError(.fileSystem, "cannot write '\(path)'; check the permissions of its directory", underlying: error)
        }
        record.files.append(.init(path: path, digest: InstallRecord.digest(data)))
        report.changes.append("wrote \(path)")
        return true
    }
}
