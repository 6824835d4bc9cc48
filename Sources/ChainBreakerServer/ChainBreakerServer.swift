import ChainBreakerApp
import ChainBreakerCore
import ChainBreakerStore
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOPosix

/// Settings of `chainbreaker serve`.
public struct ServerConfig: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Per-token request budget by role (token bucket). A bank's payment system (api-client)
    /// queries risk at payment rate; people click.
    public var rateLimits: [AccessRole: RateLimit] = [
        .apiClient: RateLimit(perSecond: 100_000, burst: 100_000),
        .analyst: RateLimit(perSecond: 50, burst: 200),
        .supervisor: RateLimit(perSecond: 50, burst: 200),
    ]
    /// Largest accepted bodies (bytes).
    public var maxImportBytes = 256 << 20
    public var maxEventBatchBytes = 32 << 20
    public var maxEventStreamBytes = 4 << 30
    public var maxEventLineBytes = 64 << 10
    /// How often buffered audit rows are written.
    public var auditInterval: Duration = .milliseconds(100)
    /// Where uploaded files are kept while they import (deleted afterwards).
    public var uploadDirectory = NSTemporaryDirectory()
    /// Longest long-poll wait for warnings, seconds.
    public var maxWarningWait = 30
    /// Answer risk queries inside the connection's pipeline on its event loop (`RiskFastPath`);
    /// off, every request takes Hummingbird's router (`serve --no-fast-path`).
    public var fastRiskPath = true
    /// UTC seconds (audit times); injected in tests.
    public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    /// Monotonic nanoseconds (latency, rate limits); injected in tests.
    public var monotonic: @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    public init() {}
}

/// The ChainBreaker HTTP server: a router of `Endpoint`s over one store. Every endpoint goes
/// through `handle`: authenticate (bearer token → principal), rate-limit, check the role,
/// check the body size, run, map errors to `{"error":{…}}`, audit, count.
public final class ChainBreakerServer: @unchecked Sendable {
    public let config: ServerConfig
    let store: any ChainBreakerStore
    let access: AccessControl
    let audit: AuditLog
    let metrics = ServerMetrics()
    let cache: AnalysisCache
    let hub: WarningHub
    let ingest: EventIngest
    /// Every route the server answers (the OpenAPI document lists exactly these).
    private(set) var endpoints: [Endpoint] = []

    public init(store: any ChainBreakerStore, config: ServerConfig = ServerConfig(), warnings: (any WarningFeed)? = nil) throws(APIError) {
        self.store = store
        self.config = config
        do { access = try AccessControl(store: store, limits: config.rateLimits, clock: config.monotonic) } catch { throw APIError.from(error) }
        audit = AuditLog(store: store)
        cache = AnalysisCache(store: store)
        hub = WarningHub()
        ingest = EventIngest(store: store, hub: hub, feed: warnings)
        endpoints = Routes.all(self)
    }

    /// Starts the warning engine on what the store knows now (`WarnJob.prepare`), for tests and
    /// embedders; `run()` does it in the background.
    public func startWarningEngine() throws(APIError) {
        do { ingest.setFeed(try EngineFeed(store: store, now: config.now())) } catch { throw APIError.from(error) }
    }

    /// Sets or replaces the warning engine fed by event ingestion.
    public func setWarningFeed(_ feed: (any WarningFeed)?) { ingest.setFeed(feed) }

    /// Re-reads the token digests now (`run()` does it every 2 s).
    public func reloadAccess() throws(StoreError) { try access.reload() }

    /// Writes buffered audit rows now.
    public func flushAudit() { audit.flush() }

