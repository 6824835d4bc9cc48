/// Parameters of a synthetic city. Same config ⇒ byte-identical output.
public struct CityConfig: Sendable, Codable, Equatable {
    /// Residents (default 2000).
    public var citizens: Int
    /// Fraud groups (default 3).
    public var gangs: Int
    public var seed: UInt64
    /// First day of the period, `yyyy-mm-dd` (Beijing).
    public var startDate: String
    /// Length of the period in days (default 91).
    public var days: Int
    /// events.jsonl covers the last N weeks (default 2).
    public var eventWeeks: Int
    /// 0…1 (default 0.3): share of spelling variants, typos, masked fields, wrong labels, etc.
    public var noise: Double
    /// If set, normal activity is scaled so that the total number of transfers is about this.
    public var targetTransfers: Int?
    /// Everyday traffic of rented first-level cards: strangers' payments per card per day (the
    /// holder's own top-ups at half that rate); 0 = none, nil = `defaultRentedCardTraffic`. The
    /// sample city shows about 0.02; the default is harder than that, and 0.1 harder still
    /// (early warning's hard negatives).
    public var rentedCardTraffic: Double?
    public static let defaultRentedCardTraffic = 0.05
    /// The rented-card traffic in effect.
    public var effectiveRentedCardTraffic: Double { rentedCardTraffic ?? CityConfig.defaultRentedCardTraffic }
    /// Money order as the sample's truth shows it (off by default; nil = off): each account works
    /// one batch at a time (a new batch starts after the previous one is sent — the sample's
    /// busiest layers are 96–99 % FIFO, while overlapping batches make a busy layer's truth
    /// leave out of time order), and an organizer sends on the newest money and keeps what it
    /// held (three of the sample's five organizers follow newest-first better than FIFO).
    public var sampleMoneyOrder: Bool?

    public init(citizens: Int = 2000, gangs: Int = 3, seed: UInt64 = 1, startDate: String = "2021-04-01", days: Int = 91,
                eventWeeks: Int = 2, noise: Double = 0.3, targetTransfers: Int? = nil, rentedCardTraffic: Double? = nil,
                sampleMoneyOrder: Bool? = nil) {
        self.rentedCardTraffic = rentedCardTraffic
        self.sampleMoneyOrder = sampleMoneyOrder
        self.citizens = citizens
        self.gangs = gangs
        self.seed = seed
        self.startDate = startDate
        self.days = days
        self.eventWeeks = eventWeeks
        self.noise = noise
        self.targetTransfers = targetTransfers
    }
}

/// Counts of what a generated city contains (also written to truth/summary.json). The fields
/// importers are tested against: `statementRows`, `uniqueVisibleTransfers`, `reportedCases`,
/// `callsWritten`, `imAccounts`, `imUnblocks`, `orders`, `tags`, `events`, `failedTransactions`.
public struct CitySummary: Sendable, Codable, Equatable {
    public var seed: UInt64 = 0
    public var citizens = 0
    public var gangs = 0
    public var days = 0
    public var accounts = 0
    public var transactionsTotal = 0
    /// Failed attempts visible in statement files (files without 交易是否成功 hold none).
    public var failedTransactions = 0
    public var failedTotal = 0
    public var fraudTransactions = 0
    public var requestedBankAccounts = 0
    public var requestedWechatPayAccounts = 0
    /// Data rows in bank statement files (failed rows included, total rows excluded).
    public var statementRows = 0
    public var statementFiles = 0
    public var tenpayRows = 0
    public var tenpayFiles = 0
    public var victims = 0
    public var victimTransfers = 0
    public var reportedCases = 0
    public var unreportedVictims = 0
    public var victimLossTotalFen: Int64 = 0
    public var victimsInEventWindow = 0
    public var callsTotal = 0
    public var callsWritten = 0
    public var events = 0
    public var orders = 0
    public var imAccounts = 0
    public var imUnblocks = 0
    public var tags = 0
    public var leaks = 0
    /// Successful bank rows deduplicated per transfer + distinct TENPAY 交易单号 − TENPAY rows joined to a card row.
    public var uniqueVisibleTransfers = 0
    public var bankVisibleTransfers = 0
    public var tenpayVisibleIDs = 0
    public var tenpayJoined = 0
    public var accountAliases = 0

    public init() {}
}
