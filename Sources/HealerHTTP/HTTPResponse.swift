// An HTTP response: built by a server handler, or received by HTTPClient.
import Foundation

/// The answer a handler gives to an ``HTTPRequest``, or a reply ``HTTPClient`` received.
package struct HTTPResponse: Sendable {
    /// The status code (200, 404...).
    package var status: Int
    /// Headers to send (`Content-Length` and `Connection` are set by the server), or received
    /// (names lower-cased).
    package var headers: [String: String]
    /// The body.
    package var body: Data

    /// Creates a response.
    package init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response with sorted keys; a value that cannot be encoded gives a 500 with the reason.
    ///
    /// ```swift
    /// return .json(200, ["status": "ok"])
    /// ```
    package static func json(_ status: Int, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let body = try encoder.encode(value)
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
        } catch {
            return .text(500, "cannot encode the response as JSON: \(error)")
        }
    }

    /// A plain-text (UTF-8) response; a newline is added when missing.
    package static func text(_ status: Int, _ text: String) -> HTTPResponse {
        let line = text.hasSuffix("\n") ? text : text + "\n"
        return HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(line.utf8))
    }

    /// The standard reason phrase for a status code.
    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

extension HTTPResponse {
    /// The start of a reply body on one line, at most 200 characters, with each of `secrets`
    /// replaced by `[REDACTED]`: safe to put in an error message.
    package static func excerpt(_ body: Data, hiding secrets: [String] = []) -> String {
        var text = String(decoding: body.prefix(600), as: UTF8.self)
        for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "[REDACTED]") }
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
