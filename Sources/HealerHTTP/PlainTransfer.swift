// Plain-HTTP transfers on a socket of their own: no busy wait while a local model generates.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HealerSystem

/// A transfer ``HTTPCall`` can cancel: a URLSession task or a ``PlainTransfer``.
protocol CancellableTransfer: AnyObject, Sendable {
    func cancel()
}

extension URLSessionDataTask: CancellableTransfer {}

/// One `http://` request on a blocking socket, on a thread of its own.
///
/// URLSession on Linux (libcurl under libdispatch) keeps the socket's write source armed while
/// it waits for a reply, so a process waiting a minute for a local model's answer spins a core
/// at 70–80 % (measured: 3,300 epoll wake-ups a second), taking it from the model server on the
/// same machine. Plain HTTP/1.1 needs none of that: write the request, `poll` for the reply.
/// `https://` stays with URLSession (TLS).
final class PlainTransfer: CancellableTransfer, @unchecked Sendable {
    private let cancelled = Locked(false)

    /// Starts `request`; `ended` is called once, on the transfer's thread, when it ends.
    static func start(_ request: URLRequest, limit: Int, ended: @escaping @Sendable (BoundedTransfers.Outcome) -> Void) -> PlainTransfer {
        let transfer = PlainTransfer()
        let thread = Thread {
            let outcome = transfer.perform(request, limit: limit)
            ended(transfer.cancelled.withLock { $0 } ? .failed(URLError(.cancelled)) : outcome)
        }
        thread.name = "healer-http"
        thread.start()
        return transfer
    }

    func cancel() { cancelled.withLock { $0 = true } }

    /// Whether `request` goes through a plain transfer: `http://`, and no HTTP proxy set in the
    /// environment (`http_proxy`, `HTTP_PROXY`: URLSession's libcurl honours those, this does not).
    static func handles(_ request: URLRequest) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        return request.url?.scheme?.lowercased() == "http" && (environment["http_proxy"] ?? environment["HTTP_PROXY"] ?? "").isEmpty
    }

    private func perform(_ request: URLRequest, limit: Int) -> BoundedTransfers.Outcome {
        guard let url = request.url, let host = url.host else { return .failed(URLError(.badURL)) }
        let deadline = Date().addingTimeInterval(request.timeoutInterval)
        let fd: Int32
        switch PlainSocket.connect(host: host, port: url.port ?? 80, deadline: deadline, cancelled: cancelled) {
        case .success(let connected): fd = connected
        case .failure(let error): return .failed(error)
        }
        defer { close(fd) }
        let socket = PlainSocket(fd: fd, deadline: deadline, cancelled: cancelled)
        do {
            try socket.send(Self.head(request, url: url, host: host) + [UInt8](request.httpBody ?? Data()))
            var reader = PlainResponseReader(socket: socket, limit: limit)
            return try reader.read()
        } catch {
            return .failed(error)
        }
    }

    /// The request line and headers (`Connection: close`: one request per connection).
    static func head(_ request: URLRequest, url: URL, host: String) -> [UInt8] {
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        var lines = ["\(request.httpMethod ?? "GET") \(target) HTTP/1.1", "Host: \(host)\(url.port.map { ":\($0)" } ?? "")"]
        let skipped: Set<String> = ["host", "content-length", "connection", "transfer-encoding"]
        for (name, value) in (request.allHTTPHeaderFields ?? [:]).sorted(by: { $0.key < $1.key }) where !skipped.contains(name.lowercased()) {
            lines.append("\(name): \(value)")
        }
        lines.append("Content-Length: \(request.httpBody?.count ?? 0)")
        lines.append("Connection: close")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }
}

/// A connected socket with a deadline, read and written in `poll` slices that notice cancelling.
struct PlainSocket {
    let fd: Int32
    let deadline: Date
    let cancelled: Locked<Bool>

    /// Connects to `host:port` (each address `getaddrinfo` gives, in turn).
    static func connect(host: String, port: Int, deadline: Date, cancelled: Locked<Bool>) -> Result<Int32, URLError> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return .failure(URLError(.cannotFindHost)) }
        defer { freeaddrinfo(list) }
        var failure = URLError(.cannotConnectToHost)
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let address = next {
            next = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                let socket = PlainSocket(fd: fd, deadline: deadline, cancelled: cancelled)
                switch socket.wait(for: Int16(POLLOUT)) {
                case .success where socket.pendingError() == 0: return .success(fd)
                case .success: break
                case .failure(let error): failure = error
                }
            }
            close(fd)
        }
        return .failure(failure)
    }

    /// The socket's pending error (`SO_ERROR`): 0 once connected.
    func pendingError() -> Int32 {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 ? error : errno
    }

    /// Waits until the socket is ready for `events`, in slices of at most 250 ms.
    func wait(for events: Int16) -> Result<Void, URLError> {
        while true {
            if cancelled.withLock({ $0 }) { return .failure(URLError(.cancelled)) }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .failure(URLError(.timedOut)) }
            var poller = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 250).rounded(.up)))
            if ready > 0 { return .success(()) }
            if ready < 0, errno != EINTR { return .failure(URLError(.networkConnectionLost)) }
        }
    }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws(URLError) {
        var offset = 0
        while offset < bytes.count {
            try wait(for: Int16(POLLOUT)).get()
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw URLError(.networkConnectionLost)
            }
            offset += written
        }
    }

    /// Reads what is there (up to 64 KB); an empty array at the end of the stream.
    func receive() throws(URLError) -> [UInt8] {
        while true {
            try wait(for: Int16(POLLIN)).get()
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(chunk[0..<count]) }
            if errno == EINTR || errno == EAGAIN { continue }
            throw URLError(.networkConnectionLost)
        }
    }
}
