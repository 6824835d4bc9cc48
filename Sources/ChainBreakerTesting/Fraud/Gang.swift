/// A fraud group and everything it operates.
struct Gang {
    struct GOIP { var phone: String; var from: Int64; var to: Int64 }
    struct Drainage { var person: Int32; var phone: String; var qq: [String]; var account: Int32 }
    struct FirstLevel { var account: Int32; var activeFrom: Int64; var frozenAt: Int64 = .max; var frozenSource: String = "" }

    let index: Int
    var id: String { "G" + (index + 1 < 10 ? "0" : "") + String(index + 1) }
    let profile: FraudProfile
    var start: Int64 = 0
    var firstLevel: [FirstLevel] = []
    var layers: [[Int32]] = []
    var organizers: [Int32] = []
    var cashout: [Int32] = []
    var paofenWallets: [Int32] = []
    var paofenBanks: [Int32] = []        // paofenBanks[i] is the card of paofenWallets[i]'s holder
    var cardMerchants: [Int32] = []      // 卡商 accounts (may be shared with other groups)
    var otcUsed: [Int32] = []
    var gameCardShops: [Int32] = []      // game-card merchants the group buys from
    var drainage: [Drainage] = []
    var goip: [GOIP] = []
    var bulkPool: Int = -1               // index into FraudWorld.bulkPools
    var contactQQ: [String] = []
    var contactWechat: [String] = []
    var helperQQ: [String] = []
    var urls: [String] = []
    var apps: [String] = []
    var operatorDevices: [Int32] = []
    var operatorIPs: [String] = []
    var operatorMACs: [String] = []
    var muleHolders: [Int32] = []        // persons whose cards the group uses
    var leak: Int = -1                   // index into OrderBook.leaks
    var exitWeights: [Double] = [0.4, 0.1, 0.3, 0.2]   // otc, game cards, cash-out, organizer
    var victims = 0
    var rebateWallet: Int32 = -1
    var rebateCard: Int32 = -1

    var allFirstLevel: [Int32] { firstLevel.map { $0.account } }
}

/// Bulk IM accounts registered on a small pool of phones by an account dealer (号商), who may
/// sell to several groups.
struct BulkPool {
    var phones: [String]
    var regIPs: [String]
    var accounts: [(platform: String, id: String, phone: String, regTime: Int64, gang: Int)] = []
    var gangs: [Int] = []
}

/// People who vouch for banned accounts (解封 helpers) for money.
struct HelperQQ {
    var qq: String
    var person: Int32      // -1 when unknown (outside the city)
    var gangs: [Int] = []
}

/// The fraud side of the city.
struct FraudWorld {
    var gangs: [Gang] = []
    var bulkPools: [BulkPool] = []
    var helpers: [HelperQQ] = []
    var cardMerchantPersons: [Int32] = []
    /// Persons that must not become victims (mule holders, workers, …).
    var excluded = Set<Int32>()
    /// For accounts: gang membership beyond `Account.gang` (shared actors).
    var unblockHelperPersons: [Int32] = []
}
