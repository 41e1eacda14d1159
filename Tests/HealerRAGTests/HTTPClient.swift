// A tiny real-HTTP client for tests: URLSession against 127.0.0.1.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

enum HTTPClient {
    struct Reply: Sendable {
        var status: Int
        var body: Data
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
    }

    static func send(_ method: String, _ url: String, body: String? = nil) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        return try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data()))
                }
            }.resume()
        }
    }
}

import Testing
