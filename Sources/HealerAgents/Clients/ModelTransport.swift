// POSTing JSON to a model server with timeouts, bounded retries, backoff and Retry-After.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP side shared by the providers: one POST with retries, size limits and clear errors.
struct ModelTransport: Sendable {
    let settings: ModelSettings
    let session: BoundedSession

    init(settings: ModelSettings) {
        self.settings = settings
        let configuration = URLSessionConfiguration.ephemeral
        // Foundation on Linux rounds sub-second timeouts down to "now"; the exact bound is kept by
        // ``fetch(_:)``, these are a backstop.
        let backstop = settings.timeoutSeconds.rounded(.up) + 1
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        configuration.httpMaximumConnectionsPerHost = 4
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        self.session = BoundedSession(configuration: configuration, limit: settings.maxResponseBytes)
    }

    /// POSTs `body` to `url` and returns the reply body of the first successful attempt.
    func post(_ url: URL, headers: [String: String], body: Data) async throws(AgentError) -> (data: Data, latency: Double) {
        let started = Date()
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = settings.timeoutSeconds.rounded(.up) + 1
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let server = settings.serverDescription
        var lastError = AgentError(.network, "the model server at \(server) was not called")
        let attempts = max(0, settings.maxRetries) + 1
        for attempt in 0..<attempts {
            var retryAfter: Double?
            do {
                let (data, response) = try await fetch(request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) {
                    if data.count > settings.maxResponseBytes {
                        throw AgentError(.responseTooLarge, "the model server at \(server) sent a reply of \(data.count) bytes, over the \(settings.maxResponseBytes)-byte limit; lower max_tokens or raise max_response_bytes if this is expected")
                    }
                    return (data, Date().timeIntervalSince(started))
                }
                let error = statusError(status, data: data, path: url.path, attempts: attempt + 1)
                guard Self.isRetryable(status) else { throw error }
                lastError = error
                retryAfter = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After").flatMap(Self.parseRetryAfter)
            } catch let error as AgentError {
                throw error
            } catch let error as BoundedDownloads.TooLarge {
                let size = error.declared.map { " (\($0) bytes declared)" } ?? ""
                throw AgentError(.responseTooLarge, "the model server at \(server) sent a reply larger than the \(settings.maxResponseBytes)-byte limit\(size); lower max_tokens or raise max_response_bytes if this is expected")
            } catch let error as URLError where error.code == .timedOut {
                lastError = AgentError(.timeout, "the model server at \(server) did not answer within \(Self.seconds(settings.timeoutSeconds)) s (\(attempt + 1) attempt\(attempt == 0 ? "" : "s")); raise timeout_seconds or use a smaller model")
            } catch let error as URLError where error.code == .cancelled {
                throw AgentError(.network, "the call to the model server at \(server) was cancelled")
            } catch {
                lastError = AgentError(.network, "cannot reach the model server at \(server) (\(Self.describe(error))); start it or fix HEALER_LLM_BASE_URL")
            }
            if Task.isCancelled { throw AgentError(.network, "the call to the model server at \(server) was cancelled") }
            if attempt + 1 < attempts {
                let delay = backoff(attempt: attempt, retryAfter: retryAfter)
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            }
        }
        if lastError.code == .httpStatus, attempts > 1 {
            lastError.message += " (gave up after \(attempts) attempts; raise max_retries or check the server)"
        }
        throw lastError
    }

