import ChainBreakerCore

/// A call, SMS, APP installation or site visit (calls.csv and events.jsonl).
struct CommEvent {
    enum Kind: UInt8 { case call, sms, appInstall, urlVisit }
    var time: Int64
    var kind: Kind
    var a: String          // caller / sender / phone
    var b: String          // callee / receiver / app / url
    var duration: Int32 = 0
    var seq: UInt32 = 0

    /// Appends the event as one JSON line (without the newline).
    func appendJSON(_ out: inout [UInt8]) {
        switch kind {
        case .call:
            out.append(contentsOf: Array(#"{"type":"call","time":""#.utf8)); ByteFormat.appendISO(time, &out)
            out.append(contentsOf: Array(#"","from":""#.utf8)); JSONBytes.appendEscaped(a, &out)
            out.append(contentsOf: Array(#"","to":""#.utf8)); JSONBytes.appendEscaped(b, &out)
            out.append(contentsOf: Array(#"","duration":"#.utf8)); ByteFormat.appendInt(Int64(duration), &out)
            out.append(0x7D)
        case .sms:
            out.append(contentsOf: Array(#"{"type":"sms","time":""#.utf8)); ByteFormat.appendISO(time, &out)
            out.append(contentsOf: Array(#"","from":""#.utf8)); JSONBytes.appendEscaped(a, &out)
            out.append(contentsOf: Array(#"","to":""#.utf8)); JSONBytes.appendEscaped(b, &out)
            out.append(contentsOf: Array(#""}"#.utf8))
        case .appInstall:
            out.append(contentsOf: Array(#"{"type":"app_install","time":""#.utf8)); ByteFormat.appendISO(time, &out)
            out.append(contentsOf: Array(#"","phone":""#.utf8)); JSONBytes.appendEscaped(a, &out)
            out.append(contentsOf: Array(#"","app":""#.utf8)); JSONBytes.appendEscaped(b, &out)
            out.append(contentsOf: Array(#""}"#.utf8))
        case .urlVisit:
            out.append(contentsOf: Array(#"{"type":"url_visit","time":""#.utf8)); ByteFormat.appendISO(time, &out)
            out.append(contentsOf: Array(#"","phone":""#.utf8)); JSONBytes.appendEscaped(a, &out)
            out.append(contentsOf: Array(#"","url":""#.utf8)); JSONBytes.appendEscaped(b, &out)
            out.append(contentsOf: Array(#""}"#.utf8))
        }
    }
}

enum JSONBytes {
    /// JSON string body escaping (quotes, backslashes, control characters): `JSONEscape`.
    static func appendEscaped(_ s: String, _ out: inout [UInt8]) { JSONEscape.appendBody(s, to: &out) }
}
