import Testing
@testable import ChainBreakerCore

@Suite struct JSONEscapeTests {
    @Test func escapesQuotesBackslashesAndControlCharacters() {
        var out: [UInt8] = []
        JSONEscape.appendString("a\"b\\c\nd\re\tf\u{01}g 断链", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\re\tf\u0001g 断链""#)
        out = []
        JSONEscape.appendString("", to: &out)
        #expect(out == [0x22, 0x22])
    }
}
