// A blocking client for `/v1/embeddings` that validates what comes back.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls an OpenAI-compatible embeddings endpoint and checks the answer: one finite vector per
/// input, all of one non-zero dimension.
struct EmbeddingClient: Sendable {
    let settings: EmbeddingSettings

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
        var request = URLRequest(url: url, timeoutInterval: settings.timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let name = settings.apiKeyEnvironment, let key = ProcessInfo.processInfo.environment[name], !key.isEmpty {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        do {
            request.httpBody = try JSONEncoder().encode(Request(model: settings.model, input: texts))
        } catch {
            throw RAGError(.embeddings, "cannot encode an embeddings request: \(error)")
        }
        let (data, status) = try Self.send(request)
        guard status == 200 else {
            let detail = String(decoding: data.prefix(200), as: UTF8.self)
            throw RAGError(.embeddings, "the embeddings endpoint \(settings.endpoint) answered HTTP \(status): \(detail)")
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

    private static func send(_ request: URLRequest) throws(RAGError) -> (Data, Int) {
        final class Box: @unchecked Sendable {
            var data = Data()
            var status = 0
            var failure: String?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                box.failure = error.localizedDescription
            } else {
                box.data = data ?? Data()
                box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            }
            done.signal()
        }
        task.resume()
        done.wait()
        if let failure = box.failure {
            throw RAGError(.embeddings, "cannot reach the embeddings endpoint \(request.url?.absoluteString ?? "?"): \(failure)")
        }
        return (box.data, box.status)
    }
}
