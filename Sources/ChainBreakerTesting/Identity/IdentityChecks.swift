/// Checksums of the identifiers the city generates (also used by tests and, if wanted, by
/// other modules to validate generated data).
public enum IdentityChecks {
    static let idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let idCheckChars: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Check character of the first 17 digits of a resident ID (GB 11643, ISO 7064 MOD 11-2).
    public static func residentIDCheck(_ first17: String) -> Character? {
        let d = Array(first17.utf8)
        guard d.count == 17 else { return nil }
        var sum = 0
        for i in 0..<17 {
            guard d[i] >= 0x30, d[i] <= 0x39 else { return nil }
            sum += Int(d[i] - 0x30) * idWeights[i]
        }
        return idCheckChars[sum % 11]
    }

    /// True for an 18-character resident ID whose check character, birth date and length are valid.
    public static func isValidResidentID(_ id: String) -> Bool {
        let chars = Array(id)
        guard chars.count == 18 else { return false }
        let first17 = String(chars[0..<17])
        guard let c = residentIDCheck(first17), c == chars[17] else { return false }
        guard let y = Int(String(chars[6..<10])), let m = Int(String(chars[10..<12])), let d = Int(String(chars[12..<14])) else { return false }
        guard y >= 1900, y <= 2021, m >= 1, m <= 12, d >= 1 else { return false }
        let dim = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= dim[m - 1]
    }

    /// Gender digit (17th character): odd = male.
    public static func residentIDIsMale(_ id: String) -> Bool {
        let c = Array(id.utf8)
        return c.count == 18 && (c[16] - 0x30) % 2 == 1
    }

    /// Luhn check digit for a digit string (the digit to append).
    public static func luhnCheckDigit(_ payload: String) -> Int {
        var sum = 0
        var double = true
        for b in payload.utf8.reversed() {
            var v = Int(b - 0x30)
            if double { v *= 2; if v > 9 { v -= 9 } }
            sum += v
            double.toggle()
        }
        return (10 - sum % 10) % 10
    }

    public static func isLuhnValid(_ number: String) -> Bool {
        guard number.count >= 2, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let payload = String(number.dropLast())
        return luhnCheckDigit(payload) == Int(number.utf8.last! - 0x30)
    }
}
