/// An exact amount of money in fen (分, 1/100 yuan). Never a floating-point number.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var fen: Int64

    @inlinable public init(fen: Int64) { self.fen = fen }
    @inlinable public init(yuan: Int64) { self.fen = yuan * 100 }
    public static let zero = Money(fen: 0)

    @inlinable public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }
    @inlinable public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    @inlinable public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    @inlinable public static prefix func - (a: Money) -> Money { Money(fen: -a.fen) }
    @inlinable public static func += (a: inout Money, b: Money) { a.fen += b.fen }
    @inlinable public static func -= (a: inout Money, b: Money) { a.fen -= b.fen }

    /// Yuan with exactly two decimals, e.g. `-1234.50`.
    public var description: String { Money.yuanString(fen) }

    public static func yuanString(_ fen: Int64) -> String {
        let negative = fen < 0
        let m = fen.magnitude
        let frac = m % 100
        return (negative ? "-" : "") + String(m / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }

    /// Parses a yuan amount as written in the formats: `1234.56`, `1,234.56`, `1234.5`, `1234`,
    /// `-5300.00`, `"1,234.56"` with or without a leading `+`, `¥` or spaces. More than two
    /// decimals are rejected (money is never rounded silently).
    public static func parseYuan(_ text: String) -> Money? {
        var t = text
        return t.withUTF8 { ByteParse.yuanToFen($0) }.map(Money.init(fen:))
    }
}
