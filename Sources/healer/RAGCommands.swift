// `healer rag`: the retrieval index from the command line, and its REST server.
import ArgumentParser
import Foundation
import HealerHeal
import HealerInstall
import HealerRAG
import HealerRuns
import HealerSystem
import HealerTriggers
import HealerWorkspace

struct RAG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rag",
        abstract: "The retrieval index (.git/healer/rag.sqlite): index, query, grep, snippet, context, serve.",
        subcommands: [Index.self, Query.self, Grep.self, SnippetCommand.self, ContextCommand.self, Serve.self]
    )

    /// The index of the repository here: read without libgit2 when it exists and HEAD can be
    /// read from git's files (libgit2 opens on demand), else through the workspace.
    static func open() throws -> RAGIndex {
        let index = try RAGIndex.open(indexedAt: FileManager.default.currentDirectoryPath)
            ?? RAGIndex.open(repository: Workspace.open().repository)
        index.onWarning = { Terminal.note("healer: warning: " + $0) }
        return index
    }

    /// Ends a one-shot command once its answer is printed, holding `index`: closing it
    /// (checkpoint, unmapping) and freeing its memory piece by piece is work for nothing.
    static func finish(holding index: RAGIndex) -> Never {
        withExtendedLifetime(index) {
            fflush(nil)
            Foundation.exit(0)
        }
    }

    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "index", abstract: "Index a revision (only blobs not indexed before).")
        @Option(help: "The revision to index.") var rev: String = "HEAD"
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            let index = try RAG.open()
            let report = try index.index(revision: rev) { progress in
                if progress.blobsTotal > 200 { Terminal.note("healer: indexing \(progress.blobsDone)/\(progress.blobsTotal) blobs, \(progress.chunks) chunks") }
            }
            if json { return Terminal.json(report) }
            Terminal.say("indexed \(report.revision.prefix(7)): \(report.filesSeen) files, \(report.blobsIndexed) new blobs, \(report.blobsReused) reused, \(report.chunks) chunks in \(String(format: "%.2f", report.seconds)) s")
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "query", abstract: "Search chunks by meaning (BM25 over code-aware terms, symbols first).")
        @Argument(help: "The query.") var text: String
        @Option(name: .short, help: "How many results (with --files: per list).") var k: Int = 10
        @Flag(help: "Rank files, not chunks: where to change (source) apart from context (tests, docs, changelogs).") var files = false
        @Option(help: "The revision to answer for (indexed first if needed).") var rev: String = "HEAD"
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            let index = try RAG.open()
            try answer(index)
            RAG.finish(holding: index)
        }

        private func answer(_ index: RAGIndex) throws {
            _ = try index.index(revision: rev)
            if files {
                let ranking = try index.rankFiles(text, k: k)
                if json { return Terminal.json(ranking) }
                for (title, list) in [("where to change", ranking.source), ("context", ranking.context)] where !list.isEmpty {
                    print(title)
                    print(Terminal.table(list.map { file in
                        let evidence = file.evidence.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \(String(format: "%.2f", $0.value))" }
                        return [String(format: "%.3f", file.score), file.path, file.bestChunk.map { $0.symbol ?? "(file)" } ?? "", evidence.joined(separator: ", ")]
                    }))
                }
                return
            }
            let hits = try index.similaritySearch(text, k: k)
            if json { return Terminal.json(hits) }
            print(Terminal.table(hits.map { hit in
                [String(format: "%.3f", hit.score), "\(hit.path):\(hit.startLine)-\(hit.endLine)", hit.symbol ?? "(file)", hit.chunkID]
            }))
        }
    }

    struct Grep: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grep", abstract: "Regular-expression search over the indexed files (trigram-accelerated).")
        @Argument(help: "The regular expression (or, with -F, the text).") var regex: String
        @Flag(name: [.customShort("F"), .long], help: "Search for the text as written: ( [ . * and the like match themselves.") var fixedStrings = false
        @Option(help: "At most this many matches.") var limit: Int = 100
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            if !fixedStrings, (try? NSRegularExpression(pattern: regex)) == nil {
                throw PipelineError(.usage, "'\(regex)' is not a valid regular expression (ICU syntax); escape its special characters, or pass -F to search for the text as written")
            }
            let index = try RAG.open()
            try answer(index)
            RAG.finish(holding: index)
        }

        private func answer(_ index: RAGIndex) throws {
            let pattern = fixedStrings ? NSRegularExpression.escapedPattern(for: regex) : regex
            _ = try index.index(revision: "HEAD")
            let matches = try index.grepLike(pattern, limit: limit)
            if json { return Terminal.json(matches) }
            for match in matches { print("\(match.path):\(match.line):\(match.text)") }
        }
    }

    struct SnippetCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "snippet", abstract: "Print a chunk by id.")
        @Argument(help: "The chunk id (from query).") var id: String
        @Flag(help: "Print one JSON document.") var json = false

        func run() throws {
            let index = try RAG.open()
            let snippet = try index.snippet(id)
            if json { return Terminal.json(snippet) }
            Terminal.note("\(snippet.path):\(snippet.startLine)-\(snippet.endLine)")
            print(snippet.text)
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the index over HTTP (see docs/openapi-rag.yaml) until interrupted.")
        @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
        @Option(help: "The port (0 picks a free one).") var port: Int = 8377

        func run() throws {
            let index = try RAG.open()
            _ = try index.index(revision: "HEAD")
            let server = RAGServer(index: index, host: host, port: port)
            let bound = try server.start()
            Terminal.note("healer: rag serving http://\(host):\(bound) (GET /health); Ctrl-C stops")
            signal(SIGINT, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
            let stop = Handoff<Void>()
            let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
            for source in sources {
                source.setEventHandler { stop.put(()) }
                source.resume()
            }
            stop.wait()
            server.stop()
            Terminal.note("healer: rag server stopped")
        }
    }
}
