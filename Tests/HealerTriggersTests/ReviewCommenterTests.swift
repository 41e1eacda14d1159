// One comment per run on a PR/MR, over real HTTP against a fake GitHub/GitLab API on 127.0.0.1.
import Foundation
import HealerHeal
import HealerInstall
import HealerRuns
import HealerTestSupport
import HealerTriggers
import HealerWorkspace
import Testing

@Suite("ReviewThread and ReviewCommenter", .serialized)
struct ReviewCommenterTests {
    static let token = "ghs_fake_token_0123456789abcdef"

    @Test("GitHub: the first job creates the run's comment, later jobs edit it; other comments stay")
    func githubUpsert() async throws {
        let api = FakeReviewAPI(token: Self.token, comments: ["LGTM"])
        let url = try api.start()
        defer { api.stop() }
        let commenter = ReviewCommenter(api: ReviewAPI(provider: .github, api: url + "/", project: "o/r", token: Self.token), number: 7)
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
        let commenter = ReviewCommenter(api: ReviewAPI(provider: .gitlab, api: url, project: "42", token: Self.token), number: 3)
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
        let commenter = ReviewCommenter(api: ReviewAPI(provider: .github, api: url, project: "o/r", token: Self.token), number: 7)
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

    @Test("the PR/MR number comes from GitHub's pull_request payload or GitLab's MR iid; the API and token from the job")
    func detect() throws {
        let payload = try JSONSerialization.data(withJSONObject: ["pull_request": ["number": 9], "repository": ["full_name": "o/r"]])
        #expect(ReviewThread.number(environment: ["GITHUB_ACTIONS": "true"], payload: payload) == 9)
        #expect(ReviewThread.number(environment: ["GITHUB_ACTIONS": "true"], payload: Data("{\"ref\":\"refs/heads/main\"}".utf8)) == nil)
        #expect(ReviewThread.number(environment: ["GITLAB_CI": "true", "CI_MERGE_REQUEST_IID": "4"], payload: nil) == 4)
        let github = try #require(ReviewAPI.detect(environment: ["GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r",
                                                                 "GITHUB_API_URL": "https://ghe.example/api/v3/", "GITHUB_TOKEN": "g"]))
        #expect(github.api == "https://ghe.example/api/v3" && github.project == "o/r" && github.provider == .github)
        #expect(ReviewAPI.detect(environment: ["GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r"]) == nil, "no token, no API")
        let gitlab = try #require(ReviewAPI.detect(environment: ["GITLAB_CI": "true", "CI_PROJECT_ID": "42", "CI_API_V4_URL": "https://gl/api/v4",
                                                                 "HEALER_GITLAB_TOKEN": "t", "CI_JOB_TOKEN": "j"]))
        #expect(gitlab.project == "42" && gitlab.provider == .gitlab)
        #expect(ReviewAPI.detect(environment: ["GITLAB_CI": "true", "CI_PROJECT_ID": "42", "CI_API_V4_URL": "u", "CI_JOB_TOKEN": "j"]) == nil,
                "the job token cannot comment or open merge requests")
    }

    @Test("opening a review: GitHub pull request and GitLab merge request, and never twice for one branch")
    func openReview() async throws {
        let api = FakeReviewAPI(token: Self.token)
        let url = try api.start()
        defer { api.stop() }
        for provider in [CIProvider.github, .gitlab] {
            let opener = ReviewRequestOpener(api: ReviewAPI(provider: provider, api: url, project: provider == .github ? "o/r" : "42", token: Self.token))
            let branch = "healer/regression/\(provider.rawValue)"
            let first = try await opener.open(branch: branch, base: "main", title: "Revert abc", body: "summary")
            #expect(first.created && first.url != nil)
            let second = try await opener.open(branch: branch, base: "main", title: "Revert abc", body: "summary")
            #expect(!second.created && second.url == first.url)
        }
        #expect(api.reviews.map(\.head) == ["healer/regression/github", "healer/regression/gitlab"])
        #expect(api.reviews.allSatisfy { $0.base == "main" && $0.body == "summary" })
        #expect(api.requests.contains { $0.method == "POST" && $0.path == "/repos/o/r/pulls" })
        #expect(api.requests.contains { $0.method == "POST" && $0.path == "/projects/42/merge_requests" })
    }
}
