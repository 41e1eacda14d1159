// What the roles need from the sandbox (the execution layer adapts to this).

/// What a sandboxed `shell_exec` tool returns.
package struct ShellResult: Sendable, Equatable {
    /// The exit status (or the signal number plus 128).
    package var exitCode: Int32
    /// Standard output and error, interleaved, possibly truncated.
    package var output: String
    /// Whether the time limit stopped the command.
    package var timedOut: Bool
    /// Creates a result.
    package init(exitCode: Int32, output: String, timedOut: Bool = false) {
        self.exitCode = exitCode
        self.output = output
        self.timedOut = timedOut
    }

    /// The tool result the model reads: `exit status N` (and the limit, when it stopped the
    /// command) on the first line, the output after it.
    package func toolText(timeoutSeconds: Double) -> String {
        "exit status \(exitCode)\(timedOut ? " (stopped by the \(Int(timeoutSeconds)) s limit)" : "")\n\(output)"
    }

    /// Reads back a result written by ``toolText(timeoutSeconds:)``; `nil` for any other text.
    package init?(toolText: String) {
        let (first, rest) = toolText.firstIndex(of: "\n").map { (toolText[..<$0], toolText[toolText.index(after: $0)...]) } ?? (toolText[...], ""[...])
        guard first.hasPrefix("exit status ") else { return nil }
        let words = first.dropFirst("exit status ".count).split(separator: " ", maxSplits: 1)
        guard let code = words.first.flatMap({ Int32($0) }) else { return nil }
        self.init(exitCode: code, output: String(rest), timedOut: words.count > 1 && words[1].hasPrefix("(stopped by the "))
    }
}

/// Runs a shell command in the run's sandbox (no network, writable work tree only, time-limited).
package protocol ShellRunner: Sendable {
    /// Runs `command` with `sh -c` in the run's work tree, stopping it after `timeoutSeconds`.
    ///
    /// - Throws: ``ToolFailure`` when the command cannot be started (its message reaches the model).
    func exec(_ command: String, timeoutSeconds: Double) async throws -> ShellResult

    /// Where and how commands run, for the tool's description (what the model is told).
    var isolation: String { get }
}

extension ShellRunner {
    /// A sandbox of the work tree with no network.
    package var isolation: String { "a sandbox of the work tree (no network)" }
}
