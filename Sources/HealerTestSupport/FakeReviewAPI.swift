// A GitHub/GitLab REST API on 127.0.0.1 that keeps PR/MR comments in memory, for comment tests.
import Foundation
import HealerHTTP
import HealerSystem

/// The comment endpoints of GitHub (`/repos/O/R/issues/N/comments`, `/repos/O/R/issues/comments/ID`)
/// and GitLab (`/projects/P/merge_requests/N/notes[/ID]`), and opening and listing pull requests
/// (`/repos/O/R/pulls`) and merge requests (`/projects/P/merge_requests`), over real HTTP.
/// Requests without the expected token (`Authorization: Bearer T` or `PRIVATE-TOKEN: T`) get 401.
package final class FakeReviewAPI: Sendable {
    /// A comment as stored.
    package struct Comment: Sendable, Equatable {
        /// Its id.
        package var id: Int
        /// Its text.
        package var body: String
    }

    /// One request, as received.
    package struct Request: Sendable {
        /// The method.
        package var method: String
        /// The path, without the query.
        package var path: String
        /// All headers, lower-cased names.
        package var headers: [String: String]
    }

    /// A pull or merge request as opened.
    package struct Review: Sendable, Equatable {
        /// Its number (iid on GitLab).
        package var number: Int
        /// The branch it proposes.
        package var head: String
        /// The branch it targets.
        package var base: String
        /// Its title.
        package var title: String
        /// Its description.
        package var body: String
    }

    private struct State {
        var reviews: [Review] = []
        var comments: [Comment] = []
        var requests: [Request] = []
        var nextID = 100
    }

    private let token: String
    private let state = Locked(State())
    private let server = Locked<HTTPServer?>(nil)

    /// Creates an API that accepts `token`; `comments` are there from the start.
    package init(token: String, comments: [String] = []) {
        self.token = token
        state.withLock { state in
            for body in comments {
                state.comments.append(Comment(id: state.nextID, body: body))
                state.nextID += 1
            }
        }
    }

    /// Starts listening; returns the base URL (`GITHUB_API_URL`, or `CI_API_V4_URL`).
    package func start() throws -> String {
        let http = HTTPServer(host: "127.0.0.1", port: 0) { [self] request in handle(request) }
        let port = try http.start()
        server.withLock { $0 = http }
        return "http://127.0.0.1:\(port)"
    }

    /// Stops the server.
    package func stop() {
        server.withLock { current in
            current?.stop()
            current = nil
        }
    }

    deinit { stop() }

    /// The comments now, oldest first.
    package var comments: [Comment] { state.withLock { $0.comments } }
    /// Every request, oldest first.
    package var requests: [Request] { state.withLock { $0.requests } }
    /// The pull/merge requests opened, oldest first.
    package var reviews: [Review] { state.withLock { $0.reviews } }

    private func handle(_ request: HTTPRequest) -> HTTPResponse {
        state.withLock { $0.requests.append(Request(method: request.method, path: request.path, headers: request.headers)) }
        let authorized = request.headers["authorization"] == "Bearer \(token)" || request.headers["private-token"] == token
        guard authorized else { return .text(401, "{\"message\":\"Bad credentials\"}") }
        let parts = request.path.split(separator: "/").map(String.init)
        if parts.last == "pulls" || parts.last == "merge_requests" { return reviews(request) }
        let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any])?["body"] as? String
        // GitHub: repos/O/R/issues/N/comments | repos/O/R/issues/comments/ID; GitLab: projects/P/merge_requests/N/notes[/ID].
        let isList = parts.last == "comments" || parts.last == "notes"
        let commentID = !isList ? Int(parts.last ?? "") : nil
        switch (request.method, isList, commentID) {
        case ("GET", true, _):
            let page = Int(request.query["page"] ?? "1") ?? 1
            let perPage = Int(request.query["per_page"] ?? "30") ?? 30
            let all = comments.map { ["id": $0.id, "body": $0.body] as [String: Any] }
            let slice = Array(all.dropFirst((page - 1) * perPage).prefix(perPage))
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: (try? JSONSerialization.data(withJSONObject: slice)) ?? Data())
        case ("POST", true, _):
            guard let body else { return .text(422, "{\"message\":\"body missing\"}") }
            let id = state.withLock { state -> Int in
                state.comments.append(Comment(id: state.nextID, body: body))
                state.nextID += 1
                return state.nextID - 1
            }
            return .text(201, "{\"id\":\(id)}")
        case ("PATCH", false, let id?), ("PUT", false, let id?):
            guard let body else { return .text(422, "{\"message\":\"body missing\"}") }
            let found = state.withLock { state -> Bool in
                guard let index = state.comments.firstIndex(where: { $0.id == id }) else { return false }
                state.comments[index].body = body
                return true
            }
            return found ? .text(200, "{\"id\":\(id)}") : .text(404, "{\"message\":\"Not Found\"}")
        default:
            return .text(404, "{\"message\":\"Not Found\"}")
        }
    }

    private func reviews(_ request: HTTPRequest) -> HTTPResponse {
        let github = request.path.hasSuffix("/pulls")
        if request.method == "GET" {
            // GitHub filters by `head=owner:branch`, GitLab by `source_branch=branch`.
            let head = github ? request.query["head"]?.split(separator: ":", maxSplits: 1).last.map(String.init) : request.query["source_branch"]
            let open = reviews.filter { head == nil || $0.head == head }.map { review -> [String: Any] in
                github ? ["number": review.number, "html_url": "https://example.invalid/pull/\(review.number)"]
                    : ["iid": review.number, "web_url": "https://example.invalid/-/merge_requests/\(review.number)"]
            }
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: (try? JSONSerialization.data(withJSONObject: open)) ?? Data())
        }
        guard request.method == "POST", let json = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
              let head = (json["head"] ?? json["source_branch"]) as? String, let base = (json["base"] ?? json["target_branch"]) as? String,
              let title = json["title"] as? String else { return .text(422, "{\"message\":\"Validation Failed\"}") }
        let body = (json["body"] ?? json["description"]) as? String ?? ""
        let number = state.withLock { state -> Int in
            state.reviews.append(Review(number: state.reviews.count + 1, head: head, base: base, title: title, body: body))
            return state.reviews.count
        }
        let reply: [String: Any] = github ? ["number": number, "html_url": "https://example.invalid/pull/\(number)"]
            : ["iid": number, "web_url": "https://example.invalid/-/merge_requests/\(number)"]
        return HTTPResponse(status: 201, headers: ["Content-Type": "application/json"], body: (try? JSONSerialization.data(withJSONObject: reply)) ?? Data())
    }
}
