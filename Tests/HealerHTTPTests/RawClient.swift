// A raw TCP client for sending requests URLSession would never send (malformed, chunked, slow).
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum RawClient {
    /// ``exchange(port:_:pause:)`` on a thread of its own, so that blocking socket calls never hold
    /// one of the few threads that Swift concurrency (and the server's handlers) run on.
    static func request(port: Int, _ chunks: [String], pause: Double = 0) async -> String {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: exchange(port: port, chunks, pause: pause)) }.start()
        }
    }

    /// Connects to 127.0.0.1:port, sends `chunks` (pausing `pause` seconds between them) and reads until the server closes.
    static func exchange(port: Int, _ chunks: [String], pause: Double = 0) -> String {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "connect failed" }
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        for (index, chunk) in chunks.enumerated() {
            if index > 0, pause > 0 { Thread.sleep(forTimeInterval: pause) }
            let bytes = Array(chunk.utf8)
            #if canImport(Glibc)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            #endif
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }
}
