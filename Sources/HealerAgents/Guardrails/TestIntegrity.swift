// Refusing edits that make tests pass by weakening them.
import Foundation
import HealerSystem

/// A pure check that edits do not weaken the tests: no deleted test files, no removed test
/// functions, no added skip markers, no fewer assertions, unless explicitly allowed.
///
/// It works on a unified diff (``check(diff:allow:)``), on before/after contents
/// (``check(changes:allow:)``), or on an ``EditSet`` with the files' previous contents.
package enum TestIntegrity {
    /// What the configuration allows.
    package struct Allowances: Sendable, Equatable {
        /// Deleting test files or test functions.
        package var deletingTests: Bool
        /// Adding skip or focus markers.
        package var skippingTests: Bool
        /// Removing assertions.
        package var fewerAssertions: Bool
        /// Creates allowances (none by default).
        package init(deletingTests: Bool = false, skippingTests: Bool = false, fewerAssertions: Bool = false) {
            self.deletingTests = deletingTests
            self.skippingTests = skippingTests
            self.fewerAssertions = fewerAssertions
        }
    }

    /// One way an edit weakens the tests.
    package struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The kind of weakening.
        package enum Kind: String, Sendable {
            /// A test file is deleted.
            case deletedTestFile = "deleted-test-file"
            /// Test functions are removed.
            case removedTests = "removed-tests"
            /// Skip (or focus) markers are added.
            case addedSkip = "added-skip"
            /// Assertions are removed.
            case fewerAssertions = "fewer-assertions"
        }
        /// The file.
        package var path: String
        /// The kind.
        package var kind: Kind
        /// Counts before and after, or what was found.
        package var detail: String
        /// Creates a violation.
        package init(path: String, kind: Kind, detail: String) {
            self.path = path
            self.kind = kind
            self.detail = detail
        }
        /// `path: kind (detail)`.
        package var description: String { "\(path): \(kind.rawValue) (\(detail))" }
    }

    /// A file's content before and after an edit (`nil` for absent).
    package struct FileChange: Sendable, Equatable {
        /// The path.
        package var path: String
        /// The content before, or `nil` for a new file.
        package var before: String?
        /// The content after, or `nil` for a deleted file.
        package var after: String?
        /// Creates a change.
        package init(path: String, before: String?, after: String?) {
            self.path = path
            self.before = before
            self.after = after
        }
    }

    /// Whether `path` looks like a test file (test directories and the usual name patterns).
    package static func isTestPath(_ path: String) -> Bool {
        let components = path.split(separator: "/").map { $0.lowercased() }
        if components.dropLast().contains(where: { ["test", "tests", "__tests__", "spec", "specs", "testing", "e2e"].contains($0) || $0.hasSuffix("tests") }) {
            return true
        }
        let name = components.last ?? ""
        return name.hasPrefix("test_") || name.hasSuffix("_test.py") || name.hasSuffix("_test.go") || name.hasSuffix("_test.rb")
            || name.hasSuffix("_spec.rb") || name.contains(".test.") || name.contains(".spec.") || name.hasSuffix("tests.swift")
            || name.hasSuffix("test.swift") || name.hasSuffix("test.java") || name.hasSuffix("tests.java") || name.hasSuffix("test.kt")
            || name.hasSuffix("tests.cs") || name.hasSuffix("test.cs") || name.hasSuffix("_test.rs") || name.hasSuffix("_test.c")
    }

    /// Checks before/after contents.
    package static func check(changes: [FileChange], allow: Allowances = Allowances()) -> [Violation] {
        changes.flatMap { change -> [Violation] in
            let before = change.before ?? ""
            let after = change.after ?? ""
            let relevant = isTestPath(change.path) || Markers.tests.count(in: before) > 0 || Markers.tests.count(in: after) > 0
            guard relevant else { return [] }
            if change.after == nil, change.before != nil {
                return allow.deletingTests ? [] : [Violation(path: change.path, kind: .deletedTestFile, detail: "the test file is deleted")]
            }
            return compare(path: change.path, before: before, after: after, allow: allow)
        }
    }

    /// Checks a unified diff by counting markers on its removed and added lines.
    package static func check(diff: String, allow: Allowances = Allowances()) -> [Violation] {
        UnifiedDiff(parsing: diff).files.flatMap { section -> [Violation] in
            let removed = section.removed.joined(separator: "\n")
            let added = section.added.joined(separator: "\n")
            let path = section.newPath ?? section.oldPath ?? "?"
            let relevant = isTestPath(path) || Markers.tests.count(in: removed) > 0 || Markers.tests.count(in: added) > 0
            guard relevant else { return [] }
            if section.deleted, section.oldPath != nil {
                return allow.deletingTests ? [] : [Violation(path: path, kind: .deletedTestFile, detail: "the test file is deleted")]
            }
            if let oldPath = section.oldPath, let newPath = section.newPath, oldPath != newPath, isTestPath(oldPath), !isTestPath(newPath), !allow.deletingTests {
                return [Violation(path: oldPath, kind: .deletedTestFile, detail: "the test file is moved out of the tests to '\(newPath)'")]
            }
            return compare(path: path, before: removed, after: added, allow: allow)
        }
    }

    /// Checks an edit set against the previous contents of the files it touches.
    ///
    /// - Parameter before: the contents at the run's revision of the paths the edits touch
    ///   (missing paths are new files).
    package static func check(edits: EditSet, before: [String: String], allow: Allowances = Allowances()) -> [Violation] {
        var violations: [Violation] = []
        if let patch = edits.patch { violations += check(diff: patch, allow: allow) }
        var changes: [FileChange] = edits.writes.map { FileChange(path: $0.path, before: before[$0.path], after: $0.content) }
        changes += edits.deletions.map { FileChange(path: $0, before: before[$0] ?? "", after: nil) }
        violations += check(changes: changes, allow: allow)
        return violations
    }

    /// One error for a list of violations, or `nil` when there are none.
    package static func error(for violations: [Violation]) -> AgentError? {
        guard !violations.isEmpty else { return nil }
        return AgentError(.testIntegrity, "the edits weaken the tests: \(violations.map(\.description).joined(separator: "; ")); fix the code instead, or allow it in .healer.yml")
    }

    private static func compare(path: String, before: String, after: String, allow: Allowances) -> [Violation] {
        var violations: [Violation] = []
        let testsBefore = Markers.tests.count(in: before), testsAfter = Markers.tests.count(in: after)
        if testsAfter < testsBefore, !allow.deletingTests {
            violations.append(Violation(path: path, kind: .removedTests, detail: "\(testsBefore) test declarations before, \(testsAfter) after"))
        }
        let skipsBefore = Markers.skips.count(in: before), skipsAfter = Markers.skips.count(in: after)
        if skipsAfter > skipsBefore, !allow.skippingTests {
            violations.append(Violation(path: path, kind: .addedSkip, detail: "\(skipsAfter - skipsBefore) skip marker(s) added: \(Markers.skips.matches(in: after).prefix(3).joined(separator: ", "))"))
        }
        let assertsBefore = Markers.assertions.count(in: before), assertsAfter = Markers.assertions.count(in: after)
        if assertsAfter < assertsBefore, !allow.fewerAssertions {
            violations.append(Violation(path: path, kind: .fewerAssertions, detail: "\(assertsBefore) assertions before, \(assertsAfter) after"))
        }
        return violations
    }
}

