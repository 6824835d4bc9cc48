// swift-tools-version:6.1
import PackageDescription

// Dependency discipline (see docs/ARCHITECTURE.md): the core and its tests build with no
// package dependency at all; only the SQLite adapter pulls GRDB and only the executable
// pulls swift-argument-parser. The HTTP server (Hummingbird) is its own target, `ChainBreakerServer`,
// that only the executable and its own tests pull; the PostgreSQL adapter (postgres-nio) is its own target,
// `ChainBreakerPostgres`, that only the executable and its own tests pull.
let package = Package(
    name: "ChainBreaker",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chainbreaker", targets: ["chainbreaker"]),
        .library(name: "ChainBreakerCore", targets: ["ChainBreakerCore"]),
        .library(name: "ChainBreakerIngest", targets: ["ChainBreakerIngest"]),
        .library(name: "ChainBreakerStore", targets: ["ChainBreakerStore"]),
        .library(name: "ChainBreakerSQLite", targets: ["ChainBreakerSQLite"]),
        .library(name: "ChainBreakerPostgres", targets: ["ChainBreakerPostgres"]),
        .library(name: "ChainBreakerTesting", targets: ["ChainBreakerTesting"]),
        .library(name: "ChainBreakerServer", targets: ["ChainBreakerServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // No default traits: the server needs neither swift-configuration nor full Foundation.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in the graph through Hummingbird; named so the server can run Swift concurrency on NIO's event loops.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Already in the graph through Hummingbird; NIOHTTPTypes names the request parts `RiskFastPath` reads.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Domain model and algorithms: pure, synchronous, no I/O.
        .target(name: "ChainBreakerCore"),
        // File formats -> typed records (bytes in, records out; no database).
        .target(name: "ChainBreakerIngest", dependencies: ["ChainBreakerCore"]),
        // The store protocol and its value types (no database engine).
        .target(name: "ChainBreakerStore", dependencies: ["ChainBreakerCore", "ChainBreakerIngest"]),
        // The embedded default store: SQLite through GRDB.
        .target(name: "ChainBreakerSQLite", dependencies: [
            "ChainBreakerCore", "ChainBreakerIngest", "ChainBreakerStore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The server store: PostgreSQL through postgres-nio (its own target: nothing else waits for it).
        .target(name: "ChainBreakerPostgres", dependencies: [
            "ChainBreakerCore", "ChainBreakerIngest", "ChainBreakerStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // Seeded generators (synthetic city) for tests, benchmarks and the demo.
        .target(name: "ChainBreakerTesting", dependencies: ["ChainBreakerCore", "ChainBreakerIngest"]),
        // Use cases shared by the CLI and (later) the server: import pipeline, demo, bench.
        .target(name: "ChainBreakerApp", dependencies: [
            "ChainBreakerCore", "ChainBreakerIngest", "ChainBreakerStore", "ChainBreakerSQLite", "ChainBreakerTesting",
        ]),
        // The HTTP API (`chainbreaker serve`): Hummingbird 2 over the app's jobs.
        .target(name: "ChainBreakerServer", dependencies: [
            "ChainBreakerApp", "ChainBreakerCore", "ChainBreakerIngest", "ChainBreakerStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ]),
        .executableTarget(name: "chainbreaker", dependencies: [
            "ChainBreakerApp", "ChainBreakerCore", "ChainBreakerIngest", "ChainBreakerStore", "ChainBreakerServer", "ChainBreakerPostgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "ChainBreakerCoreTests", dependencies: ["ChainBreakerCore"]),
        .testTarget(name: "ChainBreakerIngestTests", dependencies: ["ChainBreakerIngest", "ChainBreakerCore"]),
        .testTarget(name: "ChainBreakerSQLiteTests", dependencies: ["ChainBreakerSQLite", "ChainBreakerStore", "ChainBreakerIngest", "ChainBreakerCore"]),
        .testTarget(name: "ChainBreakerTestingTests", dependencies: ["ChainBreakerTesting", "ChainBreakerIngest", "ChainBreakerCore"]),
        .testTarget(name: "ChainBreakerServerTests", dependencies: [
            "ChainBreakerServer", "ChainBreakerApp", "ChainBreakerSQLite", "ChainBreakerStore", "ChainBreakerTesting", "ChainBreakerCore",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ]),
        .testTarget(name: "ChainBreakerPostgresTests", dependencies: [
            "ChainBreakerPostgres", "ChainBreakerSQLite", "ChainBreakerApp", "ChainBreakerStore", "ChainBreakerTesting",
            "ChainBreakerIngest", "ChainBreakerCore", .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "ChainBreakerAppTests", dependencies: ["ChainBreakerApp", "ChainBreakerSQLite", "ChainBreakerStore", "ChainBreakerTesting", "ChainBreakerCore", "ChainBreakerIngest"]),
    ],
    swiftLanguageModes: [.v6]
)
