/// Everything that exists in the city: people, accounts, devices and the index lists the
/// activity generators draw from. Built once by `PopulationBuilder` (normal life) and
/// `GangBuilder` (fraud groups); read-only afterwards except for labels settled after the
/// money-flow simulation.
struct World {
    var persons: [Person] = []
    var accounts: [Account] = []
    var devices: [Device] = []
    var ids: IdentifierFactory

    // Period.
    let start: Int64              // UTC seconds of the first day 00:00 Beijing
    let days: Int
    var end: Int64 { start + Int64(days) * 86_400 }
    let startYear: Int

    // Institutions and companies.
    var tenpayClearing: Int32 = -1
    var alipayClearing: Int32 = -1
    var socialSecurity: Int32 = -1
    var utilities: [Int32] = []
    var lenders: [Int32] = []
    var employers: [Int32] = []
    var employerWeights = WeightedTable([])
    var merchants: [Int32] = []           // corporate POS accounts
    var merchantWeights = WeightedTable([])
    var merchantWallets: [Int32] = []     // QR collection wallets
    var merchantWalletWeights = WeightedTable([])
    var gameCardMerchants: [Int32] = []
    var externalCorps: [Int32] = []

    // People by kind.
    var citizens: [Int32] = []
    var externals: [Int32] = []
    var traders: [Int32] = []
    var groupbuyers: [Int32] = []
    var otcTraders: [Int32] = []          // persons
    var otcCards: [Int32] = []            // accounts
    var couriers: [(phone: String, company: String)] = []
    var telemarketers: [String] = []
    var serviceNumbers: [String] = ["95588", "95533", "95599", "95566", "95559", "95555", "95580", "95528", "95568", "95558",
                                    "10086", "10010", "10000", "4008208820", "4006695566", "95511", "95518"]
    var carrierNAT: [String] = []         // shared mobile-carrier IPs (legitimately used by many people)

    init(ids: IdentifierFactory, start: Int64, days: Int, startYear: Int) {
        self.ids = ids
        self.start = start
        self.days = days
        self.startYear = startYear
    }

    @discardableResult
    mutating func addAccount(_ a: Account) -> Int32 {
        accounts.append(a)
        return Int32(accounts.count - 1)
    }

    @discardableResult
    mutating func addDevice(_ d: Device) -> Int32 {
        devices.append(d)
        return Int32(devices.count - 1)
    }

    /// Primary card of a person (salary card): the first one.
    func primaryCard(_ p: Int32) -> Int32 { persons[Int(p)].cards.first ?? -1 }

    /// Bank of an account for counterparties: full branch name such as `中国建设银行江城分行`.
    func branchName(_ a: Int32) -> String {
        let acc = accounts[Int(a)]
        guard acc.bank >= 0 else { return "" }
        return BankCatalog.banks[acc.bank].fullName + acc.branchCity + "分行"
    }
}
