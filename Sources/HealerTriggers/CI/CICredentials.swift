// The CI token, handed to healer's own git fetch/push only (never written into .git/config).
import Foundation
import HealerHeal

/// Turns the CI token in the environment into git configuration for one process.
///
/// The templates check out with `persist-credentials: false` (GitHub) or without rewriting the
/// remote URL (GitLab), so the code healer builds and tests cannot read a token from
/// `.git/config`. healer's fetch and push add these variables to their git environment;
/// they use git's `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n` (git ≥ 2.31) to set
/// `http.<server>/.extraheader` for that one git process.
package enum CICredentials {
    /// Environment variables that authenticate git against the CI server, or `[:]` when there is
    /// no token (`HEALER_GITHUB_TOKEN` or `GITHUB_TOKEN` on GitHub, `HEALER_GITLAB_TOKEN` on GitLab).
    ///
    /// Existing `GIT_CONFIG_COUNT` entries in `environment` are kept; the header is added after them.
    package static func gitEnvironment(environment: [String: String]) -> [String: String] {
        let server: String
        let user: String
        let token: String
        let scheme: String
        if environment["GITHUB_ACTIONS"] == "true",
           let value = environment["HEALER_GITHUB_TOKEN"].flatMap({ $0.isEmpty ? nil : $0 }) ?? environment["GITHUB_TOKEN"], !value.isEmpty {
            server = environment["GITHUB_SERVER_URL"] ?? "https://github.com"
            user = "x-access-token"
            token = value
            scheme = "AUTHORIZATION: basic"
        } else if environment["GITLAB_CI"] == "true", let value = environment["HEALER_GITLAB_TOKEN"], !value.isEmpty,
                  let url = environment["CI_SERVER_URL"], !url.isEmpty {
            server = url
            user = "oauth2"
            token = value
            scheme = "Authorization: Basic"
        } else {
            return [:]
        }
        let index = Int(environment["GIT_CONFIG_COUNT"] ?? "") ?? 0
        let credentials = Data("\(user):\(token)".utf8).base64EncodedString()
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        return [
            "GIT_CONFIG_COUNT": String(index + 1),
            "GIT_CONFIG_KEY_\(index)": "http.\(base)/.extraheader",
            "GIT_CONFIG_VALUE_\(index)": "\(scheme) \(credentials)",
        ]
    }
}
