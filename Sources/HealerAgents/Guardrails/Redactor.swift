// Removing secrets from everything sent to a model and from transcripts.
import Foundation

/// Replaces secrets in text with `[REDACTED:…]` markers.
///
/// It removes the values of environment variables whose names contain `KEY`, `TOKEN`,
/// `SECRET`, `PASSWORD`, `PASSWD` or `CREDENTIAL` (values of 8 characters or more), any extra
/// secrets given, common token shapes (`sk-…`, `ghp_…`, `github_pat_…`, `glpat-…`, `xox…-`,
/// AWS `AKIA…`, bearer tokens, PEM private keys), the values of `.env`-style `NAME=value`
/// lines whose upper-case name looks secret, and quoted letter-and-digit literals assigned to
/// secret-looking names (`apiKey = "abc123…"`).
///
/// ```swift
/// let redactor = Redactor(environment: ProcessInfo.processInfo.environment)
/// let safe = redactor.redact(prompt)
/// ```
package struct Redactor: Sendable {
    /// Literal secrets and the label that replaces each, longest first.
    private var literals: [(value: String, label: String)]
    private let patterns: PatternSet

    /// Words that make an environment variable's value a secret.
    package static let secretNameWords = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"]

    /// Creates a redactor.
    ///
    /// - Parameters:
    ///   - environment: variables whose secret-looking names mark their values as secrets.
    ///   - extraSecrets: more literal values to remove (an API key from the configuration).
    package init(environment: [String: String] = ProcessInfo.processInfo.environment, extraSecrets: [String] = []) {
        var literals: [(String, String)] = []
        for (name, value) in environment where value.count >= 8 {
            let upper = name.uppercased()
            if Self.secretNameWords.contains(where: { upper.contains($0) }) { literals.append((value, "[REDACTED:\(name)]")) }
        }
        for secret in extraSecrets where secret.count >= 4 { literals.append((secret, "[REDACTED]")) }
        self.literals = literals.sorted { $0.0.count > $1.0.count }
        self.patterns = PatternSet.shared
    }

    /// This redactor with more literal secrets to remove.
    package func adding(_ secrets: [String]) -> Redactor {
        var copy = self
        let more = secrets.filter { $0.count >= 4 && !literals.map(\.value).contains($0) }.map { (value: $0, label: "[REDACTED]") }
        copy.literals = (literals + more).sorted { $0.value.count > $1.value.count }
        return copy
    }

    /// `text` with every secret replaced.
    package func redact(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var result = text
        for (value, label) in literals where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: label)
        }
        return patterns.apply(result)
    }

    /// A chat request with every message and tool argument redacted.
    package func redact(_ request: ChatRequest) -> ChatRequest {
        var copy = request
        copy.messages = request.messages.map(redact)
        return copy
    }

    /// A message with its text and tool arguments redacted.
    package func redact(_ message: ChatMessage) -> ChatMessage {
        var copy = message
        copy.content = redact(message.content)
        copy.toolCalls = message.toolCalls.map { ToolCall(id: $0.id, name: $0.name, arguments: redactJSONText($0.arguments)) }
        return copy
    }

    /// A response with its text and tool arguments redacted.
    package func redact(_ response: ChatResponse) -> ChatResponse {
        var copy = response
        copy.text = response.text.map(redact)
        copy.toolCalls = response.toolCalls.map { ToolCall(id: $0.id, name: $0.name, arguments: redactJSONText($0.arguments)) }
        return copy
    }

    /// Redacts JSON text value by value, so that replacements cannot break its syntax.
    func redactJSONText(_ text: String) -> String {
        guard let value = try? JSONValue.parse(text) else { return redact(text) }
        let cleaned = redact(value)
        return cleaned == value ? text : cleaned.jsonText
    }

    /// A JSON value with every string redacted.
    package func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(redact(text))
        case .array(let items): .array(items.map(redact))
        case .object(let members): .object(members.mapValues(redact))
        default: value
        }
    }
}

/// The compiled token-shape patterns, shared (NSRegularExpression is safe to use from any thread).
final class PatternSet: @unchecked Sendable {
    static let shared = PatternSet()

    private let rules: [(NSRegularExpression, String)]

    private init() {
        let sources: [(String, String, NSRegularExpression.Options)] = [
            (#"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)"#, "[REDACTED:private-key]", []),
            (#"\bsk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"#, "[REDACTED:api-key]", []),
            (#"\bgh[pousr]_[A-Za-z0-9]{20,}"#, "[REDACTED:github-token]", []),
            (#"\bgithub_pat_[A-Za-z0-9_]{20,}"#, "[REDACTED:github-token]", []),
            (#"\bglpat-[A-Za-z0-9_\-]{20,}"#, "[REDACTED:gitlab-token]", []),
            (#"\bxox[abposr]-[A-Za-z0-9\-]{10,}"#, "[REDACTED:slack-token]", []),
            (#"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"#, "[REDACTED:aws-key]", []),
            (#"(?<=[Bb]earer )[A-Za-z0-9._~+/\-]{20,}=*"#, "[REDACTED:bearer]", []),
            // .env-style lines with an upper-case secret-looking name: NAME=value or NAME: value.
            // Upper case only, so that code such as `token: String` reaches the model intact.
            (#"(?m)^(\s*(?:export\s+)?[A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)[A-Z0-9_]*\s*[=:]\s*)(?!\[REDACTED)(["']?)[^\s"'\[][^\n]*?\2[ \t]*$"#,
             "$1[REDACTED]", []),
            // A quoted literal of letters and digits assigned to a secret-looking name in code or config:
            // apiKey = "abc123…", password: 'hunter22'.
            (#"\b([A-Za-z0-9_]*(?:key|token|secret|password|passwd|credential)[A-Za-z0-9_]*["']?\s*[=:]\s*)(["'])(?=[^"'\s]*[0-9])(?=[^"'\s]*[A-Za-z])[^"'\s]{8,}\2"#,
             "$1$2[REDACTED]$2", [.caseInsensitive]),
        ]
        rules = sources.compactMap { pattern, template, options in
            (try? NSRegularExpression(pattern: pattern, options: options)).map { ($0, template) }
        }
    }

    func apply(_ text: String) -> String {
        var result = text
        for (expression, template) in rules {
            let range = NSRange(result.startIndex..., in: result)
            if expression.firstMatch(in: result, range: range) == nil { continue }
            result = expression.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }
}