    /// The router with every endpoint, plus a JSON 404 for anything else.
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.add(middleware: NotFoundJSON(metrics: metrics, monotonic: config.monotonic))
        for e in endpoints {
            let route = e.route
            router.on(RouterPath(e.path), method: e.method) { [self] request, context in
                await self.handle(e, route: route, request, context)
            }
        }
        return router
    }

    /// The `Server` header.
    static let name = "ChainBreaker"

    public func application() -> some ApplicationProtocol {
        let risk = config.fastRiskPath ? endpoints.first { $0.action == "risk" } : nil
        let server: HTTPServerBuilder = .http1(configuration: .init(additionalChannelHandlers: risk.map { [RiskFastPath(server: self, endpoint: $0)] } ?? []))
        return Application(router: router(), server: server,
                           configuration: .init(address: .hostname(config.host, port: config.port), serverName: Self.name))
    }

    /// Makes NIO's event-loop threads Swift concurrency's global executor, for the whole process.
    /// Hummingbird reads a request on an event loop and runs its handler as a task; with the default
    /// executor every request crosses to a cooperative thread and back (two thread wake-ups), which
    /// on two cores costs more than the risk lookup itself. Call once, before any task starts
    /// (`chainbreaker serve` does); returns false if another executor was installed first. Blocking
    /// work never runs on these threads: it goes through `Blocking.run`.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Sets how many network threads (NIO's shared event loops) the process uses; call once,
    /// before anything starts (the default is one per core).
    public static func setNetworkThreads(_ n: Int) {
        NIOSingletons.groupLoopCountSuggestion = n
    }

    /// Runs until SIGINT/SIGTERM; the audit buffer is flushed every `auditInterval` and at the end.
    public func run() async throws {
        let flusher = Task { await audit.run(interval: config.auditInterval) }
        // Token digests are re-read every 2 s, so a revoked token (`chainbreaker token revoke`)
        // stops working within 2 s and a new one works at once (an unknown token reloads too).
        let access = self.access
        let reloader = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                await Blocking.run { _ = try? access.reload() }
            }
        }
        // Build the risk index while the server starts listening (the first queries wait for it).
        // The warning engine learns what the store knows now; events ingested before it is ready
        // are stored but not warned on.
        let cache = self.cache, store = self.store, ingest = self.ingest, now = config.now()
        Task {
            _ = try? await Blocking.run { try cache.riskIndex() }
            if ingest.hasFeed { return }
            if let feed = try? await Blocking.run({ try EngineFeed(store: store, now: now) }) { ingest.setFeed(feed) }
        }
        defer { flusher.cancel(); reloader.cancel(); audit.flush() }
        try await application().runService()
    }

    func handle(_ e: Endpoint, route: String, _ request: Request, _ context: ServerContext) async -> Response {
        let start = config.monotonic()
        var principal: Principal?
        var entity: String?
        var count = 0
        var response: Response
        do {
            if e.roles != nil {
                let p = try await access.authenticate(request.headers[.authorization])
                principal = p
                try admit(p, to: e)
            }
            if let len = request.headers[.contentLength].flatMap({ Int($0) }), len > e.maxBody {
                throw e.maxBody == 0 ? APIError.badRequest("this endpoint takes no request body") : APIError.tooLarge(e.maxBody)
            }
            let call = Call(request: request, context: context, principal: principal, server: self, maxBody: e.maxBody)
            entity = e.entity?(call)
            let reply = try await e.handler(call)
            response = reply.response
            entity = reply.entity ?? entity
            count = reply.count
        } catch {
            response = APIError.from(any: error).response()
        }
        record(e, route: route, principal: principal, entity: entity, count: count, status: Int(response.status.code), since: start)
        return response
    }

    /// The token bucket and the endpoint's roles, for a caller whose token checked out.
    func admit(_ p: Principal, to e: Endpoint) throws(APIError) {
        try access.admit(p)
        if let roles = e.roles, !roles.contains(p.role) { throw APIError.forbidden(p.role.rawValue) }
    }

    /// The audit row (for audited endpoints) and the metrics of one answered request.
    func record(_ e: Endpoint, route: String, principal: Principal?, entity: String?, count: Int, status: Int, since start: UInt64) {
        if let action = e.action {
            audit.append(AuditEntry(time: config.now(), user: principal?.user ?? "-", role: principal?.role.rawValue ?? "-", action: action,
                                    route: route, entity: entity, resultCount: count, status: status))
        }
        metrics.record(route: route, status: status, seconds: Double(config.monotonic() &- start) / 1e9)
    }
}

