import ChainBreakerStore
import PostgresNIO

/// Where a PostgreSQL store lives, parsed from a URL:
///
///     postgres://user:password@host:port/dbname?sslmode=disable&schema=cb&connect_timeout=5
///     postgresql://user@/dbname?host=/tmp/pgsock          (a UNIX socket in /tmp/pgsock)
///     postgres://user@%2Ftmp%2Fpgsock:5433/dbname          (the same, socket directory as host)
///
/// Like libpq, a host that starts with `/` is the directory of the server's UNIX socket
/// (`<dir>/.s.PGSQL.<port>`). `sslmode` is `disable`, `prefer` (the default: TLS when the server
/// offers it, certificate not verified, as libpq does) or `require`/`verify-full` (TLS or fail;
/// only `verify-full` verifies the certificate). `schema` puts every table in that schema (created
/// when missing): several stores can share one database. `connect_timeout` is in seconds (default 10).
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable { case tcp(host: String, port: Int), socket(path: String) }
    public enum TLSMode: String, Sendable { case disable, prefer, require, verifyFull = "verify-full" }
    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String?
    public var schema: String?
    public var tls: TLSMode
    public var connectTimeoutSeconds: Int

    /// Whether `text` looks like a PostgreSQL URL (anything else is a SQLite path).
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    public init(url text: String) throws(StoreError) {
        guard PostgresLocation.isURL(text) else {
            throw StoreError(.open, "not a PostgreSQL URL: \(PostgresLocation.redacted(text)) (expected postgres://user:password@host:port/dbname)")
        }
        var rest = Substring(text[text.index(after: text.firstIndex(of: ":")!)...].dropFirst(2))   // after "://"
        var query: [(String, String)] = []
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append((PostgresLocation.decode(kv[0]), kv.count > 1 ? PostgresLocation.decode(kv[1]) : ""))
            }
            rest = rest[..<q]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") { path = rest[rest.index(after: slash)...]; rest = rest[..<slash] }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") { userInfo = rest[..<at]; rest = rest[rest.index(after: at)...] }
        var host = ""
        var port = 5432
        if rest.hasPrefix("[") , let close = rest.firstIndex(of: "]") {   // [IPv6]:port
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { guard let p = Int(after.dropFirst()) else { throw PostgresLocation.bad(text, "bad port") }; port = p }
        } else if let colon = rest.lastIndex(of: ":") {
            host = PostgresLocation.decode(rest[..<colon])
            guard let p = Int(rest[rest.index(after: colon)...]), p > 0, p < 65536 else { throw PostgresLocation.bad(text, "bad port") }
            port = p
        } else {
            host = PostgresLocation.decode(rest)
        }
        user = ""
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = PostgresLocation.decode(userInfo[..<colon])
                password = PostgresLocation.decode(userInfo[userInfo.index(after: colon)...])
            } else {
                user = PostgresLocation.decode(userInfo)
            }
        }
        database = path.isEmpty ? nil : PostgresLocation.decode(path)
        tls = .prefer
        connectTimeoutSeconds = 10
        for (k, v) in query {
            switch k {
            case "host": host = v
            case "port": guard let p = Int(v), p > 0, p < 65536 else { throw PostgresLocation.bad(text, "bad port") }; port = p
            case "user": user = v
            case "password": password = v
            case "dbname": database = v
            case "schema", "search_path": schema = v
            case "sslmode":
                switch v {
                case "disable", "allow": tls = .disable
                case "prefer": tls = .prefer
                case "require", "verify-ca": tls = .require
                case "verify-full": tls = .verifyFull
                default: throw PostgresLocation.bad(text, "sslmode is disable, prefer, require or verify-full")
                }
            case "connect_timeout":
                guard let s = Int(v), s > 0 else { throw PostgresLocation.bad(text, "connect_timeout is a whole number of seconds") }
                connectTimeoutSeconds = s
            case "application_name", "options": break
            default: throw PostgresLocation.bad(text, "unknown parameter \(k)")
            }
        }
        if user.isEmpty { user = "postgres" }
        if host.isEmpty { host = "localhost" }
        if let schema, !PostgresLocation.isPlainIdentifier(schema) {
            throw PostgresLocation.bad(text, "schema must be lower-case letters, digits and _ (got \(schema))")
        }
        endpoint = host.hasPrefix("/") ? .socket(path: host + "/.s.PGSQL.\(port)") : .tcp(host: host, port: port)
    }

    /// The URL with its password hidden (for messages and logs).
    public var description: String {
        let cred = user + (password == nil ? "" : ":***")
        let db = database ?? ""
        switch endpoint {
        case .tcp(let host, let port): return "postgres://\(cred)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(db)" + (schema.map { "?schema=\($0)" } ?? "")
        case .socket(let path): return "postgres://\(cred)@/\(db)?host=\(path)" + (schema.map { "&schema=\($0)" } ?? "")
        }
    }

    /// A URL as typed, with any password hidden.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else { return text }
        let info = text[scheme.upperBound..<at]
        guard let colon = info.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    static func isPlainIdentifier(_ s: String) -> Bool {
        guard let f = s.utf8.first, !(0x30...0x39).contains(f), s.utf8.count <= 63 else { return false }
        return s.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    private static func bad(_ text: String, _ why: String) -> StoreError {
        StoreError(.open, "bad PostgreSQL URL \(redacted(text)): \(why)")
    }

    /// Percent-decoding (bytes that do not form %XX are kept).
    static func decode(_ s: Substring) -> String {
        var out: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == 0x25, it.count >= 2, let h = hex(it[it.startIndex]), let l = hex(it[it.startIndex + 1]) {
                out.append(h << 4 | l); it = it.dropFirst(2)
            } else { out.append(c) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    /// The postgres-nio configuration for this location.
    func configuration() throws(StoreError) -> PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        switch endpoint {
        case .socket(let path):
            config = .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let mode: PostgresConnection.Configuration.TLS
            do {
                switch tls {
                case .disable: mode = .disable
                case .prefer, .require:
                    var c = TLSConfiguration.makeClientConfiguration()
                    c.certificateVerification = .none
                    let ctx = try NIOSSLContext(configuration: c)
                    mode = tls == .prefer ? .prefer(ctx) : .require(ctx)
                case .verifyFull:
                    mode = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            } catch {
                throw StoreError(.open, "cannot set up TLS for \(self)", cause: "\(error)")
            }
            config = .init(host: host, port: port, username: user, password: password, database: database, tls: mode)
        }
        config.options.connectTimeout = .seconds(Int64(connectTimeoutSeconds))
        if let schema { config.options.additionalStartupParameters = [("search_path", schema)] }
        config.options.additionalStartupParameters.append(("application_name", "chainbreaker"))
        // Analyses read whole tables in order (events by time, cases, calls): let those sorts
        // stay in memory (the server's default of 4 MB spills them to disk). Per connection.
        config.options.additionalStartupParameters.append(("work_mem", "64MB"))
        return config
    }
}
