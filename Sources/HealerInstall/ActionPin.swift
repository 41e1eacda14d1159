// The `owner/healer@sha` the GitHub template uses: checked, or found from the source healer was built from.
import Foundation
import HealerGit
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

/// The reference of healer's GitHub Action in a workflow, pinned to a full commit SHA (tags can
/// move; zizmor's `unpinned-uses` rejects them).
package enum ActionPin {
    /// Checks that `reference` is `owner/name@<40 hex digits>`.
    ///
    /// - Throws: ``TriggerError/Code/invalidInput`` saying what is wrong with it.
    package static func validate(_ reference: String) throws(TriggerError) {
        let parts = reference.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard parts.count == 2, case let path = parts[0].split(separator: "/", omittingEmptySubsequences: false), path.count == 2,
              path.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }) else {
            throw TriggerError(.invalidInput, "action reference '\(reference)' is not OWNER/NAME@SHA; for example acme/healer@<40-hex commit>")
        }
        let sha = parts[1]
        guard sha.count == 40, sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw TriggerError(.invalidInput, "action reference '\(reference)' must end in a full 40-digit commit SHA, not '\(sha)' (tags can move); run `git rev-parse TAG` in healer's repository")
        }
    }

    /// `owner/name@sha` of the healer checkout the running binary was built from, when it is a
    /// git clone of a GitHub repository (a `.build/` inside a clone with a `github.com` remote).
    ///
    /// - Parameter executable: the binary's path (default: this process's, from `/proc/self/exe`).
    package static func detect(executable: String? = nil) -> String? {
        let path = executable ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        guard path.hasPrefix("/") else { return nil }
        var directory = URL(fileURLWithPath: (path as NSString).resolvingSymlinksInPath).deletingLastPathComponent()
        while directory.path != "/" {
            let manifest = directory.appendingPathComponent("Package.swift").path
            if let text = try? String(contentsOfFile: manifest, encoding: .utf8), text.contains("name: \"healer\"") {
                return reference(ofCheckout: directory.path)
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// `owner/name@HEAD` of the clone at `path` from its first GitHub remote, or `nil`.
    static func reference(ofCheckout path: String) -> String? {
        guard let repository = try? Repository.open(at: path), let head = try? repository.resolve("HEAD") else { return nil }
        // The configured URLs as written (`git remote -v` would show them after `insteadOf` rewrites).
        guard let remotes = try? repository.config().entries(matching: #"^remote\..*\.url$"#) else { return nil }
        for (_, url) in remotes {
            if let slug = githubSlug(url) { return "\(slug)@\(head.hex)" }
        }
        return nil
    }

    /// `owner/name` of a GitHub address (`https://github.com/o/n(.git)`, `git@github.com:o/n.git`).
    static func githubSlug(_ url: String) -> String? {
        var rest: Substring
        if let range = url.range(of: "github.com/") {
            rest = url[range.upperBound...]
        } else if let range = url.range(of: "github.com:") {
            rest = url[range.upperBound...]
        } else {
            return nil
        }
        if rest.hasSuffix(".git") { rest = rest.dropLast(4) }
        let parts = rest.split(separator: "/")
        guard parts.count == 2 else { return nil }
        return "\(parts[0])/\(parts[1])"
    }
}
