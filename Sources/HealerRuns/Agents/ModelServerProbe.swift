// Can the model server be reached at all? A TCP connect before a run is created, no request sent.
import Foundation
import Glibc
import HealerHeal
import HealerWorkspace
#if canImport(Glibc)
#endif

/// Opens (and closes) a TCP connection to a model server's host and port.
///
/// `healer run` uses it before it creates anything, so a local server that is not started gives
/// a one-line error instead of a run that fails at its first step. Nothing is sent; behind an
/// HTTP(S) proxy (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`) the check is skipped, since the
/// server may only be reachable through it.
enum ModelServerProbe {
    /// Why `url` cannot be reached, or `nil` when a connection opened (or the check was skipped).
    static func problem(reaching url: URL, environment: [String: String], timeoutSeconds: Double = 3) -> String? {
        let proxies = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
        if proxies.contains(where: { !(environment[$0] ?? "").isEmpty }) { return nil }
        guard let host = url.host, !host.isEmpty else { return "the address has no host" }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return "the host '\(host)' does not resolve" }
        defer { freeaddrinfo(list) }
        var reason = "nothing answers on \(host):\(port)"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            defer { entry = address.pointee.ai_next }
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue), address.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            if connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return nil }
            guard errno == EINPROGRESS else {
                reason = errno == ECONNREFUSED ? "connection refused on \(host):\(port)" : "cannot connect to \(host):\(port) (\(String(cString: strerror(errno))))"
                continue
            }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, Int32(timeoutSeconds * 1000)) == 1 else {
                reason = "no answer from \(host):\(port) within \(Int(timeoutSeconds)) s"
                continue
            }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            if failure == 0 { return nil }
            reason = failure == ECONNREFUSED ? "connection refused on \(host):\(port)" : "cannot connect to \(host):\(port) (\(String(cString: strerror(failure))))"
        }
        return reason
    }
}
