// Unknown keys in .healer.yml: a typo such as `tset:` must not pass silently.
import Yams

extension Configuration {
    /// The keys each section of `.healer.yml` accepts (the model section checks its own keys
    /// when a model is used). Read from the types, so a new setting is known at once.
    static var knownKeys: [String: Set<String>] {
        func labels(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        return ["": labels(Configuration()), "limits": labels(Limits()), "budget": labels(Budget()), "hook": labels(Hook()),
                "ci": labels(CI()), "paths": labels(Paths()), "verify": labels(Verify()),
                "shell": labels(Shell())]
    }

    /// The keys of `text` that no setting reads, in file order, each with the nearest known key
    /// when one is a small typo away.
    static func unknownKeys(in text: String) -> [(key: String, suggestion: String?)] {
        guard let root = (try? Yams.compose(yaml: text))?.mapping else { return [] }
        let known = knownKeys
        var unknown: [(key: String, suggestion: String?)] = []
        func check(_ mapping: Node.Mapping, section: String) {
            guard let keys = known[section] else { return }
            for (keyNode, value) in mapping {
                guard let key = keyNode.string else { continue }
                let path = section.isEmpty ? key : section + "." + key
                if !keys.contains(key) {
                    let nearest = keys.map { ($0, editDistance($0.lowercased(), key.lowercased())) }.min { $0.1 < $1.1 }
                    let suggestion = nearest.flatMap { $0.1 <= 2 ? (section.isEmpty ? $0.0 : section + "." + $0.0) : nil }
                    unknown.append((path, suggestion))
                } else if section.isEmpty, let nested = value.mapping {
                    check(nested, section: key)
                }
            }
        }
        check(root, section: "")
        return unknown
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
