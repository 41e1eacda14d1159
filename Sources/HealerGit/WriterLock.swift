// An advisory lock that serializes healer's writers on one reference and dies with its holder.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock(2)` lock on a file under `.git/healer/locks/`.
///
/// The kernel releases it when the holder exits, even on SIGKILL, so a killed writer never
/// blocks the next one. While holding it, healer may treat a leftover `*.lock` file of the
/// reference it guards as stale.
package final class WriterLock {
    private let descriptor: Int32

    /// Takes the lock named `name`, waiting for up to `timeout` seconds.
    package init(directory: String, name: String, timeout: Double = 30) throws(GitError) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name.replacingOccurrences(of: "/", with: "%")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GitError(.locked, "cannot open the lock file '\(path)': \(String(cString: strerror(errno))); check the permissions of .git/healer")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var delay: useconds_t = 1_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if Date() > deadline {
                close(fd)
                throw GitError(.locked, "another healer process has held '\(name)' for over \(Int(timeout)) s; wait for it to finish")
            }
            usleep(delay)
            delay = min(delay * 2, 50_000)
        }
        descriptor = fd
    }

    /// Releases the lock now (it is also released when the value is freed or the process dies).
    package func release() {
        guard !released else { return }
        released = true
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private var released = false

    deinit { release() }
}

extension Repository {
    /// Takes healer's writer lock for `reference` and clears a `*.lock` file that a killed
    /// writer left on it. Call ``WriterLock/release()`` when done.
    package func lockForWriting(_ reference: String) throws(GitError) -> WriterLock {
        let lock = try WriterLock(directory: try healerDirectory() + "/locks", name: reference)
        clearStaleLock(of: reference)
        return lock
    }

    /// Removes `<ref>.lock` when it is old enough that no live git process can own it.
    ///
    /// Every healer writer holds the writer lock, so a lock file seen under it came from a
    /// killed healer or from a git command; git holds ref locks for milliseconds, so one older
    /// than a second is stale.
    private func clearStaleLock(of reference: String) {
        let path = commonDirectory + "/" + reference + ".lock"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        let modified = (attributes[.modificationDate] as? Date) ?? .distantPast
        let age = Date().timeIntervalSince(modified)
        if age < 1 { usleep(useconds_t(max(0, (1 - age)) * 1_000_000)) }
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
    }
}
