// The one way a thread waits for a value another thread or task hands over.
import Foundation

/// A value handed from one thread (or task) to another that blocks until it arrives.
///
/// For bridging: a plain thread waits for the end of an asynchronous call or for a signal.
/// ``put(_:)`` before or after ``wait()`` both work; a second ``put(_:)`` replaces the value.
///
/// ```swift
/// let reply = Handoff<HTTPResponse>()
/// Task { reply.put(await handler(request)) }
/// let response = reply.wait()
/// ```
package final class Handoff<Value: Sendable>: Sendable {
    private let value = Locked<Value?>(nil)
    // A one-shot signal, not a lock: the hand-over wakes the waiting thread.
    private let arrived = DispatchSemaphore(value: 0)

    /// An empty hand-off.
    package init() {}

    /// Hands `value` over and wakes the waiting thread.
    package func put(_ value: Value) {
        self.value.withLock { $0 = value }
        arrived.signal()
    }

    /// Blocks until a value is handed over, and returns it.
    @discardableResult
    package func wait() -> Value? {
        arrived.wait()
        return value.withLock { $0 }
    }
}
