// A command to run: an argument vector, or a shell string for `/bin/sh -c`.

import Foundation

/// A command to run, either as an argument vector or as a shell string.
///
/// Configuration files usually carry shell strings (`make test && ./check.sh`); detected
/// commands are argument vectors so that nothing needs quoting.
package enum Command: Sendable, Hashable, CustomStringConvertible {
    /// An executable and its arguments; the executable is looked up on `PATH` when it has no `/`.
    case argv([String])
    /// A string run with `/bin/sh -c`.
    case shell(String)

    /// The argument vector that runs this command.
    package var arguments: [String] {
        switch self {
        case .argv(let arguments): return arguments
        case .shell(let script): return ["/bin/sh", "-c", script]
        }
    }

    /// The command as a person would type it, with arguments quoted for a POSIX shell where needed.
    package var description: String {
        switch self {
        case .shell(let script): return script
        case .argv(let arguments): return arguments.map(Command.shellQuoted).joined(separator: " ")
        }
    }

    /// Quotes one argument for a POSIX shell, leaving plain words as they are.
    ///
    /// - Parameter argument: The argument to quote.
    /// - Returns: The argument, single-quoted if it contains anything but safe characters.
    package static func shellQuoted(_ argument: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !argument.isEmpty, argument.allSatisfy({ safe.contains($0) }) {
            return argument
        }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
