// Test ids in the shape each runner selects tests by: pytest node ids, Go test paths, SwiftPM filters.

extension TestReport {
    /// pytest's node id (`tests/test_x.py::TestGroup::test_even[a b-1]`) from its JUnit
    /// `classname` and `name`.
    ///
    /// pytest writes `classname` as the node id's path with `/` turned into `.` and `.py`
    /// dropped, followed by the class names. With `file` (JUnit family xunit1) the path is
    /// known; without it (xunit2, pytest's default) the path ends before the first part that
    /// starts with an upper-case letter, since test classes are `Test…` and modules are
    /// lower case. A collection error has an empty `classname` and the module as `name`.
    ///
    /// - Parameters:
    ///   - className: The `classname` attribute.
    ///   - name: The `name` attribute (the test function, with its parameter id in brackets).
    ///   - file: The `file` attribute, when pytest wrote one.
    /// - Returns: The node id.
    package static func pytestNodeID(className: String, name: String, file: String? = nil) -> String {
        guard !className.isEmpty else {
            // A module that failed to import: pytest names it `tests.test_x`.
            return name.hasSuffix(".py") || name.contains("/") ? name : name.replacingOccurrences(of: ".", with: "/") + ".py"
        }
        let parts = className.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var moduleCount = parts.firstIndex { $0.first?.isUppercase == true } ?? parts.count
        var path = parts[..<moduleCount].joined(separator: "/") + ".py"
        if let file, !file.isEmpty {
            let dotted = (file.hasSuffix(".py") ? String(file.dropLast(3)) : file).replacingOccurrences(of: "/", with: ".")
            if className == dotted || className.hasPrefix(dotted + ".") {
                moduleCount = dotted.split(separator: ".", omittingEmptySubsequences: false).count
                path = file
            }
        }
        return ([path] + parts[moduleCount...] + [name]).joined(separator: "::")
    }

    /// SwiftPM's test id (`Module.Class/test` for XCTest, `Module.Suite/test()` for Swift
    /// Testing, `Module.freeFunction()` for a test outside a suite), the form `swift test list`
    /// prints and `swift test --filter` matches.
    ///
    /// - Parameters:
    ///   - className: The `classname` attribute: the module, then the type.
    ///   - name: The `name` attribute.
    /// - Returns: The test id.
    package static func swiftTestID(className: String, name: String) -> String {
        if className.isEmpty { return name }
        return className + (className.contains(".") ? "/" : ".") + name
    }

    /// Whether a test id names a Go test: `package.TestName` with optional `/subtest` parts.
    static func isGoTestID(_ id: String) -> Bool {
        goTestPath(id) != nil
    }

    /// The test part of a Go id (`TestAdd/zero/zero` of `example.com/calc.TestAdd/zero/zero`),
    /// or `nil` when the id names no test (a package that failed to build or panicked).
    package static func goTestPath(_ id: String) -> String? {
        let shape = #/^(?:(.*?)\.)?((?:Test|Example|Fuzz|Benchmark)[\p{L}\p{N}_]*(?:/.*)?)$/#
        guard let match = try? shape.firstMatch(in: id) else { return nil }
        return String(match.2)
    }

    /// Go ids without the tests that failed only because a subtest listed with them failed:
    /// `TestAdd` goes when `TestAdd/one` is there, so each id is a test that failed itself.
    static func goLeaves(_ ids: [String]) -> [String] {
        ids.filter { id in
            guard isGoTestID(id) else { return true }
            return !ids.contains { $0.count > id.count && $0.hasPrefix(id + "/") }
        }
    }
}
