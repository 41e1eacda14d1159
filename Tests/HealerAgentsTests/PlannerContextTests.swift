// The planners' pre-pull (PlannerContext.pull), over a retriever with fixed answers per query.
import HealerAgents
import HealerState
import Testing

/// Fixed search hits per query, a fixed file ranking, and `path:start-end` snippets of fixed files.
private struct AnsweringRetriever: Retriever {
    var hits: [String: [RetrievedChunk]]
    var ranking: RankedFiles
    var files: [String: [String]] = [:]
    func similaritySearch(query: String, k: Int) async throws -> [RetrievedChunk] { Array((hits[query] ?? []).prefix(k)) }
    func grepLike(regex: String) async throws -> [RetrievedChunk] { [] }
    func snippet(id: String) async throws -> RetrievedChunk? {
        let parts = id.split(separator: ":")
        guard parts.count == 2, let lines = files[String(parts[0])] else { return nil }
        let bounds = parts[1].split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2 else { return nil }
        let end = min(bounds[1], lines.count)
        return RetrievedChunk(id: id, path: String(parts[0]), startLine: bounds[0], endLine: end, text: lines[(bounds[0] - 1)..<end].joined(separator: "\n"))
    }
    func rankFiles(query: String, k: Int) async throws -> RankedFiles {
        RankedFiles(source: Array(ranking.source.prefix(k)), context: Array(ranking.context.prefix(k)))
    }
}

private func chunk(_ id: String, _ path: String, lines: ClosedRange<Int> = 1...2, symbol: String? = "f", text: String? = nil) -> RetrievedChunk {
    RetrievedChunk(id: id, path: path, startLine: lines.lowerBound, endLine: lines.upperBound, symbol: symbol, text: text ?? "def \(id)():\n    pass")
}

@Suite("Planner context")
struct PlannerContextTests {
    @Test("the top source files' best chunks come first, then the search hits (those in the top 2 files first): deduplicated, empty ones left out, at most maxChunks")
    func order() async {
        let ranking = RankedFiles(source: [chunk("a", "a.py"), chunk("b", "b.py"), chunk("c", "c.py"), chunk("d", "d.py")],
                                  context: [chunk("t", "tests/test_a.py")])
        let hits = [chunk("h1", "x.py"), chunk("b", "b.py"), chunk("empty", "e.py", text: "\n"), chunk("h2", "y.py"), chunk("h3", "z.py")]
        let retriever = AnsweringRetriever(hits: ["fix a": hits], ranking: ranking)
        var settings = PlannerContext.Settings()
        let pulled = await PlannerContext.pull(.requestPlanner, request: "fix a", retriever: retriever, settings: settings)
        #expect(pulled.chunks.map(\.id) == ["a", "b", "c", "h1", "h2", "h3"])
        #expect(pulled.promptSection.hasPrefix("## Files most likely to change\n- a.py (best match a.py:1-2 f)\n"))
        #expect(pulled.promptSection.contains("## Related tests and documentation\n- tests/test_a.py"))
        #expect(pulled.estimatedTokens == (pulled.promptSection.utf8.count + 3) / 4)
        settings.maxChunks = 4
        settings.topFiles = 1
        let capped = await PlannerContext.pull(.requestPlanner, request: "fix a", retriever: retriever, settings: settings)
        #expect(capped.chunks.map(\.id) == ["a", "b", "h1", "h2"])
        settings.focusFiles = 0
        #expect(await PlannerContext.pull(.requestPlanner, request: "fix a", retriever: retriever, settings: settings).chunks.map(\.id) == ["a", "h1", "b", "h2"])
        #expect(await PlannerContext.pull(.requestPlanner, request: "fix a", retriever: nil).chunks.isEmpty)
    }

    @Test("the Code-Planner searches with the plan's steps, its paths and the request; the Request-Planner with the request")
    func queries() async {
        let retriever = AnsweringRetriever(hits: ["step one": [chunk("s", "s.py")], "lib/p.py": [chunk("p", "lib/p.py")], "req": [chunk("r", "r.py")]],
                                           ranking: RankedFiles())
        let plan = Plan(steps: ["step one"], rationale: "", affectedPaths: ["lib/p.py"])
        #expect(await PlannerContext.pull(.codePlanner, request: "req", plan: plan, retriever: retriever).chunks.map(\.id) == ["s", "p", "r"])
        #expect(await PlannerContext.pull(.requestPlanner, request: "req", plan: plan, retriever: retriever).chunks.map(\.id) == ["r"])
    }

