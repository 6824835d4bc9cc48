/// The OpenAPI 3.1 document of the server, built from the endpoint list itself, so it lists
/// exactly the routes the router serves (a test checks both ways).
enum OpenAPIDocument {
    static func json(_ endpoints: [Endpoint]) -> [UInt8] {
        var w = JSONOut(capacity: 16_384)
        w.open("{")
        w.key("openapi"); w.string("3.1.0")
        w.key("info"); w.open("{")
        w.key("title"); w.string("ChainBreaker 断链 API")
        w.key("version"); w.string("1")
        w.key("description"); w.string("Anti-telecom-fraud intelligence: risk query, event ingestion and warnings, import, trace, rating, gangs, case links. Every /api/v1 route needs a bearer token (`chainbreaker token create`); roles decide what is allowed and what is masked. Errors are {\"error\":{\"code\",\"message\"}}.")
        w.close("}")
        w.key("components"); w.open("{")
        w.key("securitySchemes"); w.open("{")
        w.key("bearer"); w.open("{"); w.key("type"); w.string("http"); w.key("scheme"); w.string("bearer"); w.close("}")
        w.close("}")
        w.key("schemas"); w.open("{")
        w.key("Error"); w.open("{")
        w.key("type"); w.string("object")
        w.key("properties"); w.open("{")
        w.key("error"); w.open("{"); w.key("type"); w.string("object")
        w.key("properties"); w.open("{")
        w.key("code"); w.open("{"); w.key("type"); w.string("string"); w.close("}")
        w.key("message"); w.open("{"); w.key("type"); w.string("string"); w.close("}")
        w.close("}")
        w.key("required"); w.strings(["code", "message"])
        w.close("}")
        w.close("}")
        w.key("required"); w.strings(["error"])
        w.close("}")
        w.close("}")
        w.close("}")
        // Paths, grouped (one path may carry several methods).
        var order: [String] = []
        var byPath: [String: [Endpoint]] = [:]
        for e in endpoints {
            if byPath[e.path] == nil { order.append(e.path) }
            byPath[e.path, default: []].append(e)
        }
        w.key("paths"); w.open("{")
        for path in order {
            w.key(path); w.open("{")
            for e in byPath[path]! {
                w.key(e.method.rawValue.lowercased()); w.open("{")
                w.key("summary"); w.string(e.summary)
                w.key("operationId"); w.string(operationID(e))
                w.key("tags"); w.strings([e.tag])
                if let roles = e.roles {
                    w.key("security"); w.open("["); w.element(); w.open("{"); w.key("bearer"); w.strings([]); w.close("}"); w.close("]")
                    w.key("x-roles"); w.strings(roles.map(\.rawValue).sorted())
                } else {
                    w.key("security"); w.open("["); w.close("]")
                }
                if !e.parameters.isEmpty {
                    w.key("parameters"); w.open("[")
                    for p in e.parameters {
                        w.element(); w.open("{")
                        w.key("name"); w.string(p.name); w.key("in"); w.string(p.location)
                        w.key("required"); w.bool(p.required); w.key("description"); w.string(p.description)
                        w.key("schema"); w.open("{"); w.key("type"); w.string(p.schema); w.close("}")
                        w.close("}")
                    }
                    w.close("]")
                }
                if let body = e.requestBody {
                    w.key("requestBody"); w.open("{")
                    w.key("required"); w.bool(true)
                    w.key("description"); w.string("at most \(e.maxBody) bytes")
                    w.key("content"); w.open("{")
                    w.key(body); w.open("{"); w.key("schema"); w.open("{"); w.key("type"); w.string("string"); w.close("}"); w.close("}")
                    if body == "application/x-ndjson" {
                        w.key("application/json"); w.open("{"); w.key("schema"); w.open("{"); w.key("type"); w.string("array")
                        w.key("items"); w.open("{"); w.key("type"); w.string("object"); w.close("}"); w.close("}"); w.close("}")
                    }
                    w.close("}")
                    w.close("}")
                }
                w.key("responses"); w.open("{")
                w.key("200"); w.open("{"); w.key("description"); w.string("OK")
                w.key("content"); w.open("{"); w.key(e.produces); w.open("{"); w.close("}"); w.close("}")
                w.close("}")
                var errors: [(String, String)] = [("400", "Bad request"), ("500", "Internal error")]
                if e.roles != nil { errors += [("401", "Missing or invalid token"), ("403", "Role not allowed"), ("429", "Rate limit of the token exceeded")] }
                if e.maxBody > 0 { errors.append(("413", "Body larger than the endpoint's limit")) }
                for (code, text) in errors.sorted(by: { $0.0 < $1.0 }) {
                    w.key(code); w.open("{"); w.key("description"); w.string(text)
                    w.key("content"); w.open("{"); w.key("application/json"); w.open("{")
                    w.key("schema"); w.open("{"); w.key("$ref"); w.string("#/components/schemas/Error"); w.close("}")
                    w.close("}"); w.close("}")
                    w.close("}")
                }
                w.close("}")
                w.close("}")
            }
            w.close("}")
        }
        w.close("}")
        w.close("}")
        return w.bytes
    }

    static func operationID(_ e: Endpoint) -> String {
        var parts = [e.method.rawValue.lowercased()]
        for seg in e.path.split(separator: "/") where seg != "api" && seg != "v1" {
            parts.append(seg.hasPrefix("{") ? "by_" + seg.dropFirst().dropLast() : String(seg).replacingOccurrences(of: ".", with: "_"))
        }
        if parts.count == 1 { parts.append("home") }
        return parts.joined(separator: "_")
    }
}
