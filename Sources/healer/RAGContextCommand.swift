// `healer rag context`: what a planner's prompt would start with, without a model.
import ArgumentParser
import Foundation
import HealerRuns

extension RAG {
    struct ContextCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "context",
            abstract: "Show the context a planner pre-pulls for a request (what the model will see), without a model.",
            discussion: "The same pull the Request-Planner and the Code-Planner make (the Code-Planner with the request as its plan). The limits override the roles' defaults, for trying others.")
        @Argument(help: "The request.") var request: String
        @Option(help: "The revision to answer for (indexed first if needed).") var rev: String = "HEAD"
        @Option(help: "request-planner or code-planner.") var role: String = "request-planner"
        @Option(help: "The best chunks of this many top source files come first.") var topFiles: Int?
        @Option(help: "Chunk search hits per query.") var perQuery: Int?
        @Option(help: "The most chunks.") var maxChunks: Int?
        @Option(help: "Stop the chunks' text at this many characters in all (0: no limit but the chunk count).") var maxCharacters: Int?
        @Option(help: "Cut each chunk's text to this many characters (at a line end).") var clip: Int?
        @Flag(inversion: .prefixedNo, help: "Leave out whole-file chunks that the clip cut short.") var skipClippedFiles: Bool?
        @Flag(inversion: .prefixedNo, help: "Leave out a chunk whose lines an earlier chunk shows (a whole file replaces its earlier symbols).") var skipShownLines: Bool?
        @Option(help: "Show this many lines around each top source file's best chunk (at most 200; 0: the chunk alone).") var window: Int?
        @Option(help: "Search chunks this deep and put the hits in this many top source files first.") var focusFiles: Int?
        @Option(help: "How deep the focused chunk search goes.") var searchDepth: Int?
        @Flag(help: "Print the prompt text exactly as the planner sees it.") var prompt = false
        @Flag(help: "Print one JSON document.") var json = false

        func run() async throws {
            var options = ContextPreview.Options()
            options.role = role
            options.topFiles = topFiles
            options.perQuery = perQuery
            options.maxChunks = maxChunks
            options.clip = clip
            options.skipClippedFiles = skipClippedFiles
            options.skipShownLines = skipShownLines
            options.window = window
            options.maxCharacters = maxCharacters
            options.focusFiles = focusFiles
            options.searchDepth = searchDepth
            let report = try await ContextPreview.pull(repositoryPath: FileManager.default.currentDirectoryPath, revision: rev, request: request, options: options)
            if json { return Terminal.json(report) }
            if prompt { return print(report.prompt, terminator: "") }
            print(Terminal.table([["#", "lines", "symbol", "chars", "tokens", "id"]] + report.chunks.enumerated().map { number, chunk in
                let lines = chunk.startLine.map { "\(chunk.path):\($0)-\(chunk.shownEndLine ?? $0)" } ?? chunk.path
                let clipped = chunk.shownEndLine != chunk.endLine ? " (of \(chunk.endLine ?? 0))" : ""
                return ["\(number + 1)", lines + clipped, chunk.symbol ?? "(file)", "\(chunk.characters)", "\(chunk.tokens)", chunk.id]
            }))
            print("\(report.chunks.count) chunks; the pre-pulled prompt text is \(report.characters) characters, about \(report.tokens) tokens (bytes / 4)")
        }
    }
}
