import ArgumentParser
import ChainBreakerApp
import ChainBreakerPostgres
import ChainBreakerServer
import Dispatch
import Foundation

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (risk query, event ingestion, warnings, import, trace, rate, gangs, link) over the store.",
        discussion: """
            Every /api/v1 request needs a bearer token: create a user (`chainbreaker user add NAME --role ROLE`) and \
            a token (`chainbreaker token create --user NAME`). The API is described at /openapi.json; a small web \
            page is at /. Stops on SIGINT/SIGTERM after writing the buffered audit rows.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on.") var port = 8080
    @Option(name: .long, help: "Requests per second per api-client token (token bucket; 0 = unlimited).") var clientRate: Double = 100_000
    @Option(name: .long, help: "Requests per second per analyst or supervisor token (0 = unlimited).") var personRate: Double = 50
    @Flag(inversion: .prefixedNo, help: "Run request handlers on the network threads (fewer thread hops per request).") var eventLoopExecutor = true
    @Option(name: .long, help: "Network threads (0 = one per core).") var threads = 0
    @Flag(inversion: .prefixedNo, help: "Answer risk queries in the connection's pipeline on its network thread, without the router (same answers, audit and metrics).") var fastPath = true

    func run() throws {
        do {
            guard threads >= 0 else { throw AppError(.usage, "--threads must be 0 (one per core) or more") }
            if threads > 0 { ChainBreakerServer.setNetworkThreads(threads) }
            if eventLoopExecutor { ChainBreakerServer.runTasksOnEventLoops() }
            let db = try openStore(store.db)
            var config = ServerConfig()
            config.host = host
            config.port = port
            config.fastRiskPath = fastPath
            func limit(_ r: Double, burst: Double) -> RateLimit { r <= 0 ? .unlimited : RateLimit(perSecond: r, burst: max(burst, r)) }
            config.rateLimits = [.apiClient: limit(clientRate, burst: clientRate), .analyst: limit(personRate, burst: personRate * 4),
                                 .supervisor: limit(personRate, burst: personRate * 4)]
            let server = try ChainBreakerServer(store: db, config: config)
            stderr("chainbreaker: serving \(PostgresLocation.redacted(store.db)) on http://\(host):\(port)/ (API description: /openapi.json)\n")
            let done = DispatchSemaphore(value: 0)
            let failure = ErrorBox()
            Task {
                do { try await server.run() } catch { failure.error = error }
                done.signal()
            }
            done.wait()
            if let e = failure.error { throw AppError(.internalFailure, "the server stopped", cause: "\(e)") }
        } catch { fail(error) }
    }
}

final class ErrorBox: @unchecked Sendable { var error: Error? }

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage the server's users.",
                                                    subcommands: [UserAddCommand.self, UserListCommand.self])
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user with a role: analyst, supervisor or api-client.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "User name (A–Z a–z 0–9 . _ @ -).") var name: String
    @Option(name: .long, help: "analyst, supervisor or api-client.") var role: String

    func run() throws {
        do {
            let u = try AccessJob.addUser(try openStore(store.db), name: name, role: role, now: Int64(Date().timeIntervalSince1970))
            print("user \(u.name) (\(u.role)) added; create a token with: chainbreaker token create --user \(u.name)")
        } catch { fail(error) }
    }
}

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List users and their roles.")
    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            for u in try openStore(store.db).loadUsers() { print("\(u.name)\t\(u.role)") }
        } catch { fail(error) }
    }
}

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [TokenCreateCommand.self, TokenRevokeCommand.self])
}

struct TokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token (--token) or every token of a user (--user); a running server refuses them within 2 s.")
    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Every token of this user.") var user: String?
    @Option(name: .long, help: "This token.") var token: String?

    func run() throws {
        do {
            let n = try AccessJob.revoke(try openStore(store.db), user: user, token: token)
            print("revoked \(n) token(s)")
        } catch { fail(error) }
    }
}

struct TokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API token for a user and print it (once: only its SHA-256 digest is stored).")
    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "The user the token acts for.") var user: String

    func run() throws {
        do {
            var rng = SystemRandomNumberGenerator()
            let token = try AccessJob.createToken(try openStore(store.db), user: user, now: Int64(Date().timeIntervalSince1970), using: &rng)
            print(token)
        } catch { fail(error) }
    }
}
