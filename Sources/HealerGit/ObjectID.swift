// Object ids as hexadecimal values, convertible to and from libgit2's `git_oid`.
import CLibGit2

/// The id of a git object (a commit, tree or blob) as 40 lowercase hexadecimal digits.
package struct ObjectID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The full hexadecimal id.
    package let hex: String

    /// Creates an id from 40 hexadecimal digits; `nil` for anything else.
    package init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        self.hex = hex
    }

    /// An id from digits known to be 40 lowercase hexadecimal ones (computed here, not read).
    init(computedHex hex: String) {
        self.hex = hex
    }

    init(_ oid: git_oid) {
        var oid = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &oid)
        self.hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

    var oid: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    /// The first seven digits, as git shows ids to people.
    package var short: String { String(hex.prefix(7)) }
    package var description: String { hex }
    package static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a 40-digit object id"))
        }
        self = id
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
