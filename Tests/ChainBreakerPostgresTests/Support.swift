@testable import ChainBreakerPostgres
import ChainBreakerStore
import Foundation
import Testing

/// The PostgreSQL server the tests use: `CHAINBREAKER_TEST_POSTGRES_URL`
/// (e.g. `postgres://postgres@localhost:55432/postgres?sslmode=disable`). Without it the tests
/// are skipped on a developer's machine, but not in CI (`CI` set): there they run and fail, so a
/// CI without PostgreSQL cannot pass silently.
enum PGTest {
    static let url = ProcessInfo.processInfo.environment["CHAINBREAKER_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    /// Whether the suites that need a server run (always in CI).
    static let enabled = url != nil || inCI
    static let skipReason: Comment = "CHAINBREAKER_TEST_POSTGRES_URL is not set (set it, or CI, to run the PostgreSQL tests)"

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CI is set but CHAINBREAKER_TEST_POSTGRES_URL is not: the PostgreSQL store tests need a server (see .ci/run)"
        }
    }

    /// The test URL with a fresh schema of its own, so tests run in parallel on one database.
    static func freshURL() throws -> String {
        guard let url else { throw Missing() }
        let schema = "cbt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    /// Runs `body` with a store in a fresh schema, dropped afterwards.
    static func withStore<T>(now: @escaping @Sendable () -> Int64 = { 0 }, _ body: (PostgresStore) throws -> T) throws -> T {
        let store = try PostgresStore(url: try freshURL(), now: now)
        defer { try? store.dropSchema(); store.close() }
        return try body(store)
    }
}
