// The task graph: duplicate ids, unknown dependencies, cycles and the waves tasks run in.
import HealerState
import Testing

@Suite("Task graph")
struct TaskGraphTests {
    static func graph(_ pairs: [(String, [String])]) -> TaskGraph {
        TaskGraph(pairs.map { TaskGraph.Node(id: $0.0, dependencies: $0.1) })
    }

    @Test("independent tasks form one wave; dependants follow in plan order")
    func waves() {
        let graph = Self.graph([("t1", []), ("t2", ["t1"]), ("t3", []), ("t4", ["t2", "t3"])])
        #expect(graph.waves == [[0, 2], [1], [3]])
        #expect(graph.cycle == nil)
        #expect(graph.ready(after: ["t1"]) == [1, 2])
    }

    @Test("duplicates, unknown dependencies and cycles are found")
    func problems() {
        #expect(Self.graph([("a", []), ("b", []), ("a", [])]).firstDuplicateID == "a")
        let unknown = Self.graph([("a", ["zz"]), ("b", ["a"])]).firstUnknownDependency
        #expect(unknown?.task == "a" && unknown?.dependency == "zz")
        #expect(Self.graph([("a", []), ("b", ["c"]), ("c", ["b"]), ("d", ["b"])]).cycle == ["b", "c", "d"])
        #expect(Self.graph([("a", ["a"])]).cycle == ["a"])
    }
}
