// Turns a test command and failing test ids into a command that runs only those tests.
import HealerSystem

/// Narrows a test command to the tests that failed, for the runners that can select tests.
///
/// The ids are those of ``TestReport/failingTests``. Recognised commands (as an argument
/// vector, or a shell string of plain words):
///
/// | runner | command | selection |
/// |---|---|---|
/// | pytest | `pytest …`, `python3 -m pytest …` | node ids as arguments, in place of the paths |
/// | unittest | `python3 -m unittest [discover …]` | `module.Class.test` arguments (top level `.` only) |
/// | go | `go test …`, `gotestsum … -- …` | `-run '^TestX$/^sub_case$'` |
/// | SwiftPM | `swift test …` | one `--filter` per test |
/// | jest | `jest …`, or `npm`/`pnpm`/`yarn test` whose script is jest | `-t '^(title|…)$'` |
/// | cargo | `cargo test …` | `-- --exact` with the test paths |
///
/// Anything else (a shell script, `make test`, mocha), and ids the runner cannot select by
/// (a Go package that failed to build, a pytest id that is not a node id), give `nil`: run the
/// whole command instead.
///
/// ```swift
/// if let narrow = TestSelection.command(for: commands.test, failing: report.failingTests) { … }
/// ```
package enum TestSelection {
    /// The command that runs only the given tests, or `nil` when the runner cannot select them.
    ///
    /// - Parameters:
    ///   - test: The full test command.
    ///   - ids: Failing test ids, as ``TestReport/failingTests`` has them.
    ///   - nodeTestScript: The `test` script of `package.json`, which tells whether
    ///     `npm test` runs jest.
    /// - Returns: The narrowed command, always an argument vector, or `nil`.
    package static func command(for test: Command, failing ids: [String], nodeTestScript: String? = nil) -> Command? {
        guard !ids.isEmpty, let argv = words(test), let program = argv.first else { return nil }
        let name = program.split(separator: "/").last.map(String.init) ?? program
        if name == "pytest" || name == "py.test" { return pytest(argv, runnerEnd: 1, ids) }
        if name.hasPrefix("python"), argv.count > 2, argv[1] == "-m" {
            switch argv[2] {
            case "pytest": return pytest(argv, runnerEnd: 3, ids)
            case "unittest": return unittest(argv, ids)
            default: return nil
            }
        }
        if name == "go", argv.count > 1, argv[1] == "test" { return go(argv, after: 2, ids) }
        if name == "gotestsum" {
            guard let dashes = argv.firstIndex(of: "--") else { return go(argv + ["--"], after: argv.count + 1, ids) }
            return go(argv, after: dashes + 1, ids)
        }
        if name == "swift", argv.count > 1, argv[1] == "test" { return swift(argv, ids) }
        if name == "cargo", argv.count > 1, argv[1] == "test" { return cargo(argv, ids) }
        if name == "jest" || (name == "npx" && argv.dropFirst().first == "jest") { return .argv(argv + jest(ids)) }
        if ["npm", "pnpm", "yarn"].contains(name), argv.count == 2, argv[1] == "test",
            let script = nodeTestScript, script.split(separator: " ").first == "jest"
        {
            return .argv(argv + (name == "npm" ? ["--"] : []) + jest(ids))
        }
        return nil
    }

    // MARK: Runners

    /// pytest options whose value is the next argument (when it is given as its own word).
    private static let pytestValueOptions: Set<String> = [
        "-k", "-m", "-p", "-c", "-o", "-W", "-n", "-r", "--rootdir", "--basetemp", "--confcutdir", "--deselect",
        "--ignore", "--ignore-glob", "--junitxml", "--junit-xml", "--junit-prefix", "--log-level", "--log-file",
        "--cov", "--cov-report", "--cov-config", "--tb", "--maxfail", "--durations", "--timeout", "--import-mode",
        "--override-ini", "--capture", "--color", "--dist", "--numprocesses", "--inifile", "--lf-scope",
    ]

    private static func pytest(_ argv: [String], runnerEnd: Int, _ ids: [String]) -> Command? {
        // Node ids only: `path.py::…` or a module path (a collection error).
        guard ids.allSatisfy({ $0.contains("::") || $0.hasSuffix(".py") }) else { return nil }
        var kept = Array(argv[..<runnerEnd])
        var index = runnerEnd
        while index < argv.count {
            let argument = argv[index]
            if argument.hasPrefix("-") {
                kept.append(argument)
                if pytestValueOptions.contains(argument), index + 1 < argv.count, !argv[index + 1].hasPrefix("-") {
                    kept.append(argv[index + 1])
                    index += 1
                }
            }
            // Paths and node ids of the full run are left out: the failing ones replace them.
            index += 1
        }
        return .argv(kept + ids)
    }

    private static func unittest(_ argv: [String], _ ids: [String]) -> Command? {
        // `discover -s DIR -t TOP` names tests relative to TOP; only `.` (the default) is
        // importable from the working directory as the ids are.
        var options: [String] = []
        var index = 3
        var top: String?
        var start: String?
        while index < argv.count {
            let argument = argv[index]
            switch argument {
            case "discover":
                break
            case "-s", "--start-directory", "-t", "--top-level-directory", "-p", "--pattern":
                guard index + 1 < argv.count else { return nil }
                switch argument {
                case "-s", "--start-directory": start = argv[index + 1]
                case "-t", "--top-level-directory": top = argv[index + 1]
                default: break
                }
                index += 1
            case let flag where flag.hasPrefix("-"):
                options.append(flag)
            default:
                return nil  // explicit test names or positional discover arguments
            }
            index += 1
        }
        let isCurrent = { (directory: String?) in directory == nil || directory == "." || directory == "./" }
        guard isCurrent(top ?? start) else { return nil }
        let names = ids.map { id in
            // A class or module fixture that failed names the class: rerun the class.
            for fixture in [".setUpClass", ".tearDownClass", ".setUpModule", ".tearDownModule"] where id.hasSuffix(fixture) {
                return String(id.dropLast(fixture.count))
            }
            return id
        }
        // A test method (`module.Class.test`) or a class; a doctest (`package.module.function`)
        // cannot be loaded by name.
        let selectable = { (name: String) -> Bool in
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, !name.contains(" "), !name.contains("/"), parts.allSatisfy({ !$0.isEmpty }) else { return false }
            return [parts[parts.count - 1], parts[parts.count - 2]].contains { $0.first?.isUppercase == true }
        }
        guard names.allSatisfy(selectable) else { return nil }
        return .argv(Array(argv[..<3]) + options + names)
    }

    /// `-run` with one anchored, escaped alternation per level of the test paths; a test
    /// failing by itself (no failing subtest listed) runs with all its subtests.
    private static func go(_ argv: [String], after start: Int, _ ids: [String]) -> Command? {
        let paths = ids.compactMap(TestReport.goTestPath)
        guard paths.count == ids.count else { return nil }
        let levels = paths.map { $0.split(separator: "/", omittingEmptySubsequences: false).map(String.init) }
        let depth = levels.contains { $0.count == 1 } ? 1 : levels.map(\.count).max() ?? 1
        var pattern: [String] = []
        for level in 0..<depth {
            var names: [String] = []
            for parts in levels where level < parts.count && !names.contains(parts[level]) { names.append(parts[level]) }
            let escaped = names.map(escapeRegex)
            pattern.append(escaped.count == 1 ? "^\(escaped[0])$" : "^(\(escaped.joined(separator: "|")))$")
        }
        var arguments = Array(argv[..<start])
        var index = start
        while index < argv.count {
            // The user's own -run is replaced: the failing tests are a subset of what it ran.
            if argv[index] == "-run" || argv[index] == "--run" {
                index += 2
                continue
            }
            if argv[index].hasPrefix("-run=") || argv[index].hasPrefix("--run=") {
                index += 1
                continue
            }
            arguments.append(argv[index])
            index += 1
        }
        arguments.insert(contentsOf: ["-run", pattern.joined(separator: "/")], at: start)
        return .argv(arguments)
    }

    /// One `--filter` per test: XCTest ids anchored at both ends, Swift Testing ids (`…()`)
    /// only at the start, since Swift Testing matches the filter against an id that goes on
    /// with the source location.
    private static func swift(_ argv: [String], _ ids: [String]) -> Command? {
        var arguments: [String] = []
        var index = 0
        while index < argv.count {
            if argv[index] == "--filter" || argv[index] == "--skip" {
                index += 2
                continue
            }
            arguments.append(argv[index])
            index += 1
        }
        for id in ids {
            guard id.contains("/") || id.hasSuffix(")") else { return nil }
            let anchoredStart = id.contains(".") ? "^" : ""
            arguments += ["--filter", anchoredStart + escapeRegex(id) + (id.hasSuffix(")") ? "" : "$")]
        }
        return .argv(arguments)
    }

    private static func cargo(_ argv: [String], _ ids: [String]) -> Command? {
        guard ids.allSatisfy({ !$0.contains(" ") }) else { return nil }
        if let dashes = argv.firstIndex(of: "--") {
            return .argv(Array(argv[...dashes]) + ["--exact"] + ids + argv[(dashes + 1)...])
        }
        return .argv(argv + ["--", "--exact"] + ids)
    }

    private static func jest(_ ids: [String]) -> [String] {
        ["-t", "^(" + ids.map(escapeRegex).joined(separator: "|") + ")$"]
    }

    // MARK: Helpers

    /// The words of a command: its argument vector, or a shell string split at spaces when it
    /// has no quoting, variables, globs, redirections or other commands in it.
    static func words(_ command: Command) -> [String]? {
        switch command {
        case .argv(let arguments):
            return arguments
        case .shell(let script):
            let special = Set("'\"\\$`;&|<>()*?[]{}~#\n")
            guard !script.contains(where: special.contains) else { return nil }
            let words = script.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            // `VAR=value cmd` assignments need a shell.
            guard let first = words.first, !first.contains("=") else { return nil }
            return words
        }
    }

    /// Escapes the characters that are special in RE2, Go's and Swift's regular expressions.
    static func escapeRegex(_ text: String) -> String {
        let special = Set("\\.+*?()|[]{}^$")
        var escaped = ""
        for character in text {
            if special.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
