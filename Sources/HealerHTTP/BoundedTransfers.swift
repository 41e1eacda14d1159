// The URLSession behind HTTPClient: reply bodies collected as they arrive, refused past their limit.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HealerSystem

/// The one URLSession of ``HTTPClient`` and its delegate, which collects each reply body and
/// cancels a transfer as soon as its declared or received size passes its limit, so an oversized
/// reply never fills memory.
final class BoundedTransfers: NSObject, URLSessionDataDelegate, Sendable {
    /// How one transfer ended.
    enum Outcome: Sendable {
        /// A whole reply, of any status.
        case reply(HTTPResponse)
        /// The body passed the limit; `declared` is its Content-Length when the server sent one.
        case tooLarge(declared: Int64?)
        /// URLSession's error (connection refused, reset, cancelled...).
        case failed(any Error)
    }

    /// One transfer's state; touched only under ``transfers``' lock.
    private final class Transfer {
        let limit: Int
        let ended: @Sendable (Outcome) -> Void
        var data = Data()
        var response: HTTPURLResponse?
        var declared: Int64?
        var tooLarge = false
        init(limit: Int, ended: @escaping @Sendable (Outcome) -> Void) {
            self.limit = limit
            self.ended = ended
        }
    }

    /// The shared instance; its session lives as long as the process.
    static let shared = BoundedTransfers()

    private let transfers = Locked<[Int: Transfer]>([:])
    private let session = Locked<URLSession?>(nil)

    /// Starts `request`; `ended` is called once, on a URLSession thread, when the transfer ends.
    ///
    /// - Returns: the task, for cancelling it.
    func start(_ request: URLRequest, limit: Int, ended: @escaping @Sendable (Outcome) -> Void) -> URLSessionDataTask {
        let task = urlSession().dataTask(with: request)
        transfers.withLock { $0[task.taskIdentifier] = Transfer(limit: limit, ended: ended) }
        task.resume()
        return task
    }

    private func urlSession() -> URLSession {
        session.withLock { session in
            if let session { return session }
            let configuration = URLSessionConfiguration.ephemeral
            // Each request carries its own timeout; the caller's deadline is the exact bound.
            configuration.timeoutIntervalForResource = 24 * 3600
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            let created = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
            session = created
            return created
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let refuse = transfers.withLock { transfers -> Bool in
            guard let transfer = transfers[dataTask.taskIdentifier] else { return false }
            transfer.response = response as? HTTPURLResponse
            if response.expectedContentLength > Int64(transfer.limit) {
                transfer.tooLarge = true
                transfer.declared = response.expectedContentLength
            }
            return transfer.tooLarge
        }
        completionHandler(refuse ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let refuse = transfers.withLock { transfers -> Bool in
            guard let transfer = transfers[dataTask.taskIdentifier], !transfer.tooLarge else { return false }
            transfer.data.append(data)
            if transfer.data.count > transfer.limit {
                transfer.tooLarge = true
                transfer.data = Data()
            }
            return transfer.tooLarge
        }
        if refuse { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = transfers.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if transfer.tooLarge {
            transfer.ended(.tooLarge(declared: transfer.declared))
        } else if let error {
            transfer.ended(.failed(error))
        } else if let response = transfer.response ?? task.response as? HTTPURLResponse {
            transfer.ended(.reply(HTTPResponse(status: response.statusCode, headers: Self.headers(of: response), body: transfer.data)))
        } else {
            transfer.ended(.failed(URLError(.badServerResponse)))
        }
    }

    /// The reply's headers with lower-cased names.
    static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String { headers[name.lowercased()] = "\(value)" }
        }
        return headers
    }
}
