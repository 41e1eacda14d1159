// The Test-Planner's output.

/// The tests the Test-Planner wants written.
public struct TestSpec: Codable, Sendable, Equatable {
    /// One test to write.
    public struct Case: Codable, Sendable, Equatable {
        /// A test name.
        public var name: String
        /// What it checks, as a sentence.
        public var behaviour: String
        /// The file it should live in, if the planner chose one.
        public var file: String?
        /// Creates a case.
        public init(name: String, behaviour: String, file: String? = nil) {
            self.name = name
            self.behaviour = behaviour
            self.file = file
        }
    }

    /// The cases.
    public var cases: [Case]
    /// Files or symbols the tests must cover.
    public var coverageTargets: [String]

    /// Creates a specification.
    public init(cases: [Case], coverageTargets: [String] = []) {
        self.cases = cases
        self.coverageTargets = coverageTargets
    }
}
