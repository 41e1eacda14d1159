// Whether a command's program (and, for `python3 -m MODULE`, its module) is there, before anything runs it.
import Foundation
import HealerSystem

extension Command {
    /// What would stop this command from starting in `directory`: its program is not on `PATH`
    /// (or a relative script is missing), or `python3 -m MODULE` names a module the interpreter
    /// cannot import. `nil` when it looks runnable, or when a shell string is too involved to tell.
    ///
    /// `healer doctor` uses it; the same problem found while testing is an ``UnrunnableCommand``.
    ///
    /// - Parameters:
    ///   - directory: Where the command would run (relative programs are looked up there).
    ///   - path: The `PATH` to search; defaults to this process's.
    /// - Returns: The problem and how to fix it.
    package func availabilityProblem(in directory: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> (problem: String, fix: String)? {
        let words = leadingWords
        guard let program = words.first else { return nil }
        let located: String?
        if program.contains("/") {
            let absolute = program.hasPrefix("/") ? program : directory + "/" + program
            located = FileManager.default.isExecutableFile(atPath: absolute) ? absolute : nil
        } else {
            located = ChildProcess.resolveExecutable(program, path: path)
        }
        guard let executable = located else {
            let problem = program.contains("/") ? "`\(program)` does not exist or is not executable (in \(directory))" : "`\(program)` is not on PATH"
            return (problem, "install it, or set `test:`/`build:` in .healer.yml")
        }
        let name = (program as NSString).lastPathComponent
        if name.hasPrefix("python"), let flag = words.firstIndex(of: "-m"), flag + 1 < words.count {
            let module = String(words[flag + 1].prefix { $0 != "." })
            let probe = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('\(module)') else 3)"
            let request = ProcessRequest(.argv([executable, "-c", probe]), in: directory, timeout: .seconds(30))
            if let result = try? ProcessRunner.run(request), result.exitCode == 3 {
                let reason = "\(program): No module named \(module)"
                return ("`\(program)` cannot import \(module)", UnrunnableCommand.fix(for: reason))
            }
        }
        return nil
    }

    /// The program and its arguments up to the first shell operator, without leading
    /// `VAR=value` assignments; empty when the shell string uses syntax this cannot follow.
    var leadingWords: [String] {
        switch self {
        case .argv(let arguments):
            return arguments
        case .shell(let script):
            let head = script.prefix { !";&|<>()`$\"'\n".contains($0) }
            var words = head.split(whereSeparator: \.isWhitespace).map(String.init)
            while let first = words.first, first.contains("="), !first.hasPrefix("=") { words.removeFirst() }
            if let first = words.first, ["exec", "env", "command", "time"].contains(first) { words.removeFirst() }
            if head.count < script.count, words.isEmpty { return [] }
            return words
        }
    }
}
