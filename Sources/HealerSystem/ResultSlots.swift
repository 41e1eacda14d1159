// Result slots that concurrent work fills, one slot per iteration.
/// Per-slot results written from concurrent work; each slot is written by one iteration only.
package final class ResultSlots<Value>: Sendable {
    private let values: Locked<[Value?]>

    /// `count` empty slots.
    package init(count: Int) { values = Locked(Array(repeating: nil, count: count)) }

    /// Fills slot `index`.
    package func set(_ index: Int, _ value: Value) { values.withLock { $0[index] = value } }

    /// What slot `index` holds, `nil` while it is empty.
    package func get(_ index: Int) -> Value? { values.withLock { $0[index] } }

    /// Every slot, in order.
    package func all() -> [Value?] { values.withLock { $0 } }
}