/// The request context: Hummingbird's core storage and nothing else (the principal is passed
/// to handlers explicitly, see `Call`).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    /// Endpoints enforce their own limits (`Endpoint.maxBody`); this is only the ceiling.
    public var maxUploadSize: Int { 4 << 30 }
}

/// One route: what the OpenAPI document says about it and how it is served. Adding an endpoint
/// is one function returning one of these (see `Routes`).
struct Endpoint: Sendable {
    struct Parameter: Sendable {
        var name: String
        var location: String   // "path" or "query"
        var required: Bool
        var description: String
        var schema = "string"
    }
    var method: HTTPRequest.Method
    /// Router pattern, `{name}` for path parameters.
    var path: String
    var summary: String
    var tag: String
    /// Roles allowed; nil = public (no token: `/`, `/health`, `/openapi.json`).
    var roles: Set<AccessRole>?
    /// Largest request body accepted, bytes (0 = none).
    var maxBody = 0
    /// Audit action name; nil = not audited (public endpoints, metrics).
    var action: String?
    var parameters: [Parameter] = []
    /// The entity a request asks about, for the audit log even when it fails (`case:…`).
    var entity: (@Sendable (Call) -> String?)?
    /// Request body media type for the OpenAPI document.
    var requestBody: String?
    /// Response media type for the OpenAPI document.
    var produces = "application/json"
    var handler: @Sendable (Call) async throws -> Reply
    /// `GET /api/v1/…`: the label of the route in metrics and the audit log.
    var route: String { method.rawValue + " " + path }
}

/// What a handler gets.
struct Call: Sendable {
    var request: Request
    var context: ServerContext
    var principal: Principal?
    var server: ChainBreakerServer
    var maxBody: Int

    var role: AccessRole { principal?.role ?? .apiClient }

    func path(_ name: String) throws(APIError) -> String {
        guard let raw = context.parameters.get(name) else { throw APIError.badRequest("missing path parameter \(name)") }
        guard let decoded = PercentDecoding.decode(raw) else { throw APIError.badRequest("path parameter \(name) is not valid percent-encoded UTF-8") }
        return decoded
    }

    /// A query parameter's value (Hummingbird has already percent-decoded it).
    func query(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map { String($0) }
    }

    func queryInt(_ name: String, default d: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let s = query(name) else { return d }
        guard let v = Int(s), range.contains(v) else { throw APIError.badRequest("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    /// The whole body, at most the endpoint's limit.
    func body() async throws -> [UInt8] {
        var total = 0
        var out: [UInt8] = []
        for try await var chunk in request.body {
            total += chunk.readableBytes
            if total > maxBody { throw APIError.tooLarge(maxBody) }
            out.append(contentsOf: chunk.readBytes(length: chunk.readableBytes) ?? [])
        }
        return out
    }
}

/// A handler's answer: the response, and for the audit log the entity asked about and how many
/// results went back.
struct Reply: Sendable {
    var response: Response
    var entity: String?
    var count: Int

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok, entity: String? = nil, count: Int = 1) -> Reply {
        Reply(response: Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes))),
              entity: entity, count: count)
    }

    static func encoded<T: Encodable>(_ value: T, entity: String? = nil, count: Int) throws -> Reply {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return json(Array(try enc.encode(value)), entity: entity, count: count)
    }

    static func text(_ s: String, contentType: String) -> Reply {
        Reply(response: Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: s))), entity: nil, count: 0)
    }
}

/// Unmatched routes answer a JSON 404 (and are counted under one label, not per raw path).
struct NotFoundJSON: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: ServerMetrics
    let monotonic: @Sendable () -> UInt64

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let start = monotonic()
            let e = APIError.from(any: error)
            let r = e.response()
            metrics.record(route: "unmatched", status: Int(r.status.code), seconds: Double(monotonic() &- start) / 1e9)
            return r
        }
    }
}
