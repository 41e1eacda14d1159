// Each error type decides its own exit class; wrapping an error into a PipelineError keeps it.
import HealerHeal
import HealerInstall
import HealerRuns
import HealerState
import HealerSystem
import HealerTriggers
import HealerWorkspace
import Testing

@Suite("Exit classes: usage (2) or failure (1), decided by each error type")
struct ExitClassTests {
    @Test("a trigger error is usage when the person can fix the input, failure when git, files or the network failed",
          arguments: [
            (TriggerError.Code.notARepository, ExitClass.usage), (.conflict, .usage), (.invalidRecord, .usage), (.invalidInput, .usage),
            (.git, .failure), (.fileSystem, .failure), (.network, .failure),
          ])
    func triggerErrors(code: TriggerError.Code, expected: ExitClass) {
        #expect(TriggerError(code, "x").exitClass == expected)
    }

    @Test("a refused event or a broken document is usage, and stays usage inside a PipelineError")
    func stateErrors() {
        let refused = TransitionError(run: "r", stage: .done, event: .planned, kind: .notAllowed([]))
        let broken = DocumentError(run: "r", problem: "not YAML")
        #expect(refused.exitClass == .usage && broken.exitClass == .usage)
        #expect(PipelineError.from(refused).exitClass == .usage)
        #expect(PipelineError.from(refused).message == refused.description)
        #expect(broken.fix?.contains("healer show r") == true)
    }

    @Test("wrapping keeps a failure a failure; an error of no known shape is a failure")
    func wrapping() {
        struct Opaque: Error {}
        #expect(PipelineError.from(TriggerError(.network, "the API is down")).exitClass == .failure)
        #expect(PipelineError.from(Opaque()).exitClass == .failure)
        #expect(ExitClass.usage.exitStatus == 2 && ExitClass.failure.exitStatus == 1)
    }
}
