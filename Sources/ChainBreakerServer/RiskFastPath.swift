import ChainBreakerCore
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `GET /api/v1/risk/{kind}/{value}` on the event loop that read it, inside the
/// connection's channel pipeline, without handing the request to Swift concurrency.
///
/// Why: a bank's payment system asks for risk at payment rate, and on two cores Hummingbird's
/// per-request path (the request parts crossing into an async sequence, a task resuming, the
/// router, the response crossing back) costs more than the answer: its own JSON 404 peaks at
/// 19,000–22,600 requests/s here. The answer itself is a synchronous lookup in the built `RiskIndex`.
///
/// It answers only what it can answer at once and exactly as the route would — the same
/// authentication, token bucket, role check, JSON (`Routes.riskReply`), errors, audit row and
/// metrics (`ChainBreakerServer.admit` / `record`). Everything else goes on unchanged to
/// Hummingbird: another route or method, a body, `Connection: close`, a path it does not
/// parse plainly, a token not loaded yet (the route reloads the digests), a risk index still
/// building, and any request while a passed-on request on this connection has not finished its
/// response (so pipelined responses keep their order). Sits after `HTTP1ToHTTPServerCodec`
/// (`HTTP1Channel.Configuration.additionalChannelHandlers`); one per connection, used on its
/// event loop only. Cost per answered request: one index lookup and one JSON buffer (the token's
/// SHA-256 only when the connection presents a new token or the digests were reloaded);
/// responses written during one read are flushed once. Counted in `/metrics` as
/// `chainbreaker_risk_fast_path_answers_total`.
final class RiskFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let prefix = Array("/api/v1/risk/".utf8)

    /// A request this handler answers once its end arrives.
    struct Query {
        var start: UInt64
        var principal: Principal
        var index: RiskIndex
        var kind: String
        var value: String
    }

    private let server: ChainBreakerServer
    private let endpoint: Endpoint
    /// Requests passed on to Hummingbird whose response has not ended yet.
    private var passedOn = 0
    private var answering: Query?
    private var needsFlush = false
    private var date = HTTPDate()
    private var caller: AccessControl.Remembered?

    init(server: ChainBreakerServer, endpoint: Endpoint) {
        self.server = server
        self.endpoint = endpoint
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if passedOn == 0, let q = query(request) { answering = q; return }
            passedOn += 1
            context.fireChannelRead(data)
        case .body:
            // A request answered here has no body (checked on its head).
            if answering == nil { context.fireChannelRead(data) }
        case .end:
            guard let q = answering else { context.fireChannelRead(data); return }
            answering = nil
            respond(context, q)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush { needsFlush = false; context.flush() }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    /// The query if this handler can answer the request now, else nil (pass it on).
    func query(_ request: HTTPRequest) -> Query? {
        guard request.method == .get, let path = request.path else { return nil }
        let fields = request.headerFields
        // `Connection: close` or an upgrade is the router's to honour; keep-alive is the default.
        if let c = fields[.connection], c.lowercased() != "keep-alive" { return nil }
        guard fields[.transferEncoding] == nil,
              fields[.contentLength] == nil || fields[.contentLength] == "0",
              let auth = fields[.authorization] else { return nil }
        guard let (kind, value) = Self.segments(path) else { return nil }
        guard let index = server.cache.builtRiskIndex(), let principal = server.access.knownPrincipal(auth, remembered: &caller) else { return nil }
        return Query(start: server.config.monotonic(), principal: principal, index: index, kind: kind, value: value)
    }

    /// `kind` and `value` of `/api/v1/risk/{kind}/{value}[?query]`, percent-decoded; nil for any
    /// other shape (another path, an empty or extra segment, a bad escape), which the router
    /// then answers.
    static func segments(_ path: String) -> (String, String)? {
        let u = path.utf8
        guard u.starts(with: prefix) else { return nil }
        let start = u.index(u.startIndex, offsetBy: prefix.count)
        let end = u[start...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? u.endIndex
        guard let slash = u[start..<end].firstIndex(of: UInt8(ascii: "/")), slash > start else { return nil }
        let after = u.index(after: slash)
        guard after < end, !u[after..<end].contains(UInt8(ascii: "/")),
              let kind = PercentDecoding.decode(String(path[start..<slash])),
              let value = PercentDecoding.decode(String(path[after..<end])) else { return nil }
        return (kind, value)
    }

    private func respond(_ context: ChannelHandlerContext, _ q: Query) {
        var status = HTTPResponse.Status.ok
        var fields = HTTPFields()
        var body: [UInt8]
        var entity: String?   // as the router: none for a refused caller, the raw query for a bad one
        var count = 0
        do {
            try server.admit(q.principal, to: endpoint)
            entity = q.kind + ":" + q.value
            let r = try Routes.riskReply(q.index, kind: q.kind, value: q.value, role: q.principal.role)
            body = r.json; entity = r.entity; count = r.count
        } catch {
            let e = APIError.from(any: error)
            status = e.status; fields = e.headers; body = e.body
        }
        server.metrics.add("risk_fast_path_answers_total", 1)
        server.record(endpoint, route: endpoint.route, principal: q.principal, entity: entity, count: count, status: Int(status.code), since: q.start)
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.count)
        fields[.date] = date.string(at: server.config.now())
        fields[.server] = ChainBreakerServer.name
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        needsFlush = true
    }
}

/// The IMF-fixdate of RFC 9110 §5.6.7 (`Sun, 06 Nov 1994 08:49:37 GMT`) for the `Date` header,
/// formatted once per second: no Foundation formatter on the request path.
struct HTTPDate {
    private var second: Int64 = .min
    private var text = ""

    mutating func string(at unixSeconds: Int64) -> String {
        if unixSeconds != second { second = unixSeconds; text = Self.format(unixSeconds) }
        return text
    }

    /// O(1); the civil date from `Instant.civil(fromDays:)`.
    static func format(_ t: Int64) -> String {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = Int(t - days * 86_400)
        let weekday = Int((days % 7 + 11) % 7)   // 1970-01-01 was a Thursday (index 4, Sunday 0)
        let (year, month, day) = Instant.civil(fromDays: days)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(names[weekday]), \(two(day)) \(months[month - 1]) \(year) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60)) GMT"
    }
}
