import ChainBreakerApp
import Foundation

/// Scores traces against a package's truth (`truth/victims.json`, `truth/accounts.json`), by amount.
///
/// For each case, the true terminal amount of an account is what the case's payments brought
/// into it minus what left it (`CASH` for ATM withdrawals). A reported sink is correct up to the
/// true terminal amount of its account when its kind agrees (`balance` ↔ money kept, `otc` ↔ an
/// OTC trader, `card_merchant` ↔ a card seller, `cashout` ↔ cash); an `unrequested` sink is correct
/// up to what truly flowed into that account (the money did go there; the analyst cannot see on).
/// Recall = correct / true amount of the traced cases; precision = correct / reported amount.
/// The pooled recall applies the same caps to all traced cases together (the money of every case
/// summed per account): whether the victims' money reached the right accounts, whichever case's
/// money the allocation at a busy shared account said it was.
struct TruthScore: CustomStringConvertible {
    var trueFen: Int64 = 0
    var reportedFen: Int64 = 0
    var correctFen: Int64 = 0
    var correctAnyKindFen: Int64 = 0
    /// Correct at the truth's own granularity: per case and sink kind (victims.json `sinks`),
    /// unrequested sinks judged by the path as above.
    var correctByKindFen: Int64 = 0
    var recallByKind: Double { trueFen == 0 ? 1 : Double(correctByKindFen) / Double(trueFen) }
    var missedCases: [String] = []
    var wrong: [String: Int64] = [:]   // kind → wrongly reported amount
    /// Correct with all traced cases pooled (see above).
    var correctPooledFen: Int64 = 0
    var pooledRecall: Double { trueFen == 0 ? 1 : Double(correctPooledFen) / Double(trueFen) }

    var recall: Double { trueFen == 0 ? 1 : Double(correctFen) / Double(trueFen) }
    var precision: Double { reportedFen == 0 ? 1 : Double(correctFen) / Double(reportedFen) }
    var description: String {
        String(format: "by kind %.4f; by account: recall %.4f precision %.4f (true %lld, reported %lld, correct %lld, any kind %lld) wrong %@ missed %d; pooled recall %.4f",
               recallByKind, recall, precision, trueFen, reportedFen, correctFen, correctAnyKindFen, "\(wrong)", missedCases.count, pooledRecall)
    }

    static func fen(_ s: String) -> Int64 {
        let parts = s.split(separator: ".")
        let yuan = Int64(parts[0]) ?? 0
        var frac: Int64 = 0
        if parts.count > 1 { let f = String(parts[1].prefix(2)); frac = (Int64(f) ?? 0) * (f.count == 1 ? 10 : 1) }
        return yuan * 100 + (s.hasPrefix("-") ? -frac : frac)
    }

    static func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func score(_ report: TraceReport, package dir: String) throws -> TruthScore {
        let victims = try json(dir + "/truth/victims.json") as! [[String: Any]]
        let accounts = try json(dir + "/truth/accounts.json") as! [String: [String: Any]]
        var byCase: [String: [[String: Any]]] = [:]
        for v in victims { if let c = v["case"] as? String { byCase[c, default: []].append(v) } }
        var s = TruthScore()
        var allIn: [String: Int64] = [:], allOut: [String: Int64] = [:], allKept: Set<String> = []
        var allReported: [String: [String: Int64]] = [:]   // account → kind → amount
        for t in report.traces {
            guard let c = t.case else { continue }
            var inflow: [String: Int64] = [:], outflow: [String: Int64] = [:]
            var kept: Set<String> = []
            var trueByKind: [String: Int64] = [:], oursByKind: [String: Int64] = [:]
            for v in byCase[c] ?? [] {
                s.trueFen += fen(v["amount"] as! String)
                for (k, a) in v["sinks"] as? [String: String] ?? [:] {
                    let kind = ["organizer_balance", "commission", "mule_balance"].contains(k) ? "balance" : k
                    trueByKind[kind, default: 0] += fen(a)
                }
                for h in v["hops"] as! [[Any]] {
                    let from = h[0] as! String, to = h[1] as! String, x = fen(h[2] as! String)
                    outflow[from, default: 0] += x; inflow[to, default: 0] += x
                }
                for r in v["retained"] as? [[Any]] ?? [] { kept.insert(r[0] as! String) }
            }
            for (a, x) in inflow { allIn[a, default: 0] += x }
            for (a, x) in outflow { allOut[a, default: 0] += x }
            allKept.formUnion(kept)
            for sink in t.sinks { allReported[sink.account, default: [:]][sink.kind, default: 0] += sink.amount_fen }
            if t.amount_fen == 0 { s.missedCases.append(c) }
            var used: [String: Int64] = [:]
            for sink in t.sinks {
                s.reportedFen += sink.amount_fen
                let a = sink.account
                let through = inflow[a] ?? 0
                let terminal = max(0, through - (outflow[a] ?? 0))
                let kindOK = kindAgrees(sink.kind, account: a, role: accounts[a]?["role"] as? String, kept: kept)
                if sink.kind == "unrequested" { s.correctByKindFen += min(sink.amount_fen, through) } else { oursByKind[sink.kind, default: 0] += sink.amount_fen }
                let cap = sink.kind == "unrequested" ? through : terminal
                let ok = max(0, min(sink.amount_fen, cap - used[a, default: 0]))
                used[a, default: 0] += ok
                s.correctAnyKindFen += ok
                if kindOK { s.correctFen += ok } else { s.wrong[sink.kind, default: 0] += ok }
                s.wrong[sink.kind, default: 0] += sink.amount_fen - ok
            }
            for (k, a) in oursByKind { s.correctByKindFen += min(a, trueByKind[k] ?? 0) }
        }
        for (a, byKind) in allReported {
            let through = allIn[a] ?? 0, terminal = max(0, through - (allOut[a] ?? 0))
            let role = accounts[a]?["role"] as? String
            var used: Int64 = 0
            for (kind, x) in byKind.sorted(by: { $0.key < $1.key }) {
                let ok = max(0, min(x, (kind == "unrequested" ? through : terminal) - used))
                used += ok
                if kindAgrees(kind, account: a, role: role, kept: allKept) { s.correctPooledFen += ok }
            }
        }
        return s
    }

    /// Whether a reported sink kind agrees with the truth about its account (`unrequested` always
    /// does: the money did go there).
    static func kindAgrees(_ kind: String, account a: String, role: String?, kept: Set<String>) -> Bool {
        switch kind {
        case "unrequested": true
        case "cashout": a == "CASH"
        case "otc": role == "otc"
        case "card_merchant": role == "game_card_merchant" || role == "card_merchant"
        case "balance": kept.contains(a)
        default: false
        }
    }
}
