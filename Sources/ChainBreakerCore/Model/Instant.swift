/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
///
/// All source formats give Beijing time (UTC+8) without a zone; parsing converts to this
/// UTC instant once, at import, so that analysis never deals with zones.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    @inlinable public init(seconds: Int64) { self.seconds = seconds }

    /// Offset of Beijing time, in seconds.
    public static let beijingOffset: Int64 = 8 * 3600

    @inlinable public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
    @inlinable public static func + (a: Instant, s: Int64) -> Instant { Instant(seconds: a.seconds + s) }
    @inlinable public static func - (a: Instant, b: Instant) -> Int64 { a.seconds - b.seconds }

    /// Builds an instant from a civil date-time at `offset` seconds east of UTC.
    /// Returns nil for an impossible date or time.
    @inlinable
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                 offset: Int64 = Instant.beijingOffset) {
        guard month >= 1, month <= 12, day >= 1, day <= Instant.daysIn(month: month, year: year),
              hour >= 0, hour <= 23, minute >= 0, minute <= 59, second >= 0, second <= 60,
              year >= 1900, year <= 2200 else { return nil }
        let days = Instant.daysFromCivil(year: year, month: month, day: day)
        self.seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offset
    }

    @inlinable static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    @inlinable static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
    /// Low-Level Date Algorithms", 2013). O(1), no tables, no Foundation.
    @inlinable
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Inverse of `daysFromCivil`.
    public static func civil(fromDays z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Civil fields in Beijing time.
    public var beijing: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let local = seconds + Instant.beijingOffset
        var days = local / 86_400
        var rem = local % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = Instant.civil(fromDays: days)
        return (y, m, d, Int(rem / 3600), Int(rem % 3600 / 60), Int(rem % 60))
    }

    /// ISO 8601 in Beijing time, e.g. `2021-06-20T14:03:09+08:00`.
    public var iso8601: String { formatted(separator: UInt8(ascii: "T"), zone: true) }

    /// `2021-06-20 14:03:09`, the CSV form (Beijing time, no zone).
    public var beijingString: String { formatted(separator: UInt8(ascii: " "), zone: false) }

    /// Written digit by digit into one buffer (these strings are on every export and API answer).
    private func formatted(separator: UInt8, zone: Bool) -> String {
        let c = beijing
        guard (0...9999).contains(c.year) else {
            return "\(Instant.pad(c.year, 4))-\(Instant.pad(c.month))-\(Instant.pad(c.day))\(Character(Unicode.Scalar(separator)))"
                + "\(Instant.pad(c.hour)):\(Instant.pad(c.minute)):\(Instant.pad(c.second))" + (zone ? "+08:00" : "")
        }
        return String(unsafeUninitializedCapacity: 25) { out in
            var i = 0
            func put(_ v: Int, _ width: Int) {
                var v = v
                for k in stride(from: width - 1, through: 0, by: -1) { out[i + k] = UInt8(truncatingIfNeeded: 48 + v % 10); v /= 10 }
                i += width
            }
            func put(_ b: UInt8) { out[i] = b; i += 1 }
            put(c.year, 4); put(UInt8(ascii: "-")); put(c.month, 2); put(UInt8(ascii: "-")); put(c.day, 2); put(separator)
            put(c.hour, 2); put(UInt8(ascii: ":")); put(c.minute, 2); put(UInt8(ascii: ":")); put(c.second, 2)
            if zone { for b in "+08:00".utf8 { put(b) } }
            return i
        }
    }

    public var description: String { iso8601 }

    static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses any time form of the formats (see `ByteParse.instant`).
    public static func parse(_ text: String) -> Instant? {
        var t = text
        return t.withUTF8 { ByteParse.instant($0) }
    }
}
