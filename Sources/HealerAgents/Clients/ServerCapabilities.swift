// The capability ladder of one model server and model: the request shape in use, stepped down on refusals and remembered.
import Foundation
import HealerSystem

/// The ``RequestShape`` an OpenAI-compatible server takes, learned from its refusals.
///
/// It starts at the configured top rung, or lower when the ``CapabilityStore`` remembers that
/// this server and model refused more. When a reply is a ``ShapeRefusal`` of a feature the
/// request used, the feature steps down one rung, the new shape is remembered, and the client
/// sends the request again; a remembered rung that fails later steps down the same way. The
/// agent loop validates every answer against the schema, so a weaker rung costs repair rounds,
/// not correctness.
final class ServerCapabilities: Sendable {
    private let shape: Locked<RequestShape>
    private let store: CapabilityStore?
    private let key: String

    /// Starts at `top`, or at what `store` remembers for `key` where that is lower.
    init(top: RequestShape, store: CapabilityStore?, key: String) {
        self.store = store
        self.key = key
        let remembered = store?.shape(for: key)
        shape = Locked(remembered.map(top.meeting) ?? top)
    }

    /// The shape to use now.
    var current: RequestShape { shape.withLock { $0 } }

    /// Steps the refused feature of `used` down one rung; `nil` when it is already at the bottom.
    func stepDown(_ refused: ShapeRefusal, used: RequestShape) -> RequestShape? {
        var lowered = used
        switch refused {
        case .structuredOutput:
            guard let lower = used.structuredOutput.lower else { return nil }
            lowered.structuredOutput = lower
        case .tools:
            guard used.tools == .native else { return nil }
            lowered.tools = .prompt
        }
        // Calls made in parallel may both be refused: never climb back up past another's step.
        let next = shape.withLock { current in
            current = current.meeting(lowered)
            return current
        }
        store?.remember(next, for: key)
        return next
    }
}