    @Test("a chunk is clipped at a line end and shows fewer lines; skipClippedFiles leaves out a clipped whole file, not a clipped symbol")
    func clip() async {
        let long = (1...10).map { "line \($0)" }.joined(separator: "\n")
        let whole = chunk("w", "w.py", lines: 1...10, symbol: nil, text: long)
        let symbol = chunk("s", "s.py", lines: 21...30, text: long)
        let retriever = AnsweringRetriever(hits: ["q": [whole, symbol]], ranking: RankedFiles())
        var settings = PlannerContext.Settings()
        settings.clip = 20
        let pulled = await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings)
        #expect(pulled.chunks.map(\.text) == ["line 1\nline 2\nline 3", "line 1\nline 2\nline 3"])
        #expect(pulled.chunks.map(\.shownEndLine) == [3, 23])
        #expect(pulled.chunks.map(\.endLine) == [10, 30])
        settings.skipClippedFiles = true
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.map(\.id) == ["s"])
        settings.clip = 4000
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.map(\.shownEndLine) == [10, 30])
    }

    @Test("focusFiles: the deeper search's hits in the top source files come before the other hits")
    func focus() async {
        let ranking = RankedFiles(source: [chunk("a", "a.py"), chunk("b", "b.py")])
        let hits = [chunk("x1", "x.py"), chunk("x2", "x.py", lines: 5...6), chunk("a2", "a.py", lines: 5...6), chunk("x3", "x.py", lines: 9...9),
                    chunk("b2", "b.py", lines: 5...6)]
        let retriever = AnsweringRetriever(hits: ["q": hits], ranking: ranking)
        var settings = PlannerContext.Settings()
        settings.topFiles = 1
        settings.perQuery = 2
        settings.focusFiles = 0
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.map(\.id) == ["a", "x1", "x2"])
        settings.focusFiles = 2
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.map(\.id) == ["a", "a2", "b2", "x1", "x2"])
    }

    @Test("skipShownLines: a chunk inside an earlier one is left out; a whole file takes its earlier symbols' place")
    func shownLines() async {
        let file = (1...14).map { "line \($0)" }.joined(separator: "\n")
        let hits = [chunk("s1", "r.py", lines: 4...5), chunk("o", "o.py"), chunk("w", "r.py", lines: 1...14, symbol: nil, text: file),
                    chunk("s2", "r.py", lines: 8...14), chunk("s3", "o.py", lines: 1...2)]
        let retriever = AnsweringRetriever(hits: ["q": hits], ranking: RankedFiles())
        var settings = PlannerContext.Settings()
        settings.skipShownLines = false
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.map(\.id) == ["s1", "o", "w", "s2", "s3"])
        settings.skipShownLines = true
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.map(\.id) == ["w", "o"])
    }

    @Test("maxCharacters: the chunks' text stops at the budget, the last chunk cut to what is left, none added below 200 left")
    func budget() async {
        let text = (1...40).map { "line number \($0) of the chunk" }.joined(separator: "\n")
        let hits = (1...5).map { chunk("c\($0)", "f\($0).py", lines: 1...40, text: text) }
        let retriever = AnsweringRetriever(hits: ["q": hits], ranking: RankedFiles())
        var settings = PlannerContext.Settings()
        settings.maxCharacters = 2500
        let pulled = await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings)
        #expect(pulled.chunks.map(\.id) == ["c1", "c2", "c3"])
        #expect(pulled.chunks.reduce(0) { $0 + $1.text.count } <= 2500)
        #expect(pulled.chunks[2].text.hasPrefix("line number 1 of") && pulled.chunks[2].shownEndLine ?? 99 < 40)
        settings.maxCharacters = 0
        #expect(await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings).chunks.count == 5)
    }

    @Test("window: a top file's best symbol is widened to the lines around it, a whole file from line 1")
    func window() async {
        let lines = (1...300).map { "line \($0)" }
        let ranking = RankedFiles(source: [chunk("s", "big.py", lines: 150...153), chunk("w", "small.py", lines: 1...300, symbol: nil)])
        let retriever = AnsweringRetriever(hits: [:], ranking: ranking, files: ["big.py": lines, "small.py": Array(lines.prefix(30))])
        var settings = PlannerContext.Settings()
        settings.window = 20
        let pulled = await PlannerContext.pull(.requestPlanner, request: "q", retriever: retriever, settings: settings)
        #expect(pulled.chunks.map(\.location) == ["big.py:141-160", "small.py:1-20"])
    }
}