    /// One attempt, cut off after `timeoutSeconds` with `URLError(.timedOut)`.
    ///
    /// The deadline does not wait for the cancelled request to wind down (Foundation on Linux
    /// can take a while), so a slow server never stretches it.
    private func fetch(_ request: URLRequest) async throws -> (Data, URLResponse) {
        let session = self.session
        let timeout = settings.timeoutSeconds
        let gate = Gate()
        let tasks = TaskPair()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                let work = Task {
                    let result: Result<(Data, URLResponse), any Error>
                    do { result = .success(try await session.data(for: request)) } catch { result = .failure(error) }
                    if gate.open() {
                        tasks.cancelTimer()
                        continuation.resume(with: result)
                    }
                }
                let timer = Task {
                    try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                    // Cancelled: the request answered first, or the caller gave up (the request reports that).
                    if Task.isCancelled { return }
                    if gate.open() {
                        work.cancel()
                        continuation.resume(throwing: URLError(.timedOut))
                    }
                }
                tasks.set(work: work, timer: timer)
            }
        } onCancel: {
            tasks.cancelAll()
        }
    }

    /// The wait before the next attempt: `Retry-After` when the server gave one, else
    /// exponential backoff with jitter; never more than `retryMaxDelaySeconds`.
    func backoff(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), settings.retryMaxDelaySeconds) }
        let exponential = settings.retryBaseDelaySeconds * pow(2, Double(min(attempt, 16)))
        return min(exponential, settings.retryMaxDelaySeconds) * Double.random(in: 0.5...1.0)
    }

    static func isRetryable(_ status: Int) -> Bool { status == 408 || status == 429 || status >= 500 }

    /// Reads `Retry-After` as seconds or as an HTTP date.
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: trimmed).map { max(0, $0.timeIntervalSinceNow) }
    }

    private func statusError(_ status: Int, data: Data, path: String, attempts: Int) -> AgentError {
        let server = settings.serverDescription
        let excerpt = Self.excerpt(data, hiding: settings.apiKey)
        let detail = excerpt.isEmpty ? "" : " (\(excerpt))"
        let message: String
        switch status {
        case 401, 403:
            message = "model server at \(server) answered \(status)\(detail): set \(settings.apiKeySource) to a valid API key"
        case 404:
            message = "model server at \(server) answered 404 for \(path)\(detail): check HEALER_LLM_BASE_URL and the model name '\(settings.model)' (HEALER_LLM_MODEL)"
        case 413:
            message = "model server at \(server) answered 413\(detail): the prompt is too large; lower the context or max tokens"
        case 400, 422:
            message = "model server at \(server) refused the request with \(status)\(detail): check the model name, and structured_output (json_object for llama.cpp)"
        default:
            message = "model server at \(server) answered \(status)\(detail)"
        }
        return AgentError(.httpStatus, message, status: status)
    }

    /// The first 200 characters of a reply body on one line, with the key removed.
    static func excerpt(_ data: Data, hiding secret: String?) -> String {
        var text = String(decoding: data.prefix(600), as: UTF8.self)
        if let secret, !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "[REDACTED]") }
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: return "connection refused"
            case .cannotFindHost, .dnsLookupFailed: return "unknown host"
            case .networkConnectionLost: return "connection lost"
            case .notConnectedToInternet: return "no network"
            case .secureConnectionFailed, .serverCertificateUntrusted: return "TLS failure"
            default: return "URL error \(error.code.rawValue)"
            }
        }
        return "\(error)"
    }
}

/// Lets exactly one of several racers through.
private final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var opened = false

    /// `true` for the first caller only.
    func open() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if opened { return false }
        opened = true
        return true
    }
}

/// The request and timer tasks of one attempt, for cancelling one from the other.
private final class TaskPair: @unchecked Sendable {
    private let lock = NSLock()
    private var work: Task<Void, Never>?
    private var timer: Task<Void, Never>?
    private var cancelled = false

    func set(work: Task<Void, Never>, timer: Task<Void, Never>) {
        lock.lock()
        self.work = work
        self.timer = timer
        let cancelled = self.cancelled
        lock.unlock()
        if cancelled { work.cancel(); timer.cancel() }
    }

    func cancelTimer() {
        lock.lock()
        let timer = self.timer
        lock.unlock()
        timer?.cancel()
    }

    func cancelAll() {
        lock.lock()
        cancelled = true
        let work = self.work, timer = self.timer
        lock.unlock()
        work?.cancel()
        timer?.cancel()
    }
}