/// The marker patterns, compiled once (NSRegularExpression is safe to share).
final class Markers: @unchecked Sendable {
    private let expressions: [NSRegularExpression]

    private init(_ patterns: [String]) {
        expressions = patterns.compactMap { try? NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
    }

    /// Test declarations: Swift Testing and XCTest, pytest/unittest, Jest/Mocha, Go, Rust, JUnit.
    static let tests = Markers([
        #"@Test\b"#, #"\bfunc\s+test\w*\s*\("#, #"\bdef\s+test\w*\s*\("#, #"(?<![.\w])x?(?:it|test)(?:\.\w+)?\s*\(\s*['"`]"#,
        #"\bfunc\s+Test\w*\s*\(\s*\w+\s+\*testing\.T"#, #"#\[(?:tokio::)?test\]"#,
    ])

    /// Skip and focus markers.
    static let skips = Markers([
        #"@Test\s*\(\s*\.disabled"#, #"\.disabled\s*\("#, #"\bXCTSkip"#, #"pytest\.mark\.skip"#, #"pytest\.skip\s*\("#, #"unittest\.skip"#,
        #"\b(?:it|test|describe)\.(?:skip|only|todo)\b"#, #"(?<![.\w])x(?:it|describe|test)\s*\("#, #"\bt\.Skip(?:f|Now)?\s*\("#,
        #"#\[ignore\]"#, #"@Disabled\b"#, #"@Ignore\b"#, #"\bskip\s*\(\s*['"]"#,
    ])

    /// Assertions.
    static let assertions = Markers([
        #"#expect\s*\("#, #"#require\s*\("#, #"\bXCTAssert\w*\s*\("#, #"\bXCTFail\s*\("#, #"\bassert\w*!?\s*\("#, #"^\s*assert\s"#,
        #"(?<![#\w.])expect\s*\("#, #"\bt\.(?:Error|Errorf|Fatal|Fatalf)\s*\("#, #"\b(?:require|assert)\.\w+\s*\("#, #"\bshould\.\w+"#,
    ])

    func count(in text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        let range = NSRange(text.startIndex..., in: text)
        return expressions.reduce(0) { $0 + $1.numberOfMatches(in: text, range: range) }
    }

    func matches(in text: String) -> [String] {
        let range = NSRange(text.startIndex..., in: text)
        return expressions.flatMap { expression in
            expression.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        }
    }
}
