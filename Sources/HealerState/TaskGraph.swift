// The one task graph: coding tasks with dependency lists, their checks and the waves they run in.

/// Tasks named by id, each with the ids it depends on: the checks a plan must pass (unique ids,
/// known dependencies, no cycle) and the order its tasks can run in.
///
/// A pure value; it keeps the tasks' order, so every answer lists tasks in plan order.
///
/// ```swift
/// let graph = TaskGraph(run.tasks)
/// if let cycle = graph.cycle { print("cycle among", cycle) }
/// let first = graph.ready(after: []).map { run.tasks[$0] }
/// ```
package struct TaskGraph: Sendable, Equatable {
    /// One task: its id and the ids it depends on.
    package struct Node: Sendable, Equatable {
        package var id: String
        package var dependencies: [String]

        /// A node `id` that depends on `dependencies`.
        package init(id: String, dependencies: [String]) {
            self.id = id
            self.dependencies = dependencies
        }
    }

    /// The tasks, in plan order.
    package var nodes: [Node]

    /// A graph of `nodes`, kept in their order.
    package init(_ nodes: [Node]) { self.nodes = nodes }

    /// The graph of coding tasks.
    package init(_ tasks: [CodingTask]) {
        nodes = tasks.map { Node(id: $0.id, dependencies: $0.dependencies) }
    }

    /// The ids, in order.
    package var ids: [String] { nodes.map(\.id) }

    /// The first id that an earlier task already has, if any.
    package var firstDuplicateID: String? {
        var seen = Set<String>()
        return nodes.first { !seen.insert($0.id).inserted }?.id
    }

    /// The first dependency, in task and then list order, for which `isBad(task, dependency)` holds.
    package func firstDependency(where isBad: (_ task: String, _ dependency: String) -> Bool) -> (task: String, dependency: String)? {
        for node in nodes {
            for dependency in node.dependencies where isBad(node.id, dependency) { return (node.id, dependency) }
        }
        return nil
    }

    /// The first dependency on an id that no task has.
    package var firstUnknownDependency: (task: String, dependency: String)? {
        let ids = Set(ids)
        return firstDependency { _, dependency in !ids.contains(dependency) }
    }

    /// The indices of the tasks not in `done` whose dependencies are all in `done`, in order.
    package func ready(after done: Set<String>) -> [Int] {
        nodes.indices.filter { !done.contains(nodes[$0].id) && nodes[$0].dependencies.allSatisfy(done.contains) }
    }

    /// The tasks in waves (Kahn's algorithm): each wave's tasks depend only on earlier waves'.
    /// The tasks that never become ready (a cycle, or an unknown dependency) are left out.
    package var waves: [[Int]] {
        var done = Set<String>()
        var waves: [[Int]] = []
        while case let wave = ready(after: done), !wave.isEmpty {
            waves.append(wave)
            done.formUnion(wave.map { nodes[$0].id })
        }
        return waves
    }

    /// The ids, in order, of the tasks that never become ready; `nil` when every task does.
    package var cycle: [String]? {
        let placed = Set(waves.joined())
        let left = nodes.indices.filter { !placed.contains($0) }.map { nodes[$0].id }
        return left.isEmpty ? nil : left
    }
}
