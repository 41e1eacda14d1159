// A parsed HTTP/1.1 request, as handed to a server's handler.
import Foundation

/// One HTTP request received by ``HTTPServer``.
package struct HTTPRequest: Sendable {
    /// The method in upper case (`GET`, `POST`...).
    package var method: String
    /// The percent-decoded path, without the query (`/v1/chat/completions`).
    package var path: String
    /// The query parameters, percent-decoded (`+` read as a space); the last value wins.
    package var query: [String: String]
    /// The headers, with lower-cased names; repeated headers are joined with `, `.
    package var headers: [String: String]
    /// The body (empty when the request had none).
    package var body: Data

    /// Creates a request.
    package init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (invalid bytes are replaced).
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON.
    ///
    /// - Throws: the decoder's error when the body is not JSON of type `T`.
    package func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: body)
    }
}
