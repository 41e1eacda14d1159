// An HTTP/1.1 reply read from a PlainSocket: status, headers, and a body of at most a limit.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads one reply: interim `1xx` replies are skipped; the body is chunked, `Content-Length`
/// bytes, or everything up to the end of the stream; past `limit` bytes the reply is refused
/// as ``BoundedTransfers/Outcome/tooLarge(declared:)`` without reading the rest.
struct PlainResponseReader {
    let socket: PlainSocket
    let limit: Int
    private var buffer: [UInt8] = []
    private var ended = false

    init(socket: PlainSocket, limit: Int) {
        self.socket = socket
        self.limit = limit
    }

    mutating func read() throws(URLError) -> BoundedTransfers.Outcome {
        while true {
            let (status, headers) = try readHead()
            if (100..<200).contains(status) { continue }
            let declared = headers["content-length"].flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
            if let declared, declared > Int64(limit) { return .tooLarge(declared: declared) }
            let body: [UInt8]?
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                body = try readChunked()
            } else if let declared {
                body = try readExactly(Int(declared))
            } else {
                body = try readToEnd()
            }
            guard let body else { return .tooLarge(declared: nil) }
            return .reply(HTTPResponse(status: status, headers: headers, body: Data(body)))
        }
    }

    /// More bytes into the buffer; `false` at the end of the stream.
    private mutating func fill() throws(URLError) -> Bool {
        guard !ended else { return false }
        let bytes = try socket.receive()
        if bytes.isEmpty { ended = true }
        buffer += bytes
        return !bytes.isEmpty
    }

    /// The status and lower-cased headers of the next reply head.
    private mutating func readHead() throws(URLError) -> (Int, [String: String]) {
        var end: Int?
        while end == nil {
            end = Connection.endOfHead(buffer)
            if end == nil {
                guard buffer.count < 64 << 10 else { throw URLError(.badServerResponse) }
                guard try fill() else { throw URLError(.networkConnectionLost) }
            }
        }
        guard let end else { throw URLError(.badServerResponse) }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        buffer.removeFirst(min(end + 4, buffer.count))
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    /// Exactly `count` body bytes.
    private mutating func readExactly(_ count: Int) throws(URLError) -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw URLError(.networkConnectionLost) }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    /// The body up to the end of the stream, or `nil` past the limit.
    private mutating func readToEnd() throws(URLError) -> [UInt8]? {
        while try fill() {
            if buffer.count > limit { return nil }
        }
        return buffer.count > limit ? nil : buffer
    }

    /// A chunked body, or `nil` past the limit.
    private mutating func readChunked() throws(URLError) -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let size = line.split(separator: ";").first.flatMap { Int($0.trimmingCharacters(in: .whitespaces), radix: 16) }
            guard let size, size >= 0 else { throw URLError(.badServerResponse) }
            if size == 0 {
                // Trailers, up to the empty line.
                while try !readLine().isEmpty {}
                return body
            }
            if body.count + size > limit { return nil }
            body += try readExactly(size)
            _ = try readLine()
        }
    }

    /// One line without its CRLF.
    private mutating func readLine() throws(URLError) -> String {
        while true {
            if let index = buffer.firstIndex(of: 10) {
                var line = Array(buffer[0..<index])
                if line.last == 13 { line.removeLast() }
                buffer.removeFirst(index + 1)
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < 64 << 10, try fill() else { throw URLError(.networkConnectionLost) }
        }
    }
}
