// A blocking client for `/v1/embeddings` on HTTPClient that validates what comes back.
import Foundation
import HealerHTTP

/// Calls an OpenAI-compatible embeddings endpoint and checks the answer: one finite vector per
/// input, all of one non-zero dimension.
struct EmbeddingClient: Sendable {
    let settings: EmbeddingSettings

    /// Calls wait `timeout` seconds an attempt and take replies up to 64 MiB; a refused
    /// connection or a busy server (429, 502, 503, 504) gets two retries half a second apart
    /// and more.
    var client: HTTPClient {
        let retry = RetryPolicy(maxRetries: 2, baseDelaySeconds: 0.5, maxDelaySeconds: 10)
        return HTTPClient(service: "the embeddings endpoint", policy: .init(timeoutSeconds: settings.timeout, maxResponseBytes: 64 << 20, retry: retry))
    }

    private struct Request: Encodable {
        var model: String
        var input: [String]
    }

    private struct Response: Decodable {
        struct Item: Decodable {
            var embedding: [Float]
            var index: Int?
        }
        var data: [Item]
    }

    /// The vectors of `texts`, in order, normalised to unit length.
    ///
    /// - Throws: ``RAGError/Code/embeddings`` when the endpoint cannot be reached, fails, or
    ///   answers with anything but one vector per text.
    func embed(_ texts: [String]) throws(RAGError) -> [[Float]] {
        guard let url = URL(string: settings.endpoint) else {
            throw RAGError(.embeddings, "'\(settings.endpoint)' is not a URL; fix the embeddings base URL")
        }
        var headers = ["Content-Type": "application/json"]
        if let name = settings.apiKeyEnvironment, let key = ProcessInfo.processInfo.environment[name], !key.isEmpty {
            headers["Authorization"] = "Bearer \(key)"
        }
        let body: Data
        do {
            body = try JSONEncoder().encode(Request(model: settings.model, input: texts))
        } catch {
            throw RAGError(.embeddings, "cannot encode an embeddings request: \(error)")
        }
        let data: Data
        do {
            data = try client.sendAndWait(.init(method: "POST", url: url, headers: headers, body: body)).body
        } catch {
            throw RAGError(.embeddings, error.oneLine)
        }
        let response: Response
        do {
            response = try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw RAGError(.embeddings, "the embeddings endpoint \(settings.endpoint) answered with something that is not an embeddings response; check the base URL and model")
        }
        guard response.data.count == texts.count else {
            throw RAGError(.embeddings, "the embeddings endpoint returned \(response.data.count) vectors for \(texts.count) texts")
        }
        let ordered = response.data.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }.map(\.element.embedding)
        guard let dimension = ordered.first?.count, dimension > 0,
              ordered.allSatisfy({ $0.count == dimension && $0.allSatisfy(\.isFinite) })
        else {
            throw RAGError(.embeddings, "the embeddings endpoint returned empty, ragged or non-finite vectors")
        }
        return ordered.map(Self.normalised)
    }

    static func normalised(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }
}
