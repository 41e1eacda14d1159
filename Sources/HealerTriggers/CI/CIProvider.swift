// The CI systems healer plugs into.

/// A CI system healer supports.
package enum CIProvider: String, CaseIterable, Sendable, Codable {
    /// GitHub Actions.
    case github
    /// GitLab CI/CD.
    case gitlab
}
