// Model settings, budget, redaction and tools for one agent step.
import Foundation
import HealerAgents
import HealerGit
import HealerHeal
import HealerState
import HealerWorkspace

/// Everything an agent role needs for one step of one run.
struct AgentSetup {
    let settings: ModelSettings?
    let session: ModelSession
    let context: AgentContext
    /// The step's `shell_exec` runners; ``StepShells/removeAll()`` when the step ends.
    let shells: StepShells

    /// Builds the session: `client` replaces the configured model (replay, tests); `recorded`
    /// answers `shell_exec` in a replay (`nil`: commands run in the sandbox).
    static func make(workspace: Workspace, run: Run, revision: ObjectID, client: (any LLMClient)?, recorded: RecordedShell? = nil,
                     progress: (String) -> Void) throws(PipelineError) -> AgentSetup {
        var settings = client == nil ? try workspace.modelSettings() : nil
        // The request shape each server took is remembered beside the index, for the next step and run.
        settings?.capabilityFile = URL(fileURLWithPath: workspace.repository.commonDirectory + "/healer/server-capabilities.json")
        guard let modelClient = client ?? settings?.makeClient() else {
            throw PipelineError(.usage, "no model client could be made; check the model settings")
        }
        let budget = BudgetGuard(budget: run.budget, pricing: settings?.pricing ?? .init())
        let session = ModelSession(client: modelClient, settings: settings, redactor: Redactor(extraSecrets: secretsInTree(workspace: workspace)), budget: budget)
        let path = workspace.repository.workDirectory ?? workspace.repository.gitDirectory
        let policy = workspace.configuration.resolved.editPolicy
        let gitWorkspace = GitWorkspace(repositoryPath: path, revision: revision.hex, base: run.base, policy: policy)
        var retriever: RAGRetriever?
        do { retriever = try RAGRetriever(repositoryPath: path, revision: revision.hex) } catch {
            progress("warning: retrieval is unavailable for this step (\(error)); the model sees no repository context")
        }
        let shells = recorded.map(StepShells.recorded) ?? StepShells.live(workspace: workspace, run: run.id, session: session, progress: progress)
        let context = AgentContext(session: session, retriever: retriever, workspace: gitWorkspace, shell: shells.runner(revision: revision), editPolicy: policy,
                                   shellTimeoutSeconds: workspace.configuration.resolved.shell.timeoutSeconds)
        return AgentSetup(settings: settings, session: session, context: context, shells: shells)
    }

    /// Values in `.env`-style files of the work tree, which must never reach a model.
    static func secretsInTree(workspace: Workspace) -> [String] {
        guard let root = workspace.repository.workDirectory else { return [] }
        var secrets: [String] = []
        for name in [".env", ".env.local", ".env.production"] {
            guard let data = FileManager.default.contents(atPath: root + "/" + name) else { continue }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                let value = line[line.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                if value.count >= 6 { secrets.append(value) }
            }
        }
        return secrets
    }
}

extension Workspace {
    /// Checks the model settings before anything is created: a model name, a valid address,
    /// and a key for hosted APIs that need one.
    ///
    /// - Throws: ``PipelineError`` (input) saying what to set.
    package func checkModel() throws(PipelineError) {
        _ = try modelSettings()
    }

    /// ``checkModel()``, then a TCP connection to the model server (nothing is sent), so a local
    /// server that is not running is reported before a run is created.
    ///
    /// - Throws: ``PipelineError`` (input) naming the address and what to do.
    package func checkModelReachable(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PipelineError) {
        let settings = try modelSettings()
        if let problem = ModelServerProbe.problem(reaching: settings.baseURL, environment: environment) {
            throw PipelineError(.usage, "cannot reach the model server at \(settings.baseURL.absoluteString): \(problem); start it, or fix HEALER_LLM_BASE_URL (model.base_url in .healer.yml)")
        }
    }

    /// The model settings from `.healer.yml` and the environment, checked.
    func modelSettings() throws(PipelineError) -> ModelSettings {
        let settings: ModelSettings
        do {
            settings = try ModelSettings.resolve(config: configuration.resolved.model)
        } catch {
            throw PipelineError(.usage, "\(error.message) (the agent roles need a model; `healer heal` works without one)")
        }
        if let missing = settings.missingKey { throw PipelineError(.usage, missing) }
        return settings
    }
}
