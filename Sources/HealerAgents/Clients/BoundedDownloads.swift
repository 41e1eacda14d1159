// Reply bodies collected as they arrive, refused as soon as they pass the size limit.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A URLSession delegate that collects each reply body and cancels a transfer as soon as its
/// declared or received size passes the limit, so an oversized reply never fills memory.
final class BoundedDownloads: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// The reply passed the limit; `declared` is its Content-Length when the server sent one.
    struct TooLarge: Error {
        let declared: Int64?
    }

    private final class Transfer {
        var data = Data()
        var response: URLResponse?
        var tooLarge = false
        var declared: Int64?
        let continuation: CheckedContinuation<(Data, URLResponse), any Error>
        init(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>) { self.continuation = continuation }
    }

    private final class TaskHolder: @unchecked Sendable {
        private let lock = NSLock()
        private var task: URLSessionTask?
        private var cancelled = false
        func set(_ task: URLSessionTask) {
            lock.lock()
            self.task = task
            let cancelled = self.cancelled
            lock.unlock()
            if cancelled { task.cancel() }
        }
        func cancel() {
            lock.lock()
            cancelled = true
            let task = self.task
            lock.unlock()
            task?.cancel()
        }
    }

    private let limit: Int
    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]

    init(limit: Int) { self.limit = limit }

    /// Sends `request` on `session` (whose delegate must be this object) and returns the reply.
    func data(for request: URLRequest, in session: URLSession) async throws -> (Data, URLResponse) {
        let holder = TaskHolder()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request)
                locked { $0[task.taskIdentifier] = Transfer(continuation) }
                holder.set(task)
                task.resume()
            }
        } onCancel: {
            holder.cancel()
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let limit = Int64(self.limit)
        let refuse = locked { transfers -> Bool in
            guard let transfer = transfers[dataTask.taskIdentifier] else { return false }
            transfer.response = response
            if response.expectedContentLength > limit {
                transfer.tooLarge = true
                transfer.declared = response.expectedContentLength
                return true
            }
            return false
        }
        completionHandler(refuse ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let limit = self.limit
        let refuse = locked { transfers -> Bool in
            guard let transfer = transfers[dataTask.taskIdentifier], !transfer.tooLarge else { return false }
            transfer.data.append(data)
            if transfer.data.count > limit {
                transfer.tooLarge = true
                transfer.data = Data()
                return true
            }
            return false
        }
        if refuse { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = locked({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if transfer.tooLarge {
            transfer.continuation.resume(throwing: TooLarge(declared: transfer.declared))
        } else if let error {
            transfer.continuation.resume(throwing: error)
        } else if let response = transfer.response ?? task.response {
            transfer.continuation.resume(returning: (transfer.data, response))
        } else {
            transfer.continuation.resume(throwing: URLError(.badServerResponse))
        }
    }

    private func locked<T>(_ body: (inout [Int: Transfer]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&transfers)
    }
}

/// Owns a session with a ``BoundedDownloads`` delegate and invalidates it when dropped (a
/// session keeps its delegate alive until then).
final class BoundedSession: @unchecked Sendable {
    let session: URLSession
    let downloads: BoundedDownloads

    init(configuration: URLSessionConfiguration, limit: Int) {
        downloads = BoundedDownloads(limit: limit)
        session = URLSession(configuration: configuration, delegate: downloads, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    func data(for request: URLRequest) async throws -> (Data, URLResponse) {
        try await downloads.data(for: request, in: session)
    }
}
