// Real processes fed on standard input, with standard error kept apart.

import Foundation
import Testing

@testable import HealerExecution

@Suite("ProcessRunner input and separate errors")
struct ProcessInputTests {
    @Test("feeds standard input and keeps standard error apart")
    func inputAndSeparateErrors() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(
                .shell("cat; echo oops >&2"), in: NSTemporaryDirectory(),
                input: Data("hello\nworld\n".utf8), separateErrors: true))
        #expect(result.exitCode == 0)
        #expect(result.logText == "hello\nworld\n")
        #expect(result.errorText == "oops\n")
    }

    @Test("input larger than a pipe buffer reaches the command")
    func largeInput() throws {
        let input = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let result = try ProcessRunner.run(
            ProcessRequest(.shell("wc -c"), in: NSTemporaryDirectory(), input: input))
        #expect(result.logText.trimmingCharacters(in: .whitespacesAndNewlines) == "\(1 << 20)")
    }

    @Test("a command that does not read its input still ends normally")
    func unreadInput() throws {
        let input = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let result = try ProcessRunner.run(
            ProcessRequest(.shell("exit 4"), in: NSTemporaryDirectory(), input: input))
        #expect(result.exitCode == 4)
    }
}
