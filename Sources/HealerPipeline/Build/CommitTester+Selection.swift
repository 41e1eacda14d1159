// Running only the failing tests on a bisection step, where the test runner can select them.
import HealerExecution

extension CommitTester {
    /// The command that runs only `tests` (ids as the reports name them), or `nil` when the
    /// runner cannot select tests and the whole suite must run.
    static func selectionCommand(for command: Command, tests: [String]) -> Command? {
        nil
    }
}
