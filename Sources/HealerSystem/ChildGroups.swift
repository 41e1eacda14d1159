// Commands die with healer: Ctrl-C, a CI cancel or a closed terminal (SIGINT, SIGTERM, SIGHUP) reaches their process groups.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups of the commands running now, and the signal handlers that pass a
/// terminating signal on to them.
///
/// Each command leads its own process group (so a timeout can stop everything it started), which
/// also means a Ctrl-C in the terminal reaches healer alone. Without this, `sleep 300` in a test
/// command outlives an interrupted `healer heal` under the plain sandbox (bubblewrap's
/// `--die-with-parent` covers the sandboxed case). The handlers are installed on the first command,
/// only for signals whose disposition is still the default: an ignored signal (`nohup`, a
/// background job) or another handler is left alone. The handler passes the signal (and SIGTERM)
/// to every registered group, kills what is left after 300 ms, restores the default action and
/// raises the signal again, so healer ends as it would have.
enum ChildGroups {
    static let capacity = 64
    /// Group ids, 0 for a free slot; read without a lock by the signal handler.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<pid_t> = {
        let pointer = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        return pointer
    }()
    /// Whether the handlers are installed; also the lock that writers of ``slots`` hold.
    private static let installed = Locked(false)

    /// Records a running command's process group.
    static func register(_ group: pid_t) {
        installed.withLock { installed in
            if !installed {
                installed = true
                installHandlers()
            }
            for index in 0..<capacity where slots[index] == 0 {
                slots[index] = group
                return
            }
        }
    }

    /// Forgets a process group once its leader has been reaped.
    static func unregister(_ group: pid_t) {
        installed.withLock { _ in
            for index in 0..<capacity where slots[index] == group { slots[index] = 0 }
        }
    }

    private static func installHandlers() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(number, forwardSignal)
            if previous != nil {  // not SIG_DFL: ignored, or someone else's handler
                signal(number, previous)
            }
        }
    }
}

/// Sends the signal and SIGTERM to every registered group (a shell's background jobs ignore
/// SIGINT), gives them 300 ms, kills what is left, then ends healer with the signal. Only
/// async-signal-safe calls: kill, nanosleep, signal, raise.
private func forwardSignal(_ number: Int32) {
    func each(_ body: (pid_t) -> Void) {
        for index in 0..<ChildGroups.capacity {
            let group = ChildGroups.slots[index]
            if group > 0 { body(group) }
        }
    }
    var any = false
    each { group in
        any = true
        kill(-group, number)
        if number != SIGTERM { kill(-group, SIGTERM) }
    }
    if any {
        var grace = timespec(tv_sec: 0, tv_nsec: 300_000_000)
        nanosleep(&grace, nil)
        each { group in kill(-group, SIGKILL) }
    }
    signal(number, SIG_DFL)
    raise(number)
}
