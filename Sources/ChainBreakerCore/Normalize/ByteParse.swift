/// Allocation-free parsers over UTF-8 bytes, for the import hot path.
///
/// Each runs in O(n) over its field with no Foundation call, no `String` and no heap
/// allocation; they are what makes a 5-million-row import take well under a second.
public enum ByteParse {
    @usableFromInline static let space: UInt8 = 0x20, tab: UInt8 = 0x09, quote: UInt8 = 0x22,
        apostrophe: UInt8 = 0x27, comma: UInt8 = 0x2C, minus: UInt8 = 0x2D, plus: UInt8 = 0x2B,
        dot: UInt8 = 0x2E, zero: UInt8 = 0x30, nine: UInt8 = 0x39

    /// Parses a yuan amount to fen. Accepts an optional sign, thousands separators (`1,234.56`),
    /// zero to two decimals, surrounding spaces/tabs and a `¥`/`￥` prefix. Returns nil for
    /// anything else, including more than two decimals, exponents and empty input.
    @inlinable
    public static func yuanToFen(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, end = b.count
        while i < end, b[i] == space || b[i] == tab { i += 1 }
        while end > i, b[end - 1] == space || b[end - 1] == tab || b[end - 1] == 0x0D { end -= 1 }
        // Currency sign: ¥ (C2 A5) or full-width ￥ (EF BF A5).
        if end - i >= 2, b[i] == 0xC2, b[i + 1] == 0xA5 { i += 2 }
        else if end - i >= 3, b[i] == 0xEF, b[i + 1] == 0xBF, b[i + 2] == 0xA5 { i += 3 }
        var negative = false
        if i < end, b[i] == minus { negative = true; i += 1 } else if i < end, b[i] == plus { i += 1 }
        var whole: Int64 = 0, digits = 0
        while i < end {
            let c = b[i]
            if c >= zero && c <= nine {
                if digits >= 16 { return nil }
                whole = whole &* 10 &+ Int64(c &- zero); digits += 1
            } else if c != comma { break }
            i += 1
        }
        if digits == 0 { return nil }
        var frac: Int64 = 0
        if i < end, b[i] == dot {
            i += 1
            var n = 0
            while i < end, b[i] >= zero, b[i] <= nine {
                if n == 2 { // a third decimal is only acceptable when it and all after are 0
                    if b[i] != zero { return nil }
                } else { frac = frac * 10 + Int64(b[i] &- zero) }
                n += 1; i += 1
            }
            if n == 1 { frac *= 10 }
        }
        if i != end { return nil }
        let fen = whole * 100 + frac
        return negative ? -fen : fen
    }

    /// Like `yuanToFen`, but an amount with more than two decimals is rounded to the nearest fen
    /// (half away from zero) instead of rejected. Used only when a mapping asks for it.
    @inlinable
    public static func yuanToFenRounded(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var digits = [UInt8]()
        var dot = -1
        digits.reserveCapacity(b.count)
        for c in b where c != comma && c != space && c != tab && c != 0x0D {
            if c == dot8 { if dot >= 0 { return nil }; dot = digits.count; digits.append(c) } else { digits.append(c) }
        }
        guard dot >= 0, digits.count - dot - 1 > 2 else {
            return digits.withUnsafeBufferPointer { yuanToFen($0) }
        }
        let third = digits[dot + 3]
        guard third >= zero, third <= nine else { return nil }
        let head = Array(digits[..<(dot + 3)])
        for c in digits[(dot + 3)...] where c < zero || c > nine { return nil }
        guard var fen = head.withUnsafeBufferPointer({ yuanToFen($0) }) else { return nil }
        if third >= 0x35 { fen += head.contains(minus) ? -1 : 1 }
        return fen
    }
    @usableFromInline static let dot8: UInt8 = 0x2E

