// Keeps one comment per run on a pull/merge request up to date, over the GitHub or GitLab REST API.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Posts the run's summary on its PR/MR, or edits the comment an earlier job posted (found by
/// ``ReviewThread/marker(run:)``), so a run has one comment that follows it.
///
/// The token goes only into the request's authorization header; errors never include it.
public struct ReviewCommenter: Sendable {
    /// The PR or MR.
    public var thread: ReviewThread
    let token: String

    /// Creates a commenter for `thread` using `token`.
    public init(thread: ReviewThread, token: String) {
        self.thread = thread
        self.token = token
    }

    /// What ``upsert(run:body:)`` did.
    public enum Outcome: String, Sendable, Equatable { case created, updated }

    /// Creates or edits the run's comment so it reads `body` (the marker is added).
    ///
    /// - Throws: ``TriggerError/Code/network`` when the API cannot be reached or refuses.
    public func upsert(run: String, body: String) async throws(TriggerError) -> Outcome {
        let marker = ReviewThread.marker(run: run)
        let text = marker + "\n" + body
        if let existing = try await findComment(containing: marker) {
            _ = try await send(thread.provider == .github ? "PATCH" : "PUT", commentPath(existing), body: ["body": text])
            return .updated
        }
        _ = try await send("POST", commentsPath, body: ["body": text])
        return .created
    }

    private var commentsPath: String {
        switch thread.provider {
        case .github: "/repos/\(thread.project)/issues/\(thread.number)/comments"
        case .gitlab: "/projects/\(thread.project.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? thread.project)/merge_requests/\(thread.number)/notes"
        }
    }

    private func commentPath(_ id: Int) -> String {
        switch thread.provider {
        case .github: "/repos/\(thread.project)/issues/comments/\(id)"
        case .gitlab: commentsPath + "/\(id)"
        }
    }

    /// The id of the first comment whose body contains `marker`, looking at up to 300 comments.
    private func findComment(containing marker: String) async throws(TriggerError) -> Int? {
        for page in 1...3 {
            let data = try await send("GET", commentsPath + "?per_page=100&page=\(page)", body: nil)
            guard let comments = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw TriggerError(.network, "the \(thread.provider.rawValue) API at \(thread.api) sent a comment list that is not a JSON array")
            }
            if let match = comments.first(where: { ($0["body"] as? String)?.contains(marker) == true }), let id = match["id"] as? Int {
                return id
            }
            if comments.count < 100 { return nil }
        }
        return nil
    }

    private func send(_ method: String, _ path: String, body: [String: String]?) async throws(TriggerError) -> Data {
        guard let url = URL(string: thread.api + path) else {
            throw TriggerError(.invalidInput, "'\(thread.api)' is not a usable API address")
        }
        var request = URLRequest(url: url, timeoutInterval: 20)
        request.httpMethod = method
        request.setValue("healer", forHTTPHeaderField: "User-Agent")
        switch thread.provider {
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
            throw TriggerError(.network, "cannot reach the \(thread.provider.rawValue) API at \(thread.api): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let hint = status == 401 || status == 403 || status == 404
                ? (thread.provider == .github ? "; the job needs `pull-requests: write`" : "; HEALER_GITLAB_TOKEN needs the api scope")
                : ""
            throw TriggerError(.network, "the \(thread.provider.rawValue) API answered \(status) to \(method) \(path.split(separator: "?")[0])\(hint)")
        }
        return data
    }
}
