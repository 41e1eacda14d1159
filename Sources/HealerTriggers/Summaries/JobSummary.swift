// The Markdown a CI job writes as its summary: stage diagram, plan, results, links. Pure.
import Foundation
import HealerHeal
import HealerRuns
import HealerState
import HealerWorkspace

/// A run's job summary in Markdown, with a Mermaid `stateDiagram-v2` of its stages in which the
/// current stage is highlighted.
///
/// ```swift
/// let summary = JobSummary(runID: run.id, branch: run.branch, stage: run.stage.rawValue,
///                          history: [(from: "requested", to: "planned", event: "planned")])
/// try summary.append(environment: ProcessInfo.processInfo.environment)
/// ```
package struct JobSummary: Sendable, Equatable {
    /// One accepted transition.
    package struct Transition: Sendable, Equatable {
        /// The stage before.
        package var from: String
        /// The stage after.
        package var to: String
        /// The event's name.
        package var event: String
        /// Creates a transition.
        package init(from: String, to: String, event: String) {
            self.from = from
            self.to = to
            self.event = event
        }
    }

    /// A link shown under the results (the pull request, the run branch, a log).
    package struct Link: Sendable, Equatable {
        /// The text.
        package var title: String
        /// The address.
        package var url: String
        /// Creates a link.
        package init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// The run's id.
    package var runID: String
    /// The run's branch.
    package var branch: String
    /// The current stage (a ``HealerState/Stage`` raw value).
    package var stage: String
    /// The transitions so far, oldest first.
    package var history: [Transition]
    /// The plan's steps.
    package var planSteps: [String]
    /// Build and verification results, one line each.
    package var results: [String]
    /// The request text, if it should be shown.
    package var request: String?
    /// Links to show.
    package var links: [Link]

    /// Creates a summary.
    package init(
        runID: String,
        branch: String,
        stage: String,
        history: [(from: String, to: String, event: String)] = [],
        planSteps: [String] = [],
        results: [String] = [],
        request: String? = nil,
        links: [(title: String, url: String)] = []
    ) {
        self.runID = runID
        self.branch = branch
        self.stage = stage
        self.history = history.map { Transition(from: $0.from, to: $0.to, event: $0.event) }
        self.planSteps = planSteps
        self.results = results
        self.request = request
        self.links = links.map { Link(title: $0.title, url: $0.url) }
    }

    /// The stages of the usual path, in order (every stage but `failed`).
    static var mainPath: [String] { Stage.allCases.filter { $0 != .failed }.map(\.rawValue) }

    /// The Mermaid diagram (without the code fence).
    package var mermaid: String {
        var lines = ["stateDiagram-v2", "    direction LR"]
        var states = Self.mainPath
        for name in history.flatMap({ [$0.from, $0.to] }) + [stage] where !states.contains(name) {
            states.append(name)
        }
        // History edges carry their events; the rest of the usual path is drawn unlabelled.
        var labels: [String: [String]] = [:]
        var order: [String] = []
        for transition in history {
            let key = "\(Self.identifier(transition.from)) --> \(Self.identifier(transition.to))"
            if labels[key] == nil { order.append(key) }
            labels[key, default: []].append(Self.sanitized(transition.event))
        }
        lines.append("    [*] --> \(Self.identifier(Self.mainPath[0]))")
        for (from, to) in zip(Self.mainPath, Self.mainPath.dropFirst()) {
            let key = "\(Self.identifier(from)) --> \(Self.identifier(to))"
            if labels[key] == nil { order.append(key) }
        }
        for key in order {
            if let events = labels[key], !events.isEmpty {
                lines.append("    \(key) : \(Self.compact(events))")
            } else {
                lines.append("    \(key)")
            }
        }
        lines.append("    \(Self.identifier("done")) --> [*]")
        let currentClass = stage == Stage.failed.rawValue ? "failed" : "current"
        lines.append("    classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px,font-weight:bold")
        lines.append("    classDef failed fill:#fecaca,stroke:#b91c1c,stroke-width:3px,font-weight:bold")
        lines.append("    classDef visited fill:#dcfce7,stroke:#15803d")
        let visited = Set(history.flatMap { [$0.from, $0.to] }).subtracting([stage]).filter { states.contains($0) }
        if !visited.isEmpty {
            lines.append("    class \(visited.sorted().map(Self.identifier).joined(separator: ",")) visited")
        }
        lines.append("    class \(Self.identifier(stage)) \(currentClass)")
        return lines.joined(separator: "\n")
    }

    /// The whole summary.
    package var markdown: String {
        var out = "## healer run `\(runID)`\n\n"
        out += "**Branch:** `\(branch)` · **Stage:** `\(stage)`\n\n"
        if let request, !request.isEmpty {
            out += request.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n") + "\n\n"
        }
        out += "```mermaid\n\(mermaid)\n```\n"
        if !planSteps.isEmpty {
            out += "\n### Plan\n\n"
            for (index, step) in planSteps.enumerated() { out += "\(index + 1). \(Self.oneLine(step))\n" }
        }
        if !results.isEmpty {
            out += "\n### Results\n\n"
            for result in results { out += "- \(Self.oneLine(result))\n" }
        }
        if !history.isEmpty {
            out += "\n<details><summary>Transitions (\(history.count))</summary>\n\n| from | to | event |\n|---|---|---|\n"
            for transition in history {
                out += "| `\(transition.from)` | `\(transition.to)` | \(Self.oneLine(transition.event)) |\n"
            }
            out += "\n</details>\n"
        }
        if !links.isEmpty {
            out += "\n### Links\n\n"
            for link in links { out += "- [\(Self.oneLine(link.title))](\(link.url))\n" }
        }
        return out
    }

    /// Appends the summary to the job's summary file (see ``SummaryFile``).
    ///
    /// - Returns: whether there was such a file to write (outside CI there is not).
    /// - Throws: ``TriggerError/Code/fileSystem`` when the file cannot be written.
    @discardableResult
    package func append(environment: [String: String]) throws(TriggerError) -> Bool {
        try SummaryFile.append(markdown, environment: environment) != nil
    }

    static func identifier(_ stage: String) -> String {
        let mapped = stage.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }
        return String(mapped).isEmpty ? "unknown" : String(mapped)
    }

    static func sanitized(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || " -_.,/()".contains($0) ? $0 : " " })
    }

    static func compact(_ events: [String]) -> String {
        var counts: [(String, Int)] = []
        for event in events {
            if let index = counts.firstIndex(where: { $0.0 == event }) { counts[index].1 += 1 } else { counts.append((event, 1)) }
        }
        return counts.map { $0.1 > 1 ? "\($0.0) ×\($0.1)" : $0.0 }.joined(separator: ", ")
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }
}
