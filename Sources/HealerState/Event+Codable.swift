// Events as flat YAML/JSON documents: `{id, actor, at, event: planned, plan: {...}}`.

extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case id, actor, at, event, usage
        case plan, tasks, commits, build, testSpec, regression, delivery, reason, text, artifact
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        actor = try c.decode(String.self, forKey: .actor)
        at = try c.decode(String.self, forKey: .at)
        usage = try c.decodeIfPresent(Usage.self, forKey: .usage)
        let name = try c.decode(String.self, forKey: .event)
        guard let kind = Kind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(forKey: .event, in: c, debugDescription:
                "unknown event '\(name)' (known events: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        switch kind {
        case .planned: change = .planned(try c.decode(Plan.self, forKey: .plan))
        case .tasked: change = .tasked(try c.decode([CodingTask].self, forKey: .tasks))
        case .coded: change = .coded(try c.decode([CommitRecord].self, forKey: .commits))
        case .built: change = .built(try c.decode(BuildResult.self, forKey: .build))
        case .testsPlanned: change = .testsPlanned(try c.decode(TestSpec.self, forKey: .testSpec))
        case .testsBuilt: change = .testsBuilt(try c.decode([CommitRecord].self, forKey: .commits))
        case .verified: change = .verified(try c.decode(BuildResult.self, forKey: .build))
        case .regressed: change = .regressed(try c.decode(Regression.self, forKey: .regression))
        case .delivered: change = .delivered(try c.decode(Delivery.self, forKey: .delivery))
        case .failed: change = .failed(try c.decode(String.self, forKey: .reason))
        case .retried: change = .retried
        case .commented: change = .commented(try c.decode(String.self, forKey: .text))
        case .attached: change = .attached(try c.decode(Artifact.self, forKey: .artifact))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(actor, forKey: .actor)
        try c.encode(at, forKey: .at)
        try c.encode(kind, forKey: .event)
        try c.encodeIfPresent(usage, forKey: .usage)
        switch change {
        case .planned(let plan): try c.encode(plan, forKey: .plan)
        case .tasked(let tasks): try c.encode(tasks, forKey: .tasks)
        case .coded(let commits), .testsBuilt(let commits): try c.encode(commits, forKey: .commits)
        case .built(let build), .verified(let build): try c.encode(build, forKey: .build)
        case .testsPlanned(let spec): try c.encode(spec, forKey: .testSpec)
        case .regressed(let regression): try c.encode(regression, forKey: .regression)
        case .delivered(let delivery): try c.encode(delivery, forKey: .delivery)
        case .failed(let reason): try c.encode(reason, forKey: .reason)
        case .retried: break
        case .commented(let text): try c.encode(text, forKey: .text)
        case .attached(let artifact): try c.encode(artifact, forKey: .artifact)
        }
    }
}