    /// Parses a non-negative decimal integer (no sign, no separators). Nil if empty, not all
    /// digits or over 18 digits.
    @inlinable
    public static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0, end = b.count
        while i < end, b[i] == space { i += 1 }
        while end > i, b[end - 1] == space || b[end - 1] == 0x0D { end -= 1 }
        if i == end || end - i > 18 { return nil }
        var v: Int64 = 0
        while i < end {
            let c = b[i]
            guard c >= zero, c <= nine else { return nil }
            v = v * 10 + Int64(c &- zero); i += 1
        }
        return v
    }

    /// Parses every time form found in the formats, as Beijing time unless the text carries
    /// an offset:
    /// `2021-04-29 10:15:32`, `20210429101532`, `2021/4/29 10:15:32`, `2021-04-29-10.15.32.000000`,
    /// `2021-04-29T10:15:32+08:00` (ISO 8601 with `Z` or any offset, optional fraction),
    /// a date alone (`2021-04-29`, `20210429`) meaning midnight.
    @inlinable
    public static func instant(_ b: UnsafeBufferPointer<UInt8>) -> Instant? {
        var i = 0, end = b.count
        while i < end, b[i] == space || b[i] == tab { i += 1 }
        while end > i, b[end - 1] == space || b[end - 1] == 0x0D { end -= 1 }
        if i == end { return nil }
        // Fast path: `YYYY-MM-DD HH:MM:SS` / `YYYY-MM-DDTHH:MM:SS` at fixed positions.
        if end - i >= 19, b[i + 4] == minus, b[i + 7] == minus, b[i + 10] == space || b[i + 10] == 0x54,
           b[i + 13] == 0x3A, b[i + 16] == 0x3A {
            @inline(__always) func d2(_ k: Int) -> Int? {
                let x = b[i + k] &- zero, y = b[i + k + 1] &- zero
                return x <= 9 && y <= 9 ? Int(x) * 10 + Int(y) : nil
            }
            if let c = d2(0), let yy = d2(2), let mo = d2(5), let dd = d2(8), let hh = d2(11), let mi = d2(14), let ss = d2(17) {
                return trailer(b, i + 19, end, year: c * 100 + yy, month: mo, day: dd, hour: hh, minute: mi, second: ss)
            }
        }
        // Compact forms: 14 or 8 digits only.
        var allDigits = true
        for k in i..<end where b[k] < zero || b[k] > nine { allDigits = false; break }
        if allDigits {
            let n = end - i
            guard n == 14 || n == 8 else { return nil }
            @inline(__always) func d(_ k: Int, _ w: Int) -> Int {
                var v = 0
                for j in 0..<w { v = v * 10 + Int(b[i + k + j] &- zero) }
                return v
            }
            if n == 8 { return Instant(year: d(0, 4), month: d(4, 2), day: d(6, 2)) }
            return Instant(year: d(0, 4), month: d(4, 2), day: d(6, 2), hour: d(8, 2), minute: d(10, 2), second: d(12, 2))
        }
        // Separated form: up to six digit groups Y M D h m s.
        var f = (0, 0, 0, 0, 0, 0)
        var group = 0
        while i < end, group < 6 {
            var v = 0, w = 0
            while i < end, b[i] >= zero, b[i] <= nine, w < 4 { v = v * 10 + Int(b[i] &- zero); w += 1; i += 1 }
            if w == 0 { return nil }
            if group == 0 { if w != 4 { return nil } } else if w > 2 { return nil }
            switch group {
            case 0: f.0 = v
            case 1: f.1 = v
            case 2: f.2 = v
            case 3: f.3 = v
            case 4: f.4 = v
            default: f.5 = v
            }
            group += 1
            if i == end || group == 6 { break }
            let sep = b[i]
            if group == 3 && sep == plus { break } // date followed by an offset? not a format we know
            guard sep == minus || sep == 0x2F || sep == space || sep == 0x3A || sep == dot || sep == 0x54 else { return nil }
            i += 1
            while i < end, b[i] == space { i += 1 }
        }
        guard group == 3 || group == 5 || group == 6 else { return nil }
        return trailer(b, i, end, year: f.0, month: f.1, day: f.2, hour: f.3, minute: f.4, second: f.5)
    }

    /// Reads what may follow the seconds (a fraction, then `Z` or `±hh[:mm]`) and builds the
    /// instant; Beijing time when there is no offset.
    @inlinable
    static func trailer(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Instant? {
        guard let offset = offset(b, start, end) else { return nil }
        return Instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// The UTC offset in seconds written after the seconds field, Beijing's when none is; nil
    /// when the rest of the field is not a fraction and an offset.
    @inlinable
    static func offset(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var offset = Instant.beijingOffset
        if i < end, b[i] == dot { // fraction of a second: ignored
            i += 1
            while i < end, b[i] >= zero, b[i] <= nine { i += 1 }
        }
        if i < end {
            let c = b[i]
            if c == 0x5A || c == 0x7A { offset = 0; i += 1 } // Z
            else if c == plus || c == minus {
                i += 1
                var hh = 0, mm = 0, n = 0 // n digits read, colon allowed after the hours
                while i < end {
                    let x = b[i]
                    if x >= zero, x <= nine {
                        if n < 2 { hh = hh * 10 + Int(x &- zero) } else if n < 4 { mm = mm * 10 + Int(x &- zero) } else { return nil }
                        n += 1
                    } else if !(x == 0x3A && n == 2) { return nil }
                    i += 1
                }
                guard n == 2 || n == 4, hh <= 14, mm < 60 else { return nil }
                let secs = Int64(hh * 3600 + mm * 60)
                offset = c == plus ? secs : -secs
            } else { return nil }
        }
        return i == end ? offset : nil
    }

    /// Remembers the day of the last `YYYY-MM-DD` prefix parsed, for `instant(_:cache:)`.
    public struct DayCache: Sendable {
        @usableFromInline var prefix: UInt64 = 0
        @usableFromInline var tail: UInt16 = 0
        @usableFromInline var days: Int64 = 0
        @usableFromInline var valid = false
        public init() {}
    }

    /// `instant(_:)` for a column of times in the same few days (a time-sorted export): the
    /// calendar work for `YYYY-MM-DD` is done once per distinct date. Same results.
    @inlinable
    public static func instant(_ b: UnsafeBufferPointer<UInt8>, cache: inout DayCache) -> Instant? {
        let n = b.count
        guard n >= 19, let p = b.baseAddress, b[4] == minus, b[7] == minus, b[10] == space || b[10] == 0x54,
              b[13] == 0x3A, b[16] == 0x3A else { return instant(b) }
        let raw = UnsafeRawPointer(p)
        let prefix = raw.loadUnaligned(as: UInt64.self)
        let tail = raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        @inline(__always) func d2(_ k: Int) -> Int? {
            let x = b[k] &- zero, y = b[k + 1] &- zero
            return x <= 9 && y <= 9 ? Int(x) * 10 + Int(y) : nil
        }
        if !(cache.valid && cache.prefix == prefix && cache.tail == tail) {
            guard let c = d2(0), let yy = d2(2), let mo = d2(5), let dd = d2(8),
                  let midnight = Instant(year: c * 100 + yy, month: mo, day: dd, offset: 0) else { return nil }
            cache.prefix = prefix; cache.tail = tail; cache.days = midnight.seconds / 86_400; cache.valid = true
        }
        guard let hh = d2(11), let mi = d2(14), let ss = d2(17), hh <= 23, mi <= 59, ss <= 60,
              let offset = offset(b, 19, n) else { return nil }
        return Instant(seconds: cache.days * 86_400 + Int64(hh * 3600 + mi * 60 + ss) - offset)
    }

    /// Joins a split date (`20210429`, or any date form) and time (`101532`, `10:15:32`).
    @inlinable
    public static func instant(date: UnsafeBufferPointer<UInt8>, time: UnsafeBufferPointer<UInt8>) -> Instant? {
        guard let day = instant(date) else { return nil }
        // HHMMSS, HHMM, HH:MM:SS or HH:MM: up to three two-digit groups.
        var g = (0, 0, 0), count = 0, cur = 0, w = 0
        @inline(__always) func push(_ v: Int) -> Bool {
            switch count { case 0: g.0 = v; case 1: g.1 = v; case 2: g.2 = v; default: return false }
            count += 1; return true
        }
        for c in time {
            if c >= zero && c <= nine {
                cur = cur * 10 + Int(c &- zero); w += 1
                if w == 2 { guard push(cur) else { return nil }; cur = 0; w = 0 }
            } else if c == 0x3A || c == space || c == 0x0D {
                if w != 0 { guard push(cur) else { return nil }; cur = 0; w = 0 }
            } else if c == dot { break } // fraction of a second
            else { return nil }
        }
        if w != 0 { guard push(cur) else { return nil } }
        guard count >= 2, g.0 < 24, g.1 < 60, g.2 <= 60 else { return nil }
        return day + Int64(g.0 * 3600 + g.1 * 60 + g.2)
    }
}
