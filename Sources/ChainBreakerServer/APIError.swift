import ChainBreakerApp
import ChainBreakerIngest
import ChainBreakerStore
import Hummingbird

/// The one error type of the server: an HTTP status, a stable machine code and a message for a
/// person. Every module's error is mapped to it here (and only here); the response body is
/// always `{"error":{"code":…, "message":…}}`. Internal causes (SQL messages, paths) are never
/// sent to the client.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status; self.code = code; self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func unauthorized(_ message: String) -> APIError {
        var e = APIError(.unauthorized, "unauthorized", message)
        e.headers[.wwwAuthenticate] = "Bearer realm=\"chainbreaker\""
        return e
    }
    static func forbidden(_ role: String) -> APIError { APIError(.forbidden, "forbidden", "the role \(role) may not use this endpoint") }
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static func tooLarge(_ limit: Int) -> APIError { APIError(.contentTooLarge, "payload_too_large", "the request body exceeds this endpoint's limit of \(limit) bytes") }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func rateLimited(retryAfter: Int) -> APIError {
        var e = APIError(.tooManyRequests, "rate_limited", "too many requests for this token; retry after \(retryAfter) s")
        e.headers[.retryAfter] = String(retryAfter)
        return e
    }
    static let internalError = APIError(.internalServerError, "internal", "the server could not complete the request")

    /// Maps the application layer's error.
    static func from(_ e: AppError) -> APIError {
        switch e.code {
        case .notFound: APIError(.notFound, "not_found", e.message)
        case .input: APIError(.unprocessableContent, "invalid_input", e.message)
        case .strict: APIError(.unprocessableContent, "rejected_rows", e.message)
        case .usage: APIError(.badRequest, "bad_request", e.message)
        case .store: APIError(.serviceUnavailable, "store_unavailable", "the store could not be read or written")
        case .internalFailure: internalError
        }
    }

    static func from(_ e: StoreError) -> APIError {
        APIError(.serviceUnavailable, "store_unavailable", "the store could not be read or written")
    }

    static func from(_ e: IngestError) -> APIError {
        APIError(.unprocessableContent, "invalid_input", e.message)
    }

    /// Any error thrown while handling a request.
    static func from(any error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as AppError: return from(e)
        case let e as StoreError: return from(e)
        case let e as IngestError: return from(e)
        case let e as HTTPError:
            switch e.status {
            case .contentTooLarge: return APIError(.contentTooLarge, "payload_too_large", "the request body is too large")
            case .notFound: return APIError(.notFound, "not_found", "no such route")
            default: return APIError(e.status, "http_\(e.status.code)", e.body ?? e.status.reasonPhrase)
            }
        default: return internalError
        }
    }

    /// `{"error":{"code":…, "message":…}}`.
    var body: [UInt8] {
        var w = JSONOut()
        w.open("{"); w.key("error"); w.open("{")
        w.key("code"); w.string(code); w.key("message"); w.string(message)
        w.close("}"); w.close("}")
        return w.bytes
    }

    func response() -> Response {
        var h = headers
        h[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
