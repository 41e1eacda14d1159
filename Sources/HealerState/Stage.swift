// The stages of a run, in pipeline order.

/// Where a run is in the pipeline.
///
/// The names are part of healer's contract (state documents, `status --json`, CI outputs).
package enum Stage: String, CaseIterable, Sendable, Codable, Comparable {
    /// Created from a request; the Request-Planner runs next.
    case requested
    /// The plan is recorded; the Code-Planner runs next.
    case planned
    /// Coding tasks are recorded; the Coding-Agent runs next.
    case tasked
    /// Code commits are on the run branch; the Build/CI Runner runs next.
    case coded
    /// The branch builds and its tests pass; the Test-Planner runs next.
    case built
    /// The test specification is recorded; the Test-Builder runs next.
    case testsPlanned = "tests_planned"
    /// Test commits are on the run branch; the Verifier runs next.
    case testsBuilt = "tests_built"
    /// The Verifier found the branch green with its new tests; delivery runs next.
    case verified
    /// The branch is ready to merge (or a pull request is open). Terminal.
    case done
    /// The run stopped; the reason is in the run. Terminal until retried.
    case failed

    /// Whether no step runs in this stage.
    package var isTerminal: Bool { self == .done || self == .failed }

    /// The role that runs in this stage, if any.
    package var nextRole: Role? {
        switch self {
        case .requested: .requestPlanner
        case .planned: .codePlanner
        case .tasked: .codingAgent
        case .coded: .build
        case .built: .testPlanner
        case .testsPlanned: .testBuilder
        case .testsBuilt: .verifier
        case .verified: .verifier
        case .done, .failed: nil
        }
    }

    private var order: Int { Stage.allCases.firstIndex(of: self) ?? 0 }
    package static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.order < rhs.order }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let stage = Stage(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown stage '\(text)' (known stages: \(Stage.allCases.map(\.rawValue).joined(separator: ", ")))"
            ))
        }
        self = stage
    }
}

/// The agent roles and deterministic steps of the pipeline, by their command-line names.
package enum Role: String, CaseIterable, Sendable, Codable {
    case requestPlanner = "request-planner"
    case codePlanner = "code-planner"
    case codingAgent = "coding-agent"
    case build
    case testPlanner = "test-planner"
    case testBuilder = "test-builder"
    case verifier
}
