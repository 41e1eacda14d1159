// A small HTTP/1.1 server on POSIX sockets: one thread per connection, Content-Length bodies only.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HealerSystem

/// A minimal HTTP/1.1 server for local REST APIs and test servers.
///
/// Each connection is served on its own thread and closed after one response
/// (`Connection: close`). Request bodies must carry `Content-Length`; chunked uploads get 411.
/// Malformed requests get 400, bodies over `maxBodyBytes` get 413, and a client that does not
/// send its whole request within `requestTimeoutSeconds` gets 408.
///
/// ```swift
/// let server = HTTPServer { request in .json(200, ["path": request.path]) }
/// let port = try server.start()
/// defer { server.stop() }
/// ```
package final class HTTPServer: Sendable {
    /// The address the server binds to.
    package let host: String
    /// The largest request body accepted, in bytes.
    package let maxBodyBytes: Int
    /// The largest request head (request line and headers) accepted, in bytes.
    package let maxHeaderBytes: Int
    /// How long a client may take to send a whole request, and to read the response.
    package let requestTimeoutSeconds: Double
    /// The most connections served at once; more get 503.
    package let maxConnections: Int

    private let requestedPort: Int
    private let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    private let state = Locked(State())

    private struct State {
        var listener: Int32 = -1
        var port: Int = 0
        var stopped = false
        var started = false
        var connections: Set<Int32> = []
    }

    /// Creates a server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - host: an IPv4 address (or `localhost`) to bind.
    ///   - port: the port; 0 picks a free ephemeral port.
    ///   - maxBodyBytes: the largest request body accepted (413 above it).
    ///   - maxHeaderBytes: the largest request head accepted (431 above it).
    ///   - requestTimeoutSeconds: the time a client has to send its request (408 after it).
    ///   - maxConnections: connections served at once (503 above it).
    ///   - handler: answers each request; it runs as an async task and may suspend.
    package init(host: String = "127.0.0.1", port: Int = 0, maxBodyBytes: Int = 16 << 20, maxHeaderBytes: Int = 64 << 10,
                requestTimeoutSeconds: Double = 30, maxConnections: Int = 128,
                handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.host = host
        self.requestedPort = port
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maxConnections = maxConnections
        self.handler = handler
    }

    deinit { stop() }

    /// The bound port, or 0 before ``start()``.
    package var port: Int { state.withLock { $0.port } }

    /// Binds, starts listening and serves on background threads.
    ///
    /// - Returns: the bound port (the ephemeral one chosen when `port` was 0).
    /// - Throws: ``HTTPError/Code/invalidAddress``, ``HTTPError/Code/bind`` (for example when the
    ///   port is taken) or ``HTTPError/Code/alreadyStarted``.
    @discardableResult
    package func start() throws(HTTPError) -> Int {
        let already = state.withLock { state -> Bool in
            if state.started { return true }
            state.started = true
            return false
        }
        if already { throw HTTPError(.alreadyStarted, "the HTTP server on \(host) was already started; create a new HTTPServer to serve again") }
        let listener: Int32
        let bound: Int
        do {
            (listener, bound) = try Self.listen(host: host, port: requestedPort)
        } catch {
            state.withLock { $0.started = false }
            throw error
        }
        let stoppedMeanwhile = state.withLock { state -> Bool in
            state.listener = listener
            state.port = bound
            return state.stopped
        }
        if stoppedMeanwhile {
            close(listener)
            throw HTTPError(.alreadyStarted, "the HTTP server on \(host) was stopped while starting")
        }
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "healer-http-accept-\(bound)"
        thread.start()
        return bound
    }

    /// Closes the listener and every open connection; safe to call more than once.
    ///
    /// It does not wait: the port is free when it returns, and handlers still running finish on
    /// their own (their connections are already shut down).
    package func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            for fd in state.connections { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            if state.listener >= 0 {
                _ = shutdown(state.listener, Int32(SHUT_RDWR))
                close(state.listener)
                state.listener = -1
            }
        }
    }

    private static func listen(host: String, port: Int) throws(HTTPError) -> (Int32, Int) {
        let name = host == "localhost" ? "127.0.0.1" : host
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        guard (0...65535).contains(port) else { throw HTTPError(.invalidAddress, "port \(port) is out of range; use 0 (any free port) to 65535") }
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        guard inet_pton(AF_INET, name, &address.sin_addr) == 1 else {
            throw HTTPError(.invalidAddress, "'\(host)' is not an IPv4 address; use one such as 127.0.0.1 or 0.0.0.0")
        }
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPError(.bind, "cannot create a socket: \(String(cString: strerror(errno)))", errno: errno) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
        #endif
        let bindResult = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bindResult != 0 {
            let code = errno
            close(fd)
            throw HTTPError(.bind, "cannot bind \(host):\(port): \(String(cString: strerror(code))); choose another port or stop the process using it", errno: code)
        }
        if systemListen(fd, 128) != 0 {
            let code = errno
            close(fd)
            throw HTTPError(.bind, "cannot listen on \(host):\(port): \(String(cString: strerror(code)))", errno: code)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: bound.sin_port)))
    }

    /// Accepts connections until ``stop()``. The listener is non-blocking and only used under the
    /// lock, so `stop()` can close it at any moment without racing a reused descriptor.
    private func acceptLoop() {
        while true {
            guard let listener = state.withLock({ $0.stopped ? nil : $0.listener }), listener >= 0 else { return }
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 200)
            if ready <= 0 { continue }
            let client = state.withLock { state -> Int32 in
                guard !state.stopped, state.listener == listener else { return -2 }
                return accept(listener, nil, nil)
            }
            if client == -2 { return }
            if client < 0 { continue }
            #if canImport(Darwin)
            var yes: Int32 = 1
            _ = setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let admitted = state.withLock { state -> Bool in
                if state.stopped || state.connections.count >= maxConnections { return false }
                state.connections.insert(client)
                return true
            }
            if !admitted {
                let connection = Connection(fd: client, deadline: Date().addingTimeInterval(1))
                connection.write(HTTPResponse.text(503, "the server is busy or stopping; retry shortly"))
                close(client)
                continue
            }
            let thread = Thread { [self] in
                serve(client)
                state.withLock {
                    $0.connections.remove(client)
                    close(client)
                }
            }
            thread.name = "healer-http-connection"
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        let connection = Connection(fd: fd, deadline: Date().addingTimeInterval(requestTimeoutSeconds))
        let request: HTTPRequest
        switch connection.readRequest(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes) {
        case .request(let parsed): request = parsed
        case .reject(let response):
            connection.deadline = Date().addingTimeInterval(5)
            connection.write(response)
            connection.drain()
            return
        case .closed: return
        }
        let response = Self.await(handler, request)
        connection.deadline = Date().addingTimeInterval(max(requestTimeoutSeconds, 30))
        connection.write(response, includeBody: request.method != "HEAD")
    }

    /// Runs the async handler from a plain thread and waits for it.
    private static func await(_ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse, _ request: HTTPRequest) -> HTTPResponse {
        let response = Handoff<HTTPResponse>()
        Task { response.put(await handler(request)) }
        return response.wait() ?? .text(500, "the handler produced no response")
    }
}

#if canImport(Glibc)
private func systemListen(_ fd: Int32, _ backlog: Int32) -> Int32 { Glibc.listen(fd, backlog) }
#else
private func systemListen(_ fd: Int32, _ backlog: Int32) -> Int32 { Darwin.listen(fd, backlog) }
#endif
