// `healer uninstall`: undo exactly what the install record says install did.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

extension HookInstaller {
    /// Undoes what ``install(_:)`` did: removes healer's hook, moves a chained hook back (byte for
    /// byte, with its mode), removes the config values and the unchanged files install added, and
    /// deletes the install record. Files a person changed since are left, with a note.
    ///
    /// Without a record (healer installed by hand, or an older install) it still removes a hook
    /// that is healer's and puts a chained hook back.
    ///
    /// - Throws: ``TriggerError`` when the directory is not a work tree or a file cannot be moved.
    package func uninstall() throws(TriggerError) -> Report {
        let layout = try locate()
        var report = Report()
        let record = try loadRecord(layout)
        // A record from before the repository moved names paths that are gone: use today's.
        let moved = record.map { !Self.itemExists($0.hook) && Self.itemExists(layout.hook) } ?? false
        let hook = moved ? layout.hook : (record?.hook ?? layout.hook)
        let recordedChained = moved ? nil : record?.chained
        let chained = recordedChained ?? (Self.itemExists(layout.chained) ? layout.chained : nil)
        try restoreHook(hook, chained: chained, chainedMode: record?.chainedMode, into: &report)
        guard let record else {
            report.notes.append("no install record at \(layout.recordPath): config and files were left as they are")
            return report
        }
        try undo(record, layout: layout, into: &report)
        return report
    }

    /// Removes healer's hook at `hook` and moves the chained one back when the slot is free.
    private func restoreHook(_ hook: String, chained: String?, chainedMode: String?, into report: inout Report) throws(TriggerError) {
        var hookSlotFree = !Self.itemExists(hook)
        if !hookSlotFree {
            let text = String(decoding: FileManager.default.contents(atPath: hook) ?? Data(), as: UTF8.self)
            if HookScript.isHealers(text) {
                try remove(hook, "healer's pre-push hook")
                report.changes.append("removed the pre-push hook \(hook)")
                hookSlotFree = true
            } else {
                report.notes.append("\(hook) is no longer healer's hook; left it as it is")
            }
        }
        guard let chained, Self.itemExists(chained) else { return }
        guard hookSlotFree else {
            report.notes.append("the original hook is still at \(chained); move it back to \(hook) when you are ready")
            return
        }
        do {
            try FileManager.default.moveItem(atPath: chained, toPath: hook)
        } catch {
            throw TriggerError(.fileSystem, "cannot move '\(chained)' back to '\(hook)'; move it by hand", underlying: error)
        }
        report.changes.append("restored the original pre-push hook at \(hook)")
        if let wanted = chainedMode, let now = Self.mode(of: hook), wanted != now {
            report.notes.append("the restored hook's mode is \(now), it was \(wanted) when healer chained it")
        }
    }

    /// Unsets the config values and removes the unchanged files `record` lists, then the record.
    private func undo(_ record: InstallRecord, layout: Layout, into report: inout Report) throws(TriggerError) {
        let files = FileManager.default
        let config = gitConfig(layout.topLevel)
        for entry in record.config {
            switch try git({ () throws(GitError) in try config.remove(entry.key, entry.value) }) {
            case .removed: report.changes.append("removed \(entry.value) from \(entry.key)")
            case .absent: break
            case .refused(let reason): report.notes.append("cannot remove \(entry.value) from \(entry.key): \(reason)")
            }
        }
        for file in record.files where Self.itemExists(file.path) {
            let data = files.contents(atPath: file.path) ?? Data()
            if InstallRecord.digest(data) == file.digest {
                try remove(file.path, "the file healer wrote")
                report.changes.append("removed \(file.path)")
            } else {
                report.notes.append("\(file.path) changed since healer wrote it; left it")
            }
        }
        try remove(layout.recordPath, "the install record")
        for directory in (record.createdDirectories + [(layout.recordPath as NSString).deletingLastPathComponent]).reversed() {
            if let contents = try? files.contentsOfDirectory(atPath: directory), contents.isEmpty {
                try? files.removeItem(atPath: directory)
            }
        }
    }

    private func remove(_ path: String, _ what: String) throws(TriggerError) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw TriggerError(.fileSystem, "cannot remove \(what) '\(path)'; remove it by hand", underlying: error)
        }
    }
}
