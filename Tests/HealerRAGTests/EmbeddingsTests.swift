// Dense vectors are optional: a good endpoint adds them, a bad one costs one warning, never a crash.
import Foundation
import HealerGit
import HealerHTTP
import HealerTestSupport
import Testing
@testable import HealerRAG

@Suite(.serialized) struct EmbeddingsTests {
    /// A port nothing listens on: bound once, then released.
    static func closedPort() throws -> Int {
        let server = HTTPServer { _ in .text(200, "") }
        let port = try server.start()
        server.stop()
        return port
    }

    static func indexWith(_ settings: EmbeddingSettings, in directory: TemporaryDirectory) throws -> RAGIndex {
        let fixture = Fixtures.repository(in: directory)
        let index = try RAGIndex.open(repository: try Repository.discover(at: fixture.path), settings: .init(embeddings: settings))
        try index.index()
        return index
    }

    @Test func aClosedPortDegradesToLexicalSearchWithOneWarning() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let index = try Self.indexWith(EmbeddingSettings(baseURL: "http://127.0.0.1:\(try Self.closedPort())/v1", model: "m", timeout: 5), in: directory)
        let first = try index.similaritySearch("hello name", k: 3)
        let second = try index.similaritySearch("point origin", k: 3)
        #expect(!first.isEmpty && !second.isEmpty)
        #expect((first + second).allSatisfy { !$0.matchedBy.contains("embedding") })
        #expect(index.warnings.count == 1)
        #expect(index.warnings.first?.contains("lexical only") == true)
    }

    @Test(arguments: ["junk", #"{"data": [{"embedding": [1, 2]}]}"#, #"{"data": "x"}"#])
    func garbageDegradesToLexicalSearchWithOneWarning(body: String) throws {
        let server = HTTPServer { _ in .text(200, body) }
        let port = try server.start()
        defer { server.stop() }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let index = try Self.indexWith(EmbeddingSettings(baseURL: "http://127.0.0.1:\(port)", model: "m"), in: directory)
        #expect(try index.similaritySearch("hello name", k: 3).isEmpty == false)
        #expect(try index.similaritySearch("Greeter", k: 3).isEmpty == false)
        #expect(index.warnings.count == 1)
    }

    /// Vectors from hashed words: texts sharing words point the same way.
    static func vector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: 32)
        for term in CodeTerms.queryTerms(text) { vector[Int(term.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % 32)] += 1 }
        vector[0] += 0.01
        return vector
    }

    @Test func aWorkingEndpointIsFusedAndCachedPerChunk() throws {
        struct Request: Decodable { var model: String; var input: [String] }
        let calls = Counter()
        let server = HTTPServer { request in
            guard let decoded = try? JSONDecoder().decode(Request.self, from: request.body) else { return .text(400, "bad") }
            calls.add(decoded.input.count)
            let data = decoded.input.enumerated().map { ["embedding": Self.vector($0.element), "index": $0.offset] as [String: Any] }
            let body = (try? JSONSerialization.data(withJSONObject: ["data": data])) ?? Data()
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
        }
        let port = try server.start()
        defer { server.stop() }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let index = try Self.indexWith(EmbeddingSettings(baseURL: "http://127.0.0.1:\(port)/v1", model: "hash", batchSize: 4), in: directory)
        let embedded = calls.value
        #expect(embedded > 0)
        let hits = try index.similaritySearch("hello name", k: 5)
        #expect(hits.contains { $0.matchedBy.contains("embedding") })
        #expect(index.warnings.isEmpty)
        #expect(calls.value == embedded + 1)  // the query alone: chunk vectors come from the cache
        try index.index()
        #expect(calls.value == embedded + 1)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ amount: Int) { lock.lock(); count += amount; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
