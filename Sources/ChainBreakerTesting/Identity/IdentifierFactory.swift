/// Mints unique identifiers: resident IDs, names, phones, QQ numbers, WeChat ids, WeChat Pay ids,
/// bank cards (Luhn-valid, per-bank BINs), bank-internal account numbers, corporate accounts,
/// IPs and MACs. Uniqueness is kept with hash sets (O(1) expected per draw); every draw uses the
/// factory's own seeded stream, so the same order of requests gives the same identifiers.
struct IdentifierFactory {
    var rng: SeededGenerator
    private var usedIDs = Set<String>()
    private var usedPhones = Set<String>()
    private var usedQQ = Set<String>()
    private var usedWechat = Set<String>()
    private var usedTenpay = Set<String>()
    private var usedAccounts = Set<String>()
    private var usedIPs = Set<String>()
    private let surnameTable: WeightedTable
    private let bankTable: WeightedTable

    init(rng: SeededGenerator) {
        self.rng = rng
        surnameTable = WeightedTable(NameBank.surnames.map { $0.1 })
        bankTable = WeightedTable(BankCatalog.banks.map { $0.weight })
    }

    mutating func digits(_ n: Int, firstNonZero: Bool = false) -> String {
        var s = ""
        s.reserveCapacity(n)
        for i in 0..<n {
            let d = (i == 0 && firstNonZero) ? rng.int(1...9) : rng.below(10)
            s.append(Character(Unicode.Scalar(UInt8(0x30 + d))))
        }
        return s
    }

    // MARK: people

    mutating func name(male: Bool) -> String {
        let surname = NameBank.surnames[surnameTable.draw(&rng)].0
        let chars = male ? NameBank.maleChars : NameBank.femaleChars
        let two = rng.chance(0.62)
        var n = surname + rng.pick(chars)
        if two {
            var c = rng.pick(chars)
            if rng.chance(0.08) { c = rng.pick(male ? NameBank.femaleChars : NameBank.maleChars) }
            n += c
        }
        return n
    }

    /// A resident ID for the region, birth date and gender (unique; checksum valid).
    mutating func residentID(region: String, year: Int, month: Int, day: Int, male: Bool) -> String {
        while true {
            var seq = rng.below(1000)
            if (seq % 2 == 1) != male { seq = (seq + 1) % 1000 }
            if (seq % 2 == 1) != male { continue }
            let body = region + pad(year, 4) + pad(month, 2) + pad(day, 2) + pad(seq, 3)
            let id = body + String(IdentityChecks.residentIDCheck(body)!)
            if usedIDs.insert(id).inserted { return id }
        }
    }

    func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    // MARK: phones and IM

    static let citizenPrefixes = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
                                  "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184",
                                  "185", "186", "187", "188", "189", "191", "198", "199", "147", "149"]
    static let virtualPrefixes = ["162", "165", "167", "170", "171"]

    mutating func phone(virtual: Bool = false) -> String {
        while true {
            let p = virtual ? rng.pick(IdentifierFactory.virtualPrefixes) : rng.pick(IdentifierFactory.citizenPrefixes)
            let s = p + digits(8)
            if usedPhones.insert(s).inserted { return s }
        }
    }

    /// QQ number; older accounts are shorter.
    mutating func qq(length: Int? = nil) -> String {
        while true {
            let n = length ?? rng.pick([6, 7, 8, 8, 9, 9, 9, 10, 10, 10])
            let s = digits(n, firstNonZero: true)
            if usedQQ.insert(s).inserted { return s }
        }
    }

    mutating func wxid() -> String {
        while true {
            var s = "wxid_"
            for _ in 0..<14 { s.append(rng.pick(NameBank.alnum)) }
            if usedWechat.insert(s).inserted { return s }
        }
    }

    /// A custom WeChat id: letters, digits, sometimes `_`.
    mutating func customWechat() -> String {
        while true {
            var s = ""
            for _ in 0..<rng.int(4...8) { s.append(rng.pick(NameBank.letters)) }
            if rng.chance(0.2) { s += "_" }
            if rng.chance(0.7) { s += digits(rng.int(2...4)) }
            // WeChat ids are 6–20 characters and start with a letter.
            while s.count < 6 { s += digits(1) }
            if usedWechat.insert(s).inserted { return s }
        }
    }

    mutating func wechatID() -> String { rng.chance(0.72) ? wxid() : customWechat() }

    mutating func tenpayID() -> String {
        while true {
            let s = String(rng.int(1...2)) + digits(9) + "@wx.tenpay.com"
            if usedTenpay.insert(s).inserted { return s }
        }
    }

    // MARK: bank accounts

    mutating func randomBank() -> Int { bankTable.draw(&rng) }

    /// A Luhn-valid card number of the bank.
    mutating func card(bank b: Int) -> String {
        let bank = BankCatalog.banks[b]
        while true {
            let payload = rng.pick(bank.bins) + digits(bank.cardLength - 7)
            let s = payload + String(IdentityChecks.luhnCheckDigit(payload))
            if usedAccounts.insert(s).inserted { return s }
        }
    }

    /// The bank-internal account number of a card (equal to the card for some banks).
    mutating func internalAccount(bank b: Int, card: String) -> String {
        let bank = BankCatalog.banks[b]
        guard let prefix = bank.accountPrefix else { return card }
        while true {
            let s = prefix + digits(bank.accountLength - prefix.count)
            if usedAccounts.insert(s).inserted { return s }
        }
    }

    /// A corporate account number (15–20 digits).
    mutating func corporateAccount() -> String {
        while true {
            let s = digits(rng.int(15...20), firstNonZero: true)
            if usedAccounts.insert(s).inserted { return s }
        }
    }

    /// Marks an externally chosen account number as used.
    mutating func reserveAccount(_ s: String) { usedAccounts.insert(s) }

    // MARK: devices

    static let ipFirstOctets = [27, 36, 39, 42, 49, 58, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121,
                                122, 123, 124, 125, 139, 171, 180, 182, 183, 202, 211, 218, 220, 221, 222, 223]

    mutating func ip() -> String {
        while true {
            let s = "\(rng.pick(IdentifierFactory.ipFirstOctets)).\(rng.below(256)).\(rng.below(256)).\(rng.int(1...254))"
            if usedIPs.insert(s).inserted { return s }
        }
    }

    /// Six MAC bytes (unicast, globally administered).
    mutating func mac() -> [UInt8] {
        var b = (0..<6).map { _ in UInt8(rng.below(256)) }
        b[0] &= 0xFC
        return b
    }
}
