// Applies an address-space limit to a command (posix_spawn cannot call setrlimit in the child).

import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Applies `RLIMIT_AS` by wrapping the command, and recognises a death from it afterwards.
enum MemoryLimit {
    /// The words to put before a command so it runs with at most `bytes` of address space:
    /// util-linux `prlimit` when on `PATH`, else the shell's `ulimit -v`.
    static func prefix(bytes: Int, path: String?) -> [String] {
        if let prlimit = ChildProcess.resolveExecutable("prlimit", path: path ?? defaultPath) {
            return [prlimit, "--as=\(bytes)", "--"]
        }
        let kibibytes = max(1, bytes / 1024)
        return ["/bin/sh", "-c", "ulimit -v \(kibibytes) && exec \"$@\"", "sh"]
    }

    static let defaultPath = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"

    /// Messages that runtimes print when an allocation fails.
    static let outOfMemoryMessages = [
        "MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory",
        "Out of memory", "memory allocation of", "failed to allocate", "JavaScript heap out of memory",
        "could not allocate", "Failed to allocate",
    ]

    /// Whether a process under a memory limit most likely died of it: killed by SIGKILL (which
    /// only an out-of-memory killer sends when the timeout did not fire), or failed with a known
    /// out-of-memory message near the end of its log. A bare SIGSEGV or SIGABRT is not enough:
    /// ordinary crashes end that way too.
    static func looksExceeded(exitCode: Int32?, signal: Int32?, log: Data) -> Bool {
        if signal == SIGKILL { return true }
        guard exitCode != 0 else { return false }
        let tail = String(decoding: log.suffix(64 << 10), as: UTF8.self)
        return outOfMemoryMessages.contains { tail.contains($0) }
    }
}
