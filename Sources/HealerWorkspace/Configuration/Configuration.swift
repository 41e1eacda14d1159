// .healer.yml: the project's settings, with defaults for everything.
import Foundation
import Yams

/// The settings in `.healer.yml` at the top of the work tree. Every key is optional.
///
/// ```yaml
/// build: swift build
/// test: swift test
/// sandbox: auto            # auto | bubblewrap | none
/// limits: { coding: 3, verification: 2 }
/// ```
package struct Configuration: Codable, Sendable, Equatable {
    /// The build command (detected when absent).
    package var build: String?
    /// The test command (detected when absent).
    package var test: String?
    /// `auto`, `bubblewrap` or `none`.
    package var sandbox: String?
    /// Seconds before a build or test command is killed.
    package var timeoutSeconds: Double?
    /// Memory limit for build and test commands, in MiB.
    package var memoryLimitMB: Int?
    /// The remote healer syncs with.
    package var remote: String?
    /// Bounds on the loops.
    package var limits: Limits?
    /// Model budget.
    package var budget: Budget?
    /// The hook's behaviour.
    package var hook: Hook?
    /// CI behaviour.
    package var ci: CI?
    /// The model.
    package var model: [String: String]?
    /// Paths agents may not touch, beyond `.git/` (for example `.github/`).
    package var paths: Paths?
    /// How the Verifier works.
    package var verify: Verify?
    /// The agents' `shell_exec` tool.
    package var shell: Shell?

    /// Bounds on the loops.
    package struct Limits: Codable, Sendable, Equatable {
        package var coding: Int?
        package var verification: Int?
    }
    /// Model budget per run.
    package struct Budget: Codable, Sendable, Equatable {
        package var maxTokens: Int?
        package var maxCostUSD: Double?
    }
    /// The pre-push hook.
    package struct Hook: Codable, Sendable, Equatable {
        /// Roles run locally before a push of a run branch (default: `[build]`).
        package var localSteps: [String]?
        /// Whether a red build blocks the push.
        package var blockOnRed: Bool?
    }
    /// CI behaviour.
    package struct CI: Codable, Sendable, Equatable {
        /// The PR/MR label that makes a run (default `healer`).
        package var label: String?
        /// Whether `healer ci` keeps a summary comment on the PR/MR (default true).
        package var comment: Bool?
        /// Whether `healer ci` opens a PR/MR for a regression branch heal pushed (default true).
        package var openReviews: Bool?
    }
    /// Path guards.
    package struct Paths: Codable, Sendable, Equatable {
        /// Prefixes agents may not touch.
        package var protected: [String]?
        /// Whether CI configuration and hooks may be edited.
        package var allowCIConfig: Bool?
    }
    /// Verifier settings.
    package struct Verify: Codable, Sendable, Equatable {
        /// How many times a failure is re-run to confirm it (default 2).
        package var confirmRuns: Int?
        /// The opt-out trailer (default `Healer-No-Revert`).
        package var optOutTrailer: String?
        /// How many first-parent commits back heal looks for a green one when none is known
        /// (default 128: at most 8 test runs, doubling the distance each time).
        package var searchLimit: Int?
        /// The posterior probability a culprit needs before heal blames and reverts it (default 0.95).
        package var confidence: Double?
        /// How many commits heal tests at once, each in its own worktree (default: half the cores, 1 to 4).
        package var jobs: Int?
        /// The most test runs heal spends finding the culprit after the look-back (default:
        /// three times the bisection depth plus 8); past it, heal names a suspect and reverts nothing.
        package var maxRuns: Int?
    }

    /// The `shell_exec` tool of the Coding-Agent and the Test-Builder.
    package struct Shell: Codable, Sendable, Equatable {
        /// Whether the tool is offered (default true).
        package var enabled: Bool?
        /// Seconds before one command is stopped (default 120).
        package var timeoutSeconds: Double?
    }

    /// An empty configuration: every default applies.
    package init() {}

    /// The file name.
    package static let fileName = ".healer.yml"

    /// Reads `.healer.yml` from `directory`; an absent file gives the defaults.
    ///
    /// - Throws: ``PipelineError`` (input) naming the file and the problem.
    package static func load(directory: String) throws(PipelineError) -> Configuration {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return Configuration() }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return Configuration() }
        if let root = try? Yams.compose(yaml: text), root.mapping == nil {
            let shape = root.sequence != nil ? "a list" : "a single value"
            throw PipelineError(.usage, "\(fileName) is \(shape), not a mapping of keys such as `test: make test`; see docs/configuration.md")
        }
        let configuration: Configuration
        do {
            configuration = try YAMLDecoder().decode(Configuration.self, from: text)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, let underlying = context.underlyingError {
                throw PipelineError(.usage, "\(fileName) is not valid YAML (\(yamlProblem(underlying))); fix the file")
            }
            throw PipelineError(.usage, "\(fileName): \(describe(error)); fix the file (see docs/configuration.md)")
        } catch {
            throw PipelineError(.usage, "\(fileName) is not valid YAML (\(yamlProblem(error))); fix the file")
        }
        if let unknown = unknownKeys(in: text).first {
            throw PipelineError(.usage, "\(fileName): unknown key '\(unknown.key)'\(unknown.suggestion.map { "; did you mean '\($0)'?" } ?? "; see docs/configuration.md for the keys")")
        }
        if let problem = configuration.problems.first {
            throw PipelineError(.usage, "\(fileName): \(problem); fix the file (see docs/configuration.md)")
        }
        return configuration
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "'\(path(context))' should be \(typeName(type))"
        case .valueNotFound(_, let context), .dataCorrupted(let context):
            return "'\(path(context))' has the wrong type"
        case .keyNotFound(let key, _):
            return "missing '\(key.stringValue)'"
        @unknown default:
            return "cannot read it"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default:
            // Yams names the YAML node it expected when the shape is wrong.
            switch String(describing: type) {
            case let name where name.hasSuffix("Sequence") || name.hasPrefix("Array"): "a list"
            case let name where name.hasSuffix("Mapping") || name.hasPrefix("Dictionary"): "a mapping of keys"
            case let name where name.hasSuffix("Scalar"): "a single value"
            default: "another type"
            }
        }
    }

    /// One line for a YAML syntax error: where it is and what is wrong.
    private static func yamlProblem(_ error: any Error) -> String {
        if let error = error as? YamlError {
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                return "line \(mark.line), column \(mark.column): \(problem)" + (context.map { ", \($0.text) from line \($0.mark.line)" } ?? "")
            default:
                break
            }
        }
        return String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
    }
}
