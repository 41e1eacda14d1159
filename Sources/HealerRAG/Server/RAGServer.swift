// The REST face of the index, so agents in any language can search, grep and read snippets.
import Foundation
import HealerHTTP
import HealerSystem

/// A small REST server over a ``RAGIndex`` (see `docs/openapi-rag.yaml`):
///
/// - `GET /health`
/// - `POST /v1/similarity_search` with `{"query": "...", "k": 10}`
/// - `POST /v1/grep_like` with `{"regex": "...", "limit": 100}`
/// - `GET /v1/snippet/{id}`, or `POST /v1/snippet` with `{"id": "..."}`
///
/// Bad requests get 400 and `{"error": "..."}`; unknown chunk ids and routes get 404. Calls
/// are served one at a time (the index holds one SQLite connection and one libgit2 handle).
///
/// ```swift
/// let server = RAGServer(index: try RAGIndex.open(repository: repo))
/// let port = try server.start()
/// ```
package final class RAGServer: Sendable {
    private let guarded: Locked<RAGIndex>
    private let server: HTTPServer

    /// Creates a server for `index` on `host:port` (0 picks a free port); nothing is bound until ``start()``.
    package init(index: sending RAGIndex, host: String = "127.0.0.1", port: Int = 0) {
        let guarded = Locked(index)
        self.guarded = guarded
        server = HTTPServer(host: host, port: port, maxBodyBytes: 1 << 20) { request in
            guarded.withLock { index in Self.respond(to: request, index: index) }
        }
    }

    /// Binds and starts serving.
    ///
    /// - Returns: the bound port.
    /// - Throws: ``RAGError/Code/server`` when the address cannot be bound.
    @discardableResult
    package func start() throws(RAGError) -> Int {
        do {
            return try server.start()
        } catch {
            throw RAGError(.server, "cannot start the RAG server on \(server.host): \(error); pick another port with --port")
        }
    }

    /// Stops serving; calls in progress finish.
    package func stop() { server.stop() }

    /// The bound port, or 0 before ``start()``.
    package var port: Int { server.port }

    private struct SearchBody: Decodable { var query: String?; var k: Int? }
    private struct GrepBody: Decodable { var regex: String?; var limit: Int? }
    private struct SnippetBody: Decodable { var id: String? }
    private struct ErrorBody: Encodable { var error: String }
    private struct Health: Encodable { var status: String; var revision: String? }
    private struct Hits: Encodable { var hits: [Hit] }
    private struct Matches: Encodable { var matches: [GrepMatch] }

    /// Answers one request (the routing, separate from the socket work so it reads as a table).
    static func respond(to request: HTTPRequest, index: RAGIndex) -> HTTPResponse {
        let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
        do throws(RAGError) {
            switch (request.method, path) {
            case ("GET", "/health"):
                return .json(200, Health(status: "ok", revision: try index.revision))
            case ("POST", "/v1/similarity_search"):
                let body: SearchBody = try decode(request)
                guard let query = body.query else { return error(400, "the body needs a \"query\" string") }
                return .json(200, Hits(hits: try index.similaritySearch(query, k: body.k ?? 10)))
            case ("POST", "/v1/grep_like"):
                let body: GrepBody = try decode(request)
                guard let regex = body.regex else { return error(400, "the body needs a \"regex\" string") }
                return .json(200, Matches(matches: try index.grepLike(regex, limit: body.limit ?? 100)))
            case ("POST", "/v1/snippet"):
                let body: SnippetBody = try decode(request)
                guard let id = body.id else { return error(400, "the body needs an \"id\" string") }
                return .json(200, try index.snippet(id))
            case ("GET", _) where path.hasPrefix("/v1/snippet/"):
                let id = String(path.dropFirst("/v1/snippet/".count)).removingPercentEncoding ?? ""
                return .json(200, try index.snippet(id))
            case (_, "/health"), (_, "/v1/similarity_search"), (_, "/v1/grep_like"), (_, "/v1/snippet"):
                return error(405, "\(request.method) is not allowed on \(path)")
            default:
                return error(404, "no route \(request.method) \(path); see docs/openapi-rag.yaml")
            }
        } catch {
            switch error.code {
            case .invalidArgument, .invalidRegex: return Self.error(400, error.message)
            case .unknownChunk where path.hasPrefix("/v1/snippet/") || path == "/v1/snippet":
                return Self.error(error.message.contains("is not a chunk id") ? 400 : 404, error.message)
            case .notIndexed: return Self.error(409, error.message)
            default: return Self.error(500, error.description)
            }
        }
    }

    private static func decode<T: Decodable>(_ request: HTTPRequest) throws(RAGError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: request.body)
        } catch {
            throw RAGError(.invalidArgument, "the body is not the JSON object this call takes (see docs/openapi-rag.yaml)")
        }
    }

    private static func error(_ status: Int, _ message: String) -> HTTPResponse {
        .json(status, ErrorBody(error: message))
    }
}

