// A temporary directory for one test, removed when the test releases it.

import Foundation

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    let path: String
    init(parent: String = NSTemporaryDirectory()) throws {
        let url = URL(fileURLWithPath: parent).appendingPathComponent("healer-exec-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relativePath: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }
}
