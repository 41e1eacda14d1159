// SHA-256 against the FIPS test vectors, and the artifact digest's order and path rules.

import Foundation
import Testing

@testable import HealerExecution

@Suite("Artifact digest")
struct ArtifactDigestTests {
    @Test(
        "SHA-256 matches the standard test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ])
    func vectors(input: String, expected: String) {
        #expect(SHA256.hash(Array(input.utf8)).hexString == expected)
    }

    @Test("a million a's, fed in uneven pieces, match the long test vector")
    func longVector() {
        var hasher = SHA256()
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for piece in 0..<1000 {
            let split = piece % 63
            block[..<split].withUnsafeBytes { hasher.update($0) }
            hasher.update(block[split...])
        }
        #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("the digest ignores list order and work-tree location, and sees renames and edits")
    func digest() throws {
        let one = try TemporaryDirectory()
        let two = try TemporaryDirectory()
        for tree in [one, two] {
            try tree.write("bin/app", "binary")
            try tree.write("lib/libx.so", "library")
        }
        let first = try ArtifactDigest.sha256(files: [one.path + "/bin/app", one.path + "/lib/libx.so"], relativeTo: one.path)
        let second = try ArtifactDigest.sha256(files: [two.path + "/lib/libx.so", two.path + "/bin/app"], relativeTo: two.path)
        #expect(first == second)
        #expect(first.hasPrefix("sha256:") && first.count == 71)
        try two.write("bin/app", "binarY")
        #expect(try ArtifactDigest.sha256(files: [two.path + "/bin/app", two.path + "/lib/libx.so"], relativeTo: two.path) != first)
        #expect(throws: ExecutionError.self) { try ArtifactDigest.sha256(files: [one.path + "/missing"]) }
    }
}
