import ChainBreakerApp
import ChainBreakerCore
@testable import ChainBreakerServer
import ChainBreakerSQLite
import ChainBreakerStore
import ChainBreakerTesting
import Foundation
import Hummingbird
import HummingbirdTesting

/// Stores, users and tokens for the server tests. `empty()` is a new store per call (tests that
/// write); `city()` is one generated city imported once per process (read-only analyses).
struct ServerFixture: @unchecked Sendable {
    let store: SQLiteStore
    let tokens: [AccessRole: String]
    let dir: String

    nonisolated(unsafe) private static var shared: ServerFixture?
    private static let lock = NSLock()
    static let root = NSTemporaryDirectory() + "cb-server-tests-\(getpid())"

    /// A deterministic RNG for tokens in tests (production uses `SystemRandomNumberGenerator`).
    struct CountingRNG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; return z ^ (z >> 31) }
    }

    static func make(_ name: String, data: String? = nil) throws -> ServerFixture {
        let dir = root + "/" + name + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir + "/t.db")
        if let data { _ = try ImportPipeline(store: store).run([data]) }
        var rng = CountingRNG(state: 42)
        var tokens: [AccessRole: String] = [:]
        for role in AccessRole.allCases {
            let name = "user-" + role.rawValue
            _ = try AccessJob.addUser(store, name: name, role: role.rawValue, now: 1_700_000_000)
            tokens[role] = try AccessJob.createToken(store, user: name, now: 1_700_000_000, using: &rng)
        }
        return ServerFixture(store: store, tokens: tokens, dir: dir)
    }

    static func empty() throws -> ServerFixture { try make("empty") }

    static func city() throws -> ServerFixture {
        lock.lock(); defer { lock.unlock() }
        if let shared { return shared }
        let f = try make("city", data: try generatedCity())
        shared = f
        return f
    }

    /// The generated city's package (written once per process), for fixtures that import it into
    /// a store of their own (tests that write).
    static func citySource() throws -> String {
        lock.lock(); defer { lock.unlock() }
        return try generatedCity()
    }

    nonisolated(unsafe) private static var source: String?

    /// Caller holds `lock`.
    private static func generatedCity() throws -> String {
        if let source { return source }
        let gen = root + "/city-src"
        _ = try CityGenerator(CityConfig(citizens: 600, gangs: 2, seed: 611, noise: 0.5)).write(to: gen)
        source = gen
        atexit { try? FileManager.default.removeItem(atPath: ServerFixture.root) }
        return gen
    }

    func server(_ edit: (inout ServerConfig) -> Void = { _ in }) throws -> ChainBreakerServer {
        var config = ServerConfig()
        config.uploadDirectory = dir
        config.now = { 1_700_000_000 }
        edit(&config)
        return try ChainBreakerServer(store: store, config: config)
    }

    func auth(_ role: AccessRole) -> HTTPFields { [.authorization: "Bearer " + tokens[role]!] }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

extension ByteBuffer {
    init(text: String) { self.init(string: text) }
}
