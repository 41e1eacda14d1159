// How healer is installed, line by line, for `healer doctor`.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

extension HookInstaller {
    /// Describes how healer is installed here, one line per fact, for `healer doctor`.
    ///
    /// Lines look like `pre-push hook: installed at /repo/.git/hooks/pre-push (chained: original
    /// hook at /repo/.git/hooks/pre-push.healer-chained)`. A line that needs action says how to fix it.
    /// Never throws: a problem becomes a line.
    ///
    /// - Parameter processEnvironment: the environment to check `HEALER`, `HEALER_BIN` and `PATH` in.
    package func status(processEnvironment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let layout: Layout
        do {
            layout = try locate()
        } catch {
            return ["pre-push hook: \(error.message)"]
        }
        var lines: [String] = []
        let record = try? loadRecord(layout)
        if Self.itemExists(layout.hook) {
            let text = String(decoding: FileManager.default.contents(atPath: layout.hook) ?? Data(), as: UTF8.self)
            if HookScript.isHealers(text) {
                let chained = Self.itemExists(layout.chained) ? " (chained: original hook at \(layout.chained))" : ""
                lines.append("pre-push hook: installed at \(layout.hook)\(chained)")
                if !FileManager.default.isExecutableFile(atPath: layout.hook) {
                    lines.append("pre-push hook: \(layout.hook) is not executable, so git skips it; run `healer install` again")
                }
            } else {
                lines.append("pre-push hook: \(layout.hook) is another tool's hook, healer is not installed; `healer install` chains it")
            }
        } else {
            lines.append("pre-push hook: not installed; run `healer install`")
        }
        if let setting = layout.hooksPathSetting {
            let shared = layout.hooksPathOrigin.map { $0.hasPrefix(layout.commonDirectory) ? "" : ", set in \($0) and shared by every repository using it" } ?? ""
            lines.append("hooks directory: \(layout.hooksDirectory) (core.hooksPath = \(setting)\(shared))")
        } else {
            lines.append("hooks directory: \(layout.hooksDirectory)")
        }
        if record == nil, Self.itemExists(layout.recordPath) {
            lines.append("install record: \(layout.recordPath) is unreadable; `healer uninstall` cannot undo config changes")
        }

        let config = gitConfig(layout.topLevel)
        let fetch = ((try? config.entries(matching: "^remote\\..*\\.fetch$")) ?? []).map { "\($0.key) \($0.value)" }
        let remotes = fetch.filter { $0.contains("refs/healer/") }
        if remotes.isEmpty {
            lines.append("fetch refspec: no remote fetches refs/healer/*; run `healer install` (or `healer sync`) to get run state from others")
        } else {
            for line in remotes { lines.append("fetch refspec: \(line)") }
        }

        lines.append(contentsOf: gitHookSupport(config))
        lines.append(healerExecutableLine(processEnvironment))
        if processEnvironment["HEALER"] == "0" {
            lines.append("HEALER=0 is set: the pre-push hook does nothing in this environment")
        }
        return lines
    }

    /// The git version and what it means for hooks: git 2.54 added config-based hooks
    /// (`hook.<name>.command` with `hook.<name>.event`), which run besides the hook file.
    private func gitHookSupport(_ config: GitConfig) -> [String] {
        let text = gitExecutableVersion() ?? ""
        guard let version = Self.gitVersion(text) else { return ["git: cannot read the version from '\(text)'"] }
        let name = "\(version.major).\(version.minor)"
        guard version >= (2, 54) else {
            return ["git \(name): no config-based hooks (they need git 2.54); healer uses the hook file"]
        }
        var lines = ["git \(name): supports config-based hooks (hook.<name>.command); healer uses the hook file, which every git runs"]
        let events = (try? config.entries(matching: "^hook\\..*\\.event$")) ?? []
        for (key, value) in events where (" " + value).hasSuffix(" pre-push") {
            lines.append("config-based pre-push hook: \(key.dropLast(".event".count)) also runs on push")
        }
        return lines
    }

    private func healerExecutableLine(_ environment: [String: String]) -> String {
        if let bin = environment["HEALER_BIN"], !bin.isEmpty {
            return FileManager.default.isExecutableFile(atPath: bin)
                ? "healer executable: \(bin) (HEALER_BIN)"
                : "healer executable: HEALER_BIN=\(bin) is not an executable file, so the hook does nothing; fix or unset HEALER_BIN"
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/healer"
            if FileManager.default.isExecutableFile(atPath: candidate) { return "healer executable: \(candidate)" }
        }
        return "healer executable: not on PATH, so the hook does nothing (it fails open); put healer on PATH or set HEALER_BIN"
    }

    /// Parses `git version 2.39.5` (also `git version 2.54.0.windows.1`).
    static func gitVersion(_ text: String) -> (major: Int, minor: Int)? {
        guard let word = text.split(separator: " ").first(where: { $0.first?.isNumber == true }) else { return nil }
        let parts = word.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        return (parts[0], parts[1])
    }
}
