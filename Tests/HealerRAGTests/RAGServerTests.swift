// The REST server answers the three calls over real HTTP and rejects bad requests.
import Foundation
import HealerGit
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite(.serialized) struct RAGServerTests {
    @Test func answersTheThreeCallsAndRejectsBadRequests() async throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path))
        try index.index()
        let server = RAGServer(index: index)
        let port = try server.start()
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"

        let health = try await HTTPClient.send("GET", base + "/health")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
        #expect(health.json?["revision"] as? String == fixture.head())

        let search = try await HTTPClient.send("POST", base + "/v1/similarity_search", body: #"{"query": "origin", "k": 2}"#)
        #expect(search.status == 200)
        let hits = try #require(search.json?["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        #expect(hits.first?["path"] as? String == "src/lib.rs")
        let chunkID = try #require(hits.first?["chunkID"] as? String)

        let grep = try await HTTPClient.send("POST", base + "/v1/grep_like", body: #"{"regex": "fn \\w+\\(", "limit": 10}"#)
        #expect(grep.status == 200)
        let matches = try #require(grep.json?["matches"] as? [[String: Any]])
        #expect(matches.map { $0["line"] as? Int } == [12])

        let snippet = try await HTTPClient.send("GET", base + "/v1/snippet/" + chunkID)
        #expect(snippet.status == 200)
        #expect(snippet.json?["text"] as? String == "pub fn origin() -> Point {\n    Point { x: 0 }\n}")
        let posted = try await HTTPClient.send("POST", base + "/v1/snippet", body: "{\"id\": \"\(chunkID)\"}")
        #expect(posted.json?["startLine"] as? Int == 12)

        for (method, path, body, status) in [
            ("POST", "/v1/similarity_search", "not json", 400),
            ("POST", "/v1/similarity_search", #"{"k": 3}"#, 400),
            ("POST", "/v1/similarity_search", #"{"query": "x", "k": 0}"#, 400),
            ("POST", "/v1/grep_like", #"{"regex": "(unclosed"}"#, 400),
            ("POST", "/v1/grep_like", #"{"regex": ""}"#, 400),
            ("GET", "/v1/snippet/garbage", nil, 400),
            ("GET", "/v1/snippet/" + String(repeating: "0", count: 40) + ":1", nil, 404),
            ("GET", "/v1/nothing", nil, 404),
            ("GET", "/v1/grep_like", nil, 405),
        ] as [(String, String, String?, Int)] {
            let reply = try await HTTPClient.send(method, base + path, body: body)
            #expect(reply.status == status, "\(method) \(path)")
            #expect((reply.json?["error"] as? String)?.isEmpty == false, "\(method) \(path)")
        }
    }
}
