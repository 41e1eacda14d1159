// One comment per run on a PR/MR, over real HTTP against a fake GitHub/GitLab API on 127.0.0.1.
import Foundation
import HealerPipeline
import HealerTestSupport
import Testing

@Suite("ReviewThread and ReviewCommenter", .serialized)
struct ReviewCommenterTests {
    static let token = "ghs_fake_token_0123456789abcdef"

    @Test("GitHub: the first job creates the run's comment, later jobs edit it; other comments stay")
    func githubUpsert() async throws {
        let api = FakeReviewAPI(token: Self.token, comments: ["LGTM"])
        let url = try api.start()
        defer { api.stop() }
        let commenter = ReviewCommenter(thread: ReviewThread(provider: .github, api: url + "/", project: "o/r", number: 7), token: Self.token)
        #expect(try await commenter.upsert(run: "01RUN", body: "stage planned") == .created)
        #expect(try await commenter.upsert(run: "01RUN", body: "stage done") == .updated)
        #expect(try await commenter.upsert(run: "02OTHER", body: "another run") == .created)
        #expect(api.comments.map(\.body) == ["LGTM", ReviewThread.marker(run: "01RUN") + "\nstage done", ReviewThread.marker(run: "02OTHER") + "\nanother run"])
        #expect(api.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.token)" })
        #expect(api.requests.contains { $0.method == "PATCH" && $0.path == "/repos/o/r/issues/comments/101" })
    }

    @Test("GitLab: notes on the merge request with PRIVATE-TOKEN, found again past the first page")
    func gitlabUpsertPaged() async throws {
        var seeded = (0..<130).map { "note \($0)" }
        seeded[120] = ReviewThread.marker(run: "01RUN") + "\nold"
        let api = FakeReviewAPI(token: Self.token, comments: seeded)
        let url = try api.start()
        defer { api.stop() }
        let commenter = ReviewCommenter(thread: ReviewThread(provider: .gitlab, api: url, project: "42", number: 3), token: Self.token)
        #expect(try await commenter.upsert(run: "01RUN", body: "new") == .updated)
        #expect(api.comments.count == 130)
        #expect(api.comments[120].body.hasSuffix("\nnew"))
        #expect(api.requests.contains { $0.method == "PUT" && $0.path == "/projects/42/merge_requests/3/notes/220" })
        #expect(api.requests.allSatisfy { $0.headers["private-token"] == Self.token && $0.headers["authorization"] == nil })
    }

    @Test("a refused token: one error that says which permission, without the token")
    func refused() async throws {
        let api = FakeReviewAPI(token: "another-token")
        let url = try api.start()
        defer { api.stop() }
        let commenter = ReviewCommenter(thread: ReviewThread(provider: .github, api: url, project: "o/r", number: 7), token: Self.token)
        do {
            _ = try await commenter.upsert(run: "01RUN", body: "x")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .network)
            #expect(error.message.contains("401") && error.message.contains("pull-requests: write"))
            #expect(!error.message.contains(Self.token))
        }
        #expect(api.comments.isEmpty)
    }

    @Test("the thread comes from GitHub's pull_request payload or GitLab's MR variables; pushes have none")
    func detect() throws {
        let payload = try JSONSerialization.data(withJSONObject: ["pull_request": ["number": 9], "repository": ["full_name": "o/r"]])
        let github = ReviewThread.detect(environment: ["GITHUB_ACTIONS": "true", "GITHUB_API_URL": "https://ghe.example/api/v3"], payload: payload)
        #expect(github == ReviewThread(provider: .github, api: "https://ghe.example/api/v3", project: "o/r", number: 9))
        #expect(ReviewThread.detect(environment: ["GITHUB_ACTIONS": "true"], payload: Data("{\"ref\":\"refs/heads/main\"}".utf8)) == nil)
        let gitlab = ReviewThread.detect(environment: ["GITLAB_CI": "true", "CI_MERGE_REQUEST_IID": "4", "CI_PROJECT_ID": "42",
                                                       "CI_API_V4_URL": "https://gitlab.example/api/v4"], payload: nil)
        #expect(gitlab == ReviewThread(provider: .gitlab, api: "https://gitlab.example/api/v4", project: "42", number: 4))
        #expect(gitlab?.token(environment: ["HEALER_GITLAB_TOKEN": "t", "CI_JOB_TOKEN": "j"]) == "t")
        #expect(github?.token(environment: ["GITHUB_TOKEN": "g"]) == "g")
        #expect(ReviewThread.detect(environment: ["GITLAB_CI": "true", "CI_PROJECT_ID": "42", "CI_API_V4_URL": "u"], payload: nil) == nil)
    }
}
