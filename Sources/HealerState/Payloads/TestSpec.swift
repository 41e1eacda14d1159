// The Test-Planner's output.

/// The tests the Test-Planner wants written.
package struct TestSpec: Codable, Sendable, Equatable {
    /// One test to write.
    package struct Case: Codable, Sendable, Equatable {
        /// A test name.
        package var name: String
        /// What it checks, as a sentence.
        package var behaviour: String
        /// The file it should live in, if the planner chose one.
        package var file: String?
        /// Creates a case.
        package init(name: String, behaviour: String, file: String? = nil) {
            self.name = name
            self.behaviour = behaviour
            self.file = file
        }
    }

    /// The cases.
    package var cases: [Case]
    /// Files or symbols the tests must cover.
    package var coverageTargets: [String]

    /// Creates a specification.
    package init(cases: [Case], coverageTargets: [String] = []) {
        self.cases = cases
        self.coverageTargets = coverageTargets
    }
}
