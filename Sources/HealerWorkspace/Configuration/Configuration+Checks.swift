// Values in .healer.yml that parse but cannot work: unknown sandboxes, zero or negative counts.
import Foundation
import HealerExecution

extension Configuration {
    /// What is wrong with the values, one phrase each (empty when nothing is).
    var problems: [String] {
        var problems: [String] = []
        if let sandbox, SandboxChoice(rawValue: sandbox) == nil {
            problems.append("sandbox: '\(sandbox)' is not a sandbox healer has (use auto, bubblewrap or none)")
        }
        func positive(_ value: (some Comparable & Numeric)?, _ key: String) {
            if let value, value <= .zero { problems.append("\(key) must be above 0 (it is \(value))") }
        }
        positive(timeoutSeconds, "timeoutSeconds")
        positive(memoryLimitMB, "memoryLimitMB")
        positive(limits?.coding, "limits.coding")
        positive(limits?.verification, "limits.verification")
        positive(verify?.searchLimit, "verify.searchLimit")
        positive(verify?.jobs, "verify.jobs")
        positive(verify?.maxRuns, "verify.maxRuns")
        positive(shell?.timeoutSeconds, "shell.timeoutSeconds")
        if let runs = verify?.confirmRuns, runs < 0 { problems.append("verify.confirmRuns must be 0 or more (it is \(runs))") }
        if let confidence = verify?.confidence, !(confidence > 0.5 && confidence < 1) {
            problems.append("verify.confidence must be between 0.5 and 1, such as 0.95 (it is \(confidence))")
        }
        for (name, value) in [("test", test), ("build", build)] where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            problems.append("\(name): is empty (remove the key to detect the command)")
        }
        return problems
    }
}
