import ChainBreakerCore
import Testing

@Suite struct UInt64MapTests {
    @Test func agreesWithDictionaryOnRandomKeys() {
        var map = UInt64Map()
        var reference: [UInt64: Int64] = [:]
        var rng = SplitMix(42)
        for i in 0..<50_000 {
            let k = rng.next() % 20_000 * 6_222_000_000_017   // collisions in the low bits on purpose
            map.set(k, Int64(i)); reference[k] = Int64(i)
        }
        #expect(map.count == reference.count)
        for (k, v) in reference { #expect(map[k] == v) }
        #expect(map[3] == nil)
        #expect(map[0] == nil || reference[0] != nil)
    }
}
