/// Ground truth of one victim payment and everything that happened to its money.
struct VictimPayment {
    enum Method: String { case bank, tenpay, gamecard, crypto }
    enum Sink: Int, CaseIterable {
        case otc, cardMerchant, cashout, organizerBalance, commission, muleBalance
        var name: String {
            switch self {
            case .otc: "otc"; case .cardMerchant: "card_merchant"; case .cashout: "cashout"
            case .organizerBalance: "organizer_balance"; case .commission: "commission"; case .muleBalance: "mule_balance"
            }
        }
    }
    struct Flow {
        var hops: [(from: Int32, to: Int32, amount: Int64, time: Int64)] = []   // to = -1: CASH
        var retained: [(account: Int32, amount: Int64, kind: Sink)] = []
        var sinks = [Int64](repeating: 0, count: Sink.allCases.count)
        var path: [Int32] = []
        mutating func visit(_ a: Int32) { if !path.contains(a) { path.append(a) } }
        mutating func retain(_ a: Int32, _ amount: Int64, _ kind: Sink) {
            guard amount > 0 else { return }
            sinks[kind.rawValue] += amount
            if let i = retained.firstIndex(where: { $0.account == a && $0.kind == kind }) { retained[i].amount += amount }
            else { retained.append((a, amount, kind)) }
        }
    }

    var id: Int                  // 0-based; VT000001 = 0
    var victim: Int              // index into victims
    var gang: Int
    var time: Int64
    var amount: Int64
    var method: Method
    var from: Int32              // card or wallet
    var funding: Int32 = -1      // card funding a tenpay payment
    var payee: Int32 = -1
    var biz: TenpayBiz = .transfer
    var failedAttempt: (time: Int64, amount: Int64)? = nil
    var failedPayee: Int32 = -1      // -1 = same as payee
    var viaLoan = false              // the victim took a loan right before paying
    var flow = Flow()
    var payback: Flow? = nil
    var paybackAmount: Int64 = 0
    var paybackMerchants: [Int32] = []

    var vtID: String {
        let s = String(id + 1)
        return "VT" + String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
}

/// A victim (one person robbed by one group) and the contact that led to it.
struct Victim {
    var person: Int32
    var gang: Int
    var channel: FraudProfile.Contact
    var firstContact: Int64
    var engageTime: Int64
    var phones: [String] = []          // numbers that called / texted the victim
    var qq: [String] = []
    var wechat: [String] = []
    var urls: [String] = []
    var apps: [String] = []            // fraud APPs installed
    var tools: [String] = []           // legitimate tools installed on request (screen sharing, dating)
    var payments: [Int] = []
    var rebates: [(time: Int64, amount: Int64, viaWallet: Bool)] = []
    var reportTime: Int64? = nil
    var caseNumber: String? = nil
    var fromLeak = false
    var card: Int32 = -1               // main paying card
    var secondCard: Int32 = -1
}

/// Someone contacted and engaged (installed the APP / opened the site) who lost nothing.
struct AtRisk {
    var person: Int32
    var gang: Int
    var channel: FraudProfile.Contact
    var firstContact: Int64
    var engageTime: Int64
    var phones: [String] = []
    var url: String? = nil
    var app: String? = nil
}
