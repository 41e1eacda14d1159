// What testing one commit said: green, red, or cannot say.

/// What testing one commit said.
package enum Verdict: String, Sendable, Codable, Equatable {
    /// Builds and its tests pass.
    case green
    /// Builds and its tests fail.
    case red
    /// Cannot be built or tested (`git bisect run` exit 125): never blamed.
    case skip
}
