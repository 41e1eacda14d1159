// The part of the GitHub and GitLab REST APIs healer uses, with the token kept out of every message.
import Foundation
import HealerHTTP
import HealerHeal
import HealerWorkspace

/// A repository on GitHub or GitLab, as its CI job sees it, and an authenticated JSON client for
/// its REST API (`GITHUB_API_URL`, `CI_API_V4_URL`).
package struct ReviewAPI: Sendable {
    /// The CI system.
    package var provider: CIProvider
    /// The REST API's base URL, without a trailing slash.
    package var api: String
    /// `owner/repo` on GitHub, the numeric project id (or `group/project`) on GitLab.
    package var project: String
    let token: String

    /// Creates a client.
    package init(provider: CIProvider, api: String, project: String, token: String) {
        self.provider = provider
        self.api = api.hasSuffix("/") ? String(api.dropLast()) : api
        self.project = project
        self.token = token
    }

    /// The repository of the CI job in `environment`, with its token (`HEALER_GITHUB_TOKEN` or
    /// `GITHUB_TOKEN`; `HEALER_GITLAB_TOKEN`), or `nil` outside CI or without a token.
    package static func detect(environment: [String: String]) -> ReviewAPI? {
        func value(_ names: String...) -> String? { names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty } }
        if environment["GITHUB_ACTIONS"] == "true", let project = value("GITHUB_REPOSITORY"), let token = value("HEALER_GITHUB_TOKEN", "GITHUB_TOKEN") {
            return ReviewAPI(provider: .github, api: value("GITHUB_API_URL") ?? "https://api.github.com", project: project, token: token)
        }
        if environment["GITLAB_CI"] == "true", let project = value("CI_MERGE_REQUEST_PROJECT_ID", "CI_PROJECT_ID"),
           let api = value("CI_API_V4_URL"), let token = value("HEALER_GITLAB_TOKEN") {
            return ReviewAPI(provider: .gitlab, api: api, project: project, token: token)
        }
        return nil
    }

    /// The project's path prefix: `/repos/O/R` or `/projects/ID`.
    var projectPath: String {
        switch provider {
        case .github: "/repos/\(project)"
        case .gitlab: "/projects/\(project.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? project)"
        }
    }

    /// What to call the review unit in messages: `pull request` or `merge request`.
    package var reviewName: String { provider == .github ? "pull request" : "merge request" }

    /// Calls to the API: 20 s an attempt, replies up to 32 MiB, two retries on 429, 502, 503 and
    /// 504 (a timed-out request is not repeated: it may have posted its comment).
    static let policy = HTTPClient.Policy(timeoutSeconds: 20, maxResponseBytes: 32 << 20, retry: RetryPolicy(maxRetries: 2))

    /// Sends a JSON request to `path` (under ``api``) and returns the reply's body.
    ///
    /// - Parameter hint: added to a 401/403/404 error (which permission or scope is missing).
    /// - Throws: ``TriggerError/Code/network`` for an unreachable API or a non-2xx status; the
    ///   message names the method and path, never the token.
    func send(_ method: String, _ path: String, body: [String: Any]? = nil, hint: String) async throws(TriggerError) -> Data {
        guard let url = URL(string: api + path) else {
            throw TriggerError(.invalidInput, "'\(api)' is not a usable API address")
        }
        var headers = ["User-Agent": "healer"]
        switch provider {
        case .github:
            headers["Authorization"] = "Bearer \(token)"
            headers["Accept"] = "application/vnd.github+json"
            headers["X-GitHub-Api-Version"] = "2022-11-28"
        case .gitlab:
            headers["PRIVATE-TOKEN"] = token
        }
        var data: Data?
        if let body {
            headers["Content-Type"] = "application/json"
            data = try? JSONSerialization.data(withJSONObject: body)
        }
        let client = HTTPClient(service: "the \(provider.rawValue) API", policy: Self.policy)
        do {
            return try await client.send(.init(method: method, url: url, headers: headers, body: data)).body
        } catch {
            let fix = [401, 403, 404].contains(error.status ?? 0) ? hint : error.fix
            throw TriggerError(.network, error.what + (fix.map { "; " + $0 } ?? ""))
        }
    }

    /// Sends a request whose reply is a JSON array of objects.
    func list(_ path: String, hint: String) async throws(TriggerError) -> [[String: Any]] {
        let data = try await send("GET", path, hint: hint)
        guard let items = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TriggerError(.network, "the \(provider.rawValue) API at \(api) answered GET \(path.split(separator: "?")[0]) with something other than a JSON array")
        }
        return items
    }
}
