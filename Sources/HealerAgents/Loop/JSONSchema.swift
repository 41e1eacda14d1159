// A small JSON-schema validator for the subset healer's roles emit.

/// Validates JSON values against a JSON schema.
///
/// Supported keywords (the subset the roles' schemas use): `type` (a name or a list of names:
/// `object`, `array`, `string`, `number`, `integer`, `boolean`, `null`), `properties`,
/// `required`, `additionalProperties: false`, `items`, `enum`, `minLength`, `maxLength`,
/// `minItems`, `maxItems`. Other keywords are ignored.
package struct JSONSchema: Sendable, Equatable {
    /// The schema document.
    package var document: JSONValue

    /// Wraps a schema document.
    package init(_ document: JSONValue) { self.document = document }

    /// The first violation as `path: problem` (for example `$.tasks[0].id: expected string, got number`), or `nil`.
    package func validate(_ value: JSONValue) -> String? {
        Self.check(value, against: document, path: "$")
    }

    private static func check(_ value: JSONValue, against schema: JSONValue, path: String) -> String? {
        guard case .object(let rules) = schema else { return nil }
        if let type = rules["type"] {
            let allowed: [String] = type.stringValue.map { [$0] } ?? type.arrayValue?.compactMap(\.stringValue) ?? []
            if !allowed.isEmpty, !allowed.contains(where: { matches(value, type: $0) }) {
                return "\(path): expected \(allowed.joined(separator: " or ")), got \(kind(of: value))"
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            return "\(path): \(value.jsonText.prefix(60)) is not one of \(options.map(\.jsonText).joined(separator: ", "))"
        }
        switch value {
        case .string(let text):
            if let limit = rules["maxLength"]?.intValue, text.count > limit { return "\(path): longer than \(limit) characters (\(text.count))" }
            if let limit = rules["minLength"]?.intValue, text.count < limit { return "\(path): shorter than \(limit) characters" }
        case .array(let items):
            if let limit = rules["maxItems"]?.intValue, items.count > limit { return "\(path): more than \(limit) items (\(items.count))" }
            if let limit = rules["minItems"]?.intValue, items.count < limit { return "\(path): fewer than \(limit) items (\(items.count))" }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    if let problem = check(item, against: itemSchema, path: "\(path)[\(index)]") { return problem }
                }
            }
        case .object(let members):
            let properties: [String: JSONValue]
            if case .object(let declared)? = rules["properties"] { properties = declared } else { properties = [:] }
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                return "\(path): missing required property '\(name)'"
            }
            if rules["additionalProperties"] == .bool(false) {
                for name in members.keys.sorted() where properties[name] == nil {
                    return "\(path): unexpected property '\(name)' (allowed: \(properties.keys.sorted().joined(separator: ", ")))"
                }
            }
            for name in members.keys.sorted() {
                guard let member = members[name], let memberSchema = properties[name] else { continue }
                if let problem = check(member, against: memberSchema, path: "\(path).\(name)") { return problem }
            }
        default:
            break
        }
        return nil
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
