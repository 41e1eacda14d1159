// The part of the GitHub and GitLab REST APIs healer uses, with the token kept out of every message.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

    /// Sends a JSON request to `path` (under ``api``) and returns the reply's body.
    ///
    /// - Parameter hint: added to a 401/403/404 error (which permission or scope is missing).
    /// - Throws: ``TriggerError/Code/network`` for an unreachable API or a non-2xx status; the
    ///   message names the method and path, never the token.
    func send(_ method: String, _ path: String, body: [String: Any]? = nil, hint: String) async throws(TriggerError) -> Data {
        guard let url = URL(string: api + path) else {
            throw TriggerError(.invalidInput, "'\(api)' is not a usable API address")
        }
        var request = URLRequest(url: url, timeoutInterval: 20)
        request.httpMethod = method
        request.setValue("healer", forHTTPHeaderField: "User-Agent")
        switch provider {
        case .github:
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
            request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        case .gitlab:
            request.setValue(token, forHTTPHeaderField: "PRIVATE-TOKEN")
        }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw TriggerError(.network, "cannot reach the \(provider.rawValue) API at \(api): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let extra = [401, 403, 404].contains(status) ? "; \(hint)" : ""
            throw TriggerError(.network, "the \(provider.rawValue) API answered \(status) to \(method) \(path.split(separator: "?")[0])\(extra)")
        }
        return data
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
