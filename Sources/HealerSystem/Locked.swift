// The one lock: a value behind a mutex, for the little state that threads share.
import Foundation

/// A mutable value guarded by a lock; every access goes through ``withLock(_:)``.
///
/// The only lock in healer's sources: shared counters, caches, result slots and handles that
/// several threads touch all live in one of these instead of a raw lock beside a variable.
package final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Guards `value`.
    package init(_ value: Value) { self.value = value }

    /// Runs `body` with the value while holding the lock, and returns what `body` returns.
    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Locked where Value == Void {
    /// A lock that guards no value, only a stretch of code.
    package convenience init() { self.init(()) }

    /// Runs `body` while holding the lock.
    package func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try withLock { (_: inout Void) in try body() }
    }
}
