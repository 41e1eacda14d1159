// swift-tools-version:6.0
// healer: a self-healing code-change loop for git repositories.
import PackageDescription

let package = Package(
    name: "healer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "healer", targets: ["healer"]),
        // Optional: Swift symbols by swift-syntax for the RAG index (without it, a token scanner).
        .executable(name: "healer-swift-symbols", targets: ["HealerSwiftSymbols"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Only for healer-swift-symbols: `swift build --product healer` does not build it.
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.0"),
    ],
    targets: [
        // System libraries (Debian: libgit2-dev, libsqlite3-dev).
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The ground floor, no dependencies: the error shape, processes, the lock, diffs, task graphs.
        .target(name: "HealerSystem"),
        // Local object work through libgit2; fetch and push through the git executable.
        .target(name: "HealerGit", dependencies: ["CLibGit2", "HealerSystem"]),
        // Pure run state: stages, events, the transition function, payloads, YAML coding.
        .target(name: "HealerState", dependencies: ["HealerSystem", .product(name: "Yams", package: "Yams")]),
        // Run documents stored in notes refs under refs/healer/*, with compare-and-swap and sync.
        .target(name: "HealerStore", dependencies: ["HealerGit", "HealerState", "HealerSystem"]),
        // Sandboxes, build detection and test reports (JUnit, LCOV, Cobertura) over HealerSystem's processes.
        .target(name: "HealerExecution", dependencies: ["HealerSystem"]),
        // HTTP server and client: a small HTTP/1.1 server on POSIX sockets (rag serve, the scripted
        // model server) and the one bounded, retrying client (models, the review API, embeddings).
        .target(name: "HealerHTTP", dependencies: ["HealerSystem"]),
        // Retrieval: chunks keyed by blob id in SQLite, BM25 over own postings, trigram grep, optional embeddings.
        .target(name: "HealerRAG", dependencies: ["HealerGit", "CSQLite", "HealerHTTP", "HealerSystem"]),
        // The optional helper that gives HealerRAG Swift symbols from swift-syntax.
        .executableTarget(
            name: "HealerSwiftSymbols",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
            ],
            path: "Sources/healer-swift-symbols"
        ),
        // Model clients and the agent roles' tool loops.
        .target(name: "HealerAgents", dependencies: ["HealerState", "HealerGit", "HealerHTTP", "HealerSystem"]),
        // The context every room works in: the repository, its run store, its configuration; run requests and views.
        .target(name: "HealerWorkspace", dependencies: ["HealerSystem", "HealerGit", "HealerState", "HealerStore", "HealerExecution", "HealerAgents", .product(name: "Yams", package: "Yams")]),
        // Heal: commit testing, verdicts, the culprit search, the revert and the regression run.
        .target(name: "HealerHeal", dependencies: ["HealerSystem", "HealerWorkspace", "HealerGit", "HealerState", "HealerStore", "HealerExecution"]),
        // Runs: advancing a run through its stages, the agent steps, the build and verifier steps, replay.
        .target(name: "HealerRuns", dependencies: ["HealerSystem", "HealerWorkspace", "HealerHeal", "HealerAgents", "HealerRAG", "HealerGit", "HealerState", "HealerStore", "HealerExecution"]),
        // Triggers: the pre-push hook, CI events, job summaries, step outputs, the review API.
        .target(name: "HealerTriggers", dependencies: ["HealerSystem", "HealerHTTP", "HealerWorkspace", "HealerRuns", "HealerHeal", "HealerGit", "HealerState", "HealerStore"]),
        // Install: the hook installer, CI templates, the install record, action pins, `healer doctor`.
        .target(name: "HealerInstall", dependencies: ["HealerWorkspace", "HealerRuns", "HealerHeal", "HealerTriggers", "HealerAgents", "HealerGit", "HealerExecution"]),
        // The thin command-line front end.
        .executableTarget(
            name: "healer",
            dependencies: [
                "HealerWorkspace", "HealerHeal", "HealerRuns", "HealerTriggers", "HealerInstall", "HealerRAG", "HealerState", "HealerSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Builders for temporary repositories, bare remotes, the built binary, a scripted model server.
        .target(name: "HealerTestSupport", dependencies: ["HealerHTTP", "HealerSystem"]),

        .testTarget(name: "HealerStateTests", dependencies: ["HealerState"]),
        .testTarget(name: "HealerGitTests", dependencies: ["HealerGit", "HealerTestSupport"]),
        .testTarget(name: "HealerStoreTests", dependencies: ["HealerStore", "HealerGit", "HealerState", "HealerTestSupport"]),
        .testTarget(name: "HealerExecutionTests", dependencies: ["HealerExecution"]),
        .testTarget(name: "HealerHTTPTests", dependencies: ["HealerHTTP"]),
        .testTarget(name: "HealerRAGTests", dependencies: ["HealerRAG", "HealerGit", "HealerHTTP", "HealerTestSupport"]),
        .testTarget(name: "HealerAgentsTests", dependencies: ["HealerAgents", "HealerGit", "HealerState", "HealerTestSupport"]),
        .testTarget(name: "HealerCLITests", dependencies: ["HealerTestSupport", "HealerState", "HealerGit", "HealerStore", "HealerHTTP", "HealerExecution"]),
        .testTarget(name: "HealerTriggersTests", dependencies: ["HealerWorkspace", "HealerHeal", "HealerRuns", "HealerTriggers", "HealerInstall", "HealerState", "HealerSystem", "HealerTestSupport"]),
    ]
)

// Local development only: HEALER_ONLY_TARGETS=A,B builds a subset of the targets.
import Foundation
if let only = ProcessInfo.processInfo.environment["HEALER_ONLY_TARGETS"] {
    let keep = Set(only.split(separator: ",").map(String.init))
    package.targets = package.targets.filter { keep.contains($0.name) }
    package.products = package.products.filter { product in
        let targets = (product as? Product.Executable)?.targets ?? (product as? Product.Library)?.targets ?? [product.name]
        return targets.allSatisfy(keep.contains)
    }
}
