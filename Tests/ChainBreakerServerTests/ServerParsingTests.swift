import Testing
@testable import ChainBreakerServer

@Suite struct ServerParsingTests {
    @Test func percentDecodingOfPathSegments() {
        #expect(PercentDecoding.decode("13800138000") == "13800138000")
        #expect(PercentDecoding.decode("%E8%85%BE%E8%AE%AF%E4%BC%9A%E8%AE%AE") == "腾讯会议")
        #expect(PercentDecoding.decode("a%2Fb%2fc") == "a/b/c")
        #expect(PercentDecoding.decode("1+2") == "1+2")                 // `+` is not a space in a path
        #expect(PercentDecoding.decode("%2541") == "%41")                // decoded once, not twice
        #expect(PercentDecoding.decode("abc%") == nil)
        #expect(PercentDecoding.decode("abc%4") == nil)
        #expect(PercentDecoding.decode("%zz") == nil)
        #expect(PercentDecoding.decode("%FF%FE") == nil)                 // not UTF-8
    }

    @Test func bearerTokenParsing() {
        func token(_ h: String) -> String? { AccessControl.bearerToken(h).map { String(decoding: $0, as: UTF8.self) } }
        #expect(token("Bearer abc123") == "abc123")
        #expect(token("bearer abc123") == "abc123")
        #expect(token("BEARER \tabc123  ") == "abc123")
        #expect(token("Basic abc123") == nil)
        #expect(token("Bearer") == nil)
        #expect(token("Bearerabc123") == nil)
        #expect(token("Bearer    ") == "")
    }
}
