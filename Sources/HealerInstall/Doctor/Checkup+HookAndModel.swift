// `healer doctor`'s checks of the pre-push hook installation and the model settings (no call is made).
import Foundation
import HealerAgents
import HealerHeal
import HealerRuns
import HealerTriggers
import HealerWorkspace

extension Checkup {
    /// One check per fact of ``HookInstaller/status(processEnvironment:)``: how the hook, the
    /// hooks directory, the refspecs and git's hook support look. A missing hook is a warning
    /// (the hook is optional; CI works without it).
    static func hookChecks(directory: String, environment: [String: String]) -> [Check] {
        HookInstaller(directory: directory).status(processEnvironment: environment).map { line in
            let needsAction = ["run `healer install`", "does nothing", "not executable", "unreadable", "not on PATH"].contains { line.contains($0) }
            let parts = line.split(separator: ":", maxSplits: 1)
            let name = parts.count == 2 ? String(parts[0]) : "hook"
            let detail = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : line
            return Check(name: name, status: needsAction ? .warning : .ok, detail: detail)
        }
    }

    /// Whether the agent roles have a model: the resolved settings (without the key), or what to set.
    static func modelCheck(configuration: Configuration, environment: [String: String]) -> Check {
        do {
            let settings = try ModelSettings.resolve(config: configuration.resolved.model, environment: environment)
            if let missing = settings.missingKey {
                return Check(name: "model", status: .warning, detail: "\(settings.provider.rawValue) model '\(settings.model)' at \(settings.baseURL.absoluteString): no API key",
                             fix: missing)
            }
            return Check(name: "model", status: .ok, detail: settings.description)
        } catch {
            return Check(name: "model", status: .warning, detail: "the agent roles have no model: \(error.message)",
                         fix: "set model.* in .healer.yml or HEALER_LLM_PROVIDER/HEALER_LLM_BASE_URL/HEALER_LLM_MODEL (docs/models.md); `healer heal` needs none")
        }
    }
}
