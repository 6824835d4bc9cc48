/// The one error type of the ingest module: a stable code, a message for a person, and the
/// underlying cause where there is one.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case io             // the file cannot be read
        case encoding       // bytes that no supported encoding decodes
        case unknownLayout  // no header of a known kind was found
        case missingColumn  // a required column is absent
        case corrupt        // structurally broken file (e.g. unterminated quote at EOF)
        case badMapping     // a --map option that names no column
        case strictReject   // --strict and at least one row was rejected
    }
    public var code: Code
    public var message: String
    public var file: String?
    public var cause: String?

    public init(_ code: Code, _ message: String, file: String? = nil, cause: String? = nil) {
        self.code = code; self.message = message; self.file = file; self.cause = cause
    }

    public var description: String {
        var s = (file.map { "\($0): " } ?? "") + message
        if let cause { s += " (\(cause))" }
        return s
    }
}
