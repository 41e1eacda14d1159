// What `healer install` changed, kept in .git/healer/install.yml so that uninstall undoes exactly that.
import Foundation
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

/// Everything one `healer install` changed in a repository, so that `healer uninstall` can undo
/// exactly that and nothing else.
///
/// Stored at `.git/healer/install.yml` (in the common git directory). The file is JSON, which is
/// valid YAML, under a comment line; that keeps it readable without a YAML dependency here.
package struct InstallRecord: Codable, Sendable, Equatable {
    /// The record format this build reads and writes.
    package static let currentSchemaVersion = 1

    /// The record's format version.
    package var schemaVersion: Int
    /// The absolute path of the pre-push hook healer wrote.
    package var hook: String
    /// Where the pre-push hook that was there before was moved, if there was one.
    package var chained: String?
    /// That hook's permission bits (octal, for example `755`), checked again on uninstall.
    package var chainedMode: String?
    /// Directories install created (the hooks directory, `.github/workflows`), deepest last.
    package var createdDirectories: [String]
    /// Multi-valued git config entries install added (`git config --add`).
    package var config: [ConfigEntry]
    /// Files install wrote into the work tree, with a digest of what it wrote.
    package var files: [WrittenFile]

    /// One config value install added.
    package struct ConfigEntry: Codable, Sendable, Equatable {
        /// The key, for example `remote.origin.fetch`.
        package var key: String
        /// The exact value added.
        package var value: String
        /// Creates an entry.
        package init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// One file install wrote (never one that existed before).
    package struct WrittenFile: Codable, Sendable, Equatable {
        /// The absolute path.
        package var path: String
        /// FNV-1a 64 digest (hex) of the bytes written: uninstall removes the file only when it is unchanged.
        package var digest: String
        /// Creates an entry.
        package init(path: String, digest: String) {
            self.path = path
            self.digest = digest
        }
    }

    /// Creates a record for a hook written at `hook`.
    package init(hook: String) {
        self.schemaVersion = Self.currentSchemaVersion
        self.hook = hook
        self.chained = nil
        self.chainedMode = nil
        self.createdDirectories = []
        self.config = []
        self.files = []
    }

    /// The record as the text of `install.yml`.
    package func encoded() throws(TriggerError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let body = try encoder.encode(self)
            return Data("# Written by `healer install`; `healer uninstall` reads it to undo exactly this. Do not edit.\n".utf8)
                + body + Data("\n".utf8)
        } catch {
            throw TriggerError(.invalidRecord, "cannot encode the install record", underlying: error)
        }
    }

    /// Reads a record from the text of `install.yml`.
    ///
    /// - Throws: ``TriggerError/Code/invalidRecord`` when the text is not a record.
    package static func decoded(from data: Data, path: String) throws(TriggerError) -> InstallRecord {
        let text = String(decoding: data, as: UTF8.self)
        let body = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }
            .joined(separator: "\n")
        let record: InstallRecord
        do {
            record = try JSONDecoder().decode(InstallRecord.self, from: Data(body.utf8))
        } catch {
            throw TriggerError(.invalidRecord, "'\(path)' is not a healer install record; remove it and undo the install by hand (docs/hooks.md)", underlying: error)
        }
        guard record.schemaVersion <= currentSchemaVersion else {
            throw TriggerError(.invalidRecord, "'\(path)' was written by a newer healer (schema \(record.schemaVersion)); uninstall with that version")
        }
        return record
    }

    /// The FNV-1a 64-bit digest of `data`, in hex: enough to tell whether a person edited a file.
    package static func digest(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
