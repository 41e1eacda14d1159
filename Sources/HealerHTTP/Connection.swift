// One client connection: reading a request head and body with a deadline, writing a response.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of reading one request from a connection.
enum ReadOutcome {
    /// A complete, well-formed request.
    case request(HTTPRequest)
    /// The request was refused; send this response and close.
    case reject(HTTPResponse)
    /// The client went away or said nothing before the deadline.
    case closed
}

/// A connected socket served by one thread; not shared.
final class Connection {
    let fd: Int32
    var deadline: Date
    private var buffer: [UInt8] = []

    init(fd: Int32, deadline: Date) {
        self.fd = fd
        self.deadline = deadline
    }

    private enum Chunk { case data, closed, timedOut }

    /// Reads more bytes into the buffer, waiting until the deadline at most.
    private func fill() -> Chunk {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 { if errno == EINTR { continue }; return .closed }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 { if errno == EINTR || errno == EAGAIN { continue }; return .closed }
            if count == 0 { return .closed }
            buffer.append(contentsOf: chunk[0..<count])
            return .data
        }
    }

    /// Reads and parses one request.
    func readRequest(maxHeaderBytes: Int, maxBodyBytes: Int) -> ReadOutcome {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.endOfHead(buffer)
            if headEnd != nil { break }
            if buffer.count > maxHeaderBytes {
                return .reject(.text(431, "the request head is larger than \(maxHeaderBytes) bytes"))
            }
            switch fill() {
            case .data: continue
            case .closed: return .closed
            case .timedOut: return buffer.isEmpty ? .closed : .reject(.text(408, "the request was not received in time"))
            }
        }
        guard let headEnd else { return .closed }
        if headEnd > maxHeaderBytes { return .reject(.text(431, "the request head is larger than \(maxHeaderBytes) bytes")) }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var request: HTTPRequest
        switch Self.parseHead(head) {
        case .success(let parsed): request = parsed
        case .failure(let error): return .reject(.text(400, error.message))
        }
        if let encoding = request.headers["transfer-encoding"] {
            if encoding.lowercased().contains("chunked") {
                return .reject(.text(411, "chunked request bodies are not supported; send the body with a Content-Length header"))
            }
            return .reject(.text(400, "Transfer-Encoding '\(encoding)' is not supported; send the body with a Content-Length header"))
        }
        var length = 0
        if let value = request.headers["content-length"] {
            guard let parsed = Int(value.trimmingCharacters(in: .whitespaces)), parsed >= 0 else {
                return .reject(.text(400, "Content-Length '\(value)' is not a non-negative integer"))
            }
            length = parsed
        }
        if length > maxBodyBytes {
            return .reject(.text(413, "the request body of \(length) bytes is larger than the \(maxBodyBytes)-byte limit"))
        }
        if length > 0, request.headers["expect"]?.lowercased() == "100-continue", buffer.count == headEnd + 4 {
            _ = send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let bodyStart = headEnd + 4
        while buffer.count - bodyStart < length {
            switch fill() {
            case .data: continue
            case .closed: return .closed
            case .timedOut: return .reject(.text(408, "the request body was not received in time"))
            }
        }
        request.body = Data(buffer[bodyStart..<(bodyStart + length)])
        return .request(request)
    }

    /// The offset of the `\r\n\r\n` that ends the head, if it has arrived.
    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Parses the request line and the headers.
    static func parseHead(_ head: String) -> Result<HTTPRequest, HTTPError> {
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(HTTPError(.malformedRequest, "malformed request line '\(requestLine.prefix(100))'")) }
        let method = String(parts[0])
        let target = String(parts[1])
        let version = String(parts[2])
        guard !method.isEmpty, method.allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "-") }) else {
            return .failure(HTTPError(.malformedRequest, "malformed method '\(method.prefix(20))'"))
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .failure(HTTPError(.malformedRequest, "unsupported protocol '\(version.prefix(20))'; send HTTP/1.1"))
        }
        guard target.hasPrefix("/") else { return .failure(HTTPError(.malformedRequest, "the request target must be a path starting with '/'")) }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(HTTPError(.malformedRequest, "malformed header line '\(line.prefix(100))'"))
            }
            let name = line[..<colon].lowercased()
            guard !name.isEmpty, !name.contains(" "), !name.contains("\t") else {
                return .failure(HTTPError(.malformedRequest, "malformed header name '\(name.prefix(100))'"))
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let existing = headers[name] { headers[name] = existing + ", " + value } else { headers[name] = value }
        }
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let path = String(pieces[0]).removingPercentEncoding else {
            return .failure(HTTPError(.malformedRequest, "the path '\(pieces[0].prefix(100))' has invalid percent-encoding"))
        }
        var query: [String: String] = [:]
        if pieces.count == 2 {
            for pair in pieces[1].split(separator: "&") where !pair.isEmpty {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let decode = { (raw: Substring) -> String? in String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
                guard let key = decode(keyValue[0]), let value = keyValue.count == 2 ? decode(keyValue[1]) : "" else {
                    return .failure(HTTPError(.malformedRequest, "the query has invalid percent-encoding"))
                }
                query[key] = value
            }
        }
        return .success(HTTPRequest(method: method, path: path, query: query, headers: headers))
    }

    /// Writes a whole response, then the server closes the connection.
    func write(_ response: HTTPResponse, includeBody: Bool = true) {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "connection" || lower == "transfer-encoding" { continue }
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        guard send(Array(head.utf8)) else { return }
        if includeBody, !response.body.isEmpty { _ = send(Array(response.body)) }
    }

    /// Half-closes and discards what the client still sends for a moment, so that closing does
    /// not reset the connection before the client has read an error response.
    func drain() {
        _ = shutdown(fd, Int32(SHUT_WR))
        deadline = Date().addingTimeInterval(1)
        buffer.removeAll()
        while case .data = fill() { buffer.removeAll() }
    }

    /// Sends all bytes unless the client goes away or the deadline passes.
    @discardableResult
    private func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        while offset < bytes.count {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 { if errno == EINTR { continue }; return false }
            if ready == 0 { continue }
            let sent = bytes.withUnsafeBytes { raw in
                systemSend(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset, flags)
            }
            if sent < 0 { if errno == EINTR || errno == EAGAIN { continue }; return false }
            offset += sent
        }
        return true
    }
}

#if canImport(Glibc)
private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int { Glibc.send(fd, pointer, count, flags) }
#else
private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int { Darwin.send(fd, pointer, count, flags) }
#endif
