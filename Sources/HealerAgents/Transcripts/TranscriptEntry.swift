// One model call as recorded in a run: redacted request and reply, tokens, cost, latency.
import Foundation
import HealerState

/// A record of one model call, kept in the run as part of a transcript blob.
///
/// Requests and replies are stored as they crossed the wire after redaction, so a transcript
/// holds no secret and ``ReplayClient`` can answer the same calls again.
package struct TranscriptEntry: Codable, Sendable, Equatable {
    /// The call's number in the session, from 1.
    package var sequence: Int
    /// The role that made the call.
    package var role: Role
    /// The provider (`openai`, `anthropic`, `replay`).
    package var provider: String
    /// The configured model name.
    package var model: String
    /// The request, redacted.
    package var request: ChatRequest
    /// The reply, redacted; `nil` when the call failed.
    package var response: ChatResponse?
    /// The failure's message, when the call failed.
    package var error: String?
    /// The failure's code, when the call failed.
    package var errorCode: String?
    /// Tokens used.
    package var usage: TokenUsage
    /// Cost in US dollars.
    package var costUSD: Double
    /// Wall-clock seconds.
    package var latencySeconds: Double
    /// When the call started (ISO 8601, UTC).
    package var startedAt: String
    /// The request shape the server took (`{"structuredOutput": "json_object+schema", "tools": "native"}`); `nil` for providers without a ladder.
    package var shape: RequestShape?

    /// Creates an entry.
    package init(sequence: Int, role: Role, provider: String, model: String, request: ChatRequest, response: ChatResponse?, error: String? = nil,
                errorCode: String? = nil, usage: TokenUsage, costUSD: Double, latencySeconds: Double, startedAt: String, shape: RequestShape? = nil) {
        self.sequence = sequence
        self.role = role
        self.provider = provider
        self.model = model
        self.request = request
        self.response = response
        self.error = error
        self.errorCode = errorCode
        self.usage = usage
        self.costUSD = costUSD
        self.latencySeconds = latencySeconds
        self.startedAt = startedAt
        self.shape = shape
    }

    /// Encodes entries as JSON Lines (one entry per line, keys sorted), the transcript blob format.
    package static func encode(_ entries: [TranscriptEntry]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for entry in entries {
            guard let line = try? encoder.encode(entry) else { continue }
            data.append(line)
            data.append(0x0A)
        }
        return data
    }

    /// Decodes a transcript blob written by ``encode(_:)``.
    ///
    /// - Throws: ``AgentError/Code/invalidResponse`` naming the bad line.
    package static func decode(_ data: Data) throws(AgentError) -> [TranscriptEntry] {
        var entries: [TranscriptEntry] = []
        let decoder = JSONDecoder()
        for (index, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
            do {
                entries.append(try decoder.decode(TranscriptEntry.self, from: Data(line)))
            } catch {
                throw AgentError(.invalidResponse, "transcript line \(index + 1) is not a transcript entry (\(JSONValue.describe(error))); was the blob written by this healer version?")
            }
        }
        return entries
    }
}
