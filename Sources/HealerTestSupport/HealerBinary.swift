// The built `healer` executable, run as a user would run it.
import Foundation

/// Runs the `healer` executable built next to the test bundle.
package enum HealerBinary {
    /// The executable's path: `HEALER_BINARY` if set, else `healer` in the test bundle's build folder.
    package static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["HEALER_BINARY"] { return explicit }
        return builtExecutable("healer")
    }()

    /// The path of the product `name` built with the tests: in the test bundle's build folder (or
    /// up to three folders above it), else under the package's `.build/debug`.
    package static func builtExecutable(_ name: String) -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        // Fall back to the conventional location under the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)").path
    }

    /// Runs `healer ARGS` in `directory`.
    @discardableResult
    package static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:], stdin: String? = nil) -> ProcessOutput {
        var env = environment
        // Tests never talk to a real model or a user's hooks by accident.
        env["HEALER_LLM_API_KEY"] = env["HEALER_LLM_API_KEY"] ?? ""
        return runProcess(path, arguments, in: directory, environment: env, stdin: stdin)
    }
}
