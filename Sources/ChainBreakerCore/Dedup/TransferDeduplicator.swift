/// Turns statement rows into money movements, counting each movement once.
///
/// Rules (the formats README, §2–3):
/// 1. **Aliases.** A bank sometimes names the counterparty by its bank-internal account number
///    (交易账号) instead of its card. Every statement row that carries both a card and a
///    different account number teaches `accountNumber → card`; counterparties are resolved
///    through that map before matching.
/// 2. **WeChat Pay orders.** Rows of `payments/` files with the same 交易单号 are one transfer.
///    Payer is the `出` side (or, for a top-up 充值, the funding card), payee the other side
///    (for a withdrawal 提现, the receiving card). A payment funded directly from a bank card
///    records that card as `funding`.
/// 3. **Card rows of WeChat Pay orders.** The funding/receiving card's own bank statement shows
///    the same amount against the 财付通 clearing account. Such a row is the same movement as the
///    order: it is joined to it (same card, same amount, consistent direction, time within the
///    tolerance) and not counted again.
/// 4. **Both parties' bank statements.** A transfer between two requested accounts appears once
///    as a debit in the payer's statement and once as a credit in the payee's, with different
///    serial numbers and clocks up to about 90 s apart. Rows are matched when payer, payee and
///    amount are equal and the times differ by at most `tolerance` (default 120 s). Only a
///    debit row can match a credit row, so two genuine identical transfers in a row (both
///    debits in the payer's statement) are never merged. Matching within each
///    (payer, payee, amount) group is the greedy earliest-deadline matching on time-sorted
///    lists, which is maximum for interval constraints of equal width.
/// 5. Failed rows (交易是否成功 = 失败/否) moved no money: they are not transfers.
///
/// Complexity: O(n log n) for n rows (sorting inside groups), O(n) memory.
public struct TransferDeduplicator: Sendable {
    public var tolerance: Int64

    public init(tolerance: Int64 = 120) { self.tolerance = tolerance }

    public struct Output: Sendable {
        public var transfers: [Transfer] = []
        /// For each input row: index of its transfer in `transfers`, or -1 (failed row).
        public var transferOfEntry: [Int32] = []
        /// Bank-internal account number → card, as learned from the statements.
        public var aliases: [String: String] = [:]
        /// Number of bank rows joined to a WeChat Pay order (rule 3).
        public var cardRowsJoined = 0
        /// Number of rows matched to the other party's row (rule 4), counted once per pair.
        public var pairsMatched = 0
    }

    /// Whether a counterparty is a WeChat Pay clearing account, judged by its name.
    static func isTenpayClearing(_ e: StatementEntry) -> Bool {
        guard let n = e.counterpartyName else { return false }
        return n.containsBytes("财付通")
    }

    public func run(_ entries: [StatementEntry]) -> Output {
        var out = Output()
        out.transferOfEntry = [Int32](repeating: -1, count: entries.count)

        // 1. Aliases.
        for e in entries where e.source == .bank {
            if let no = e.accountNumber, no != e.account { out.aliases[no] = e.account }
        }
        @inline(__always) func resolve(_ a: String?) -> String? {
            guard let a else { return nil }
            return out.aliases[a] ?? a
        }

        // 2. WeChat Pay orders, grouped by order number in first-seen order.
        var orderIndex: [String: Int] = [:]
        var orders: [[Int]] = []
        for (i, e) in entries.enumerated() where e.source == .tenpay && e.succeeded {
            let key = e.serial ?? "#\(i)"
            if let k = orderIndex[key] { orders[k].append(i) } else { orderIndex[key] = orders.count; orders.append([i]) }
        }
        struct CardLeg { var card: String; var amount: Int64; var time: Int64; var direction: Direction; var transfer: Int32 }
        var cardLegs: [CardLeg] = []
        for rows in orders {
            let debit = rows.first { entries[$0].direction == .debit }
            let credit = rows.first { entries[$0].direction == .credit }
            let main = entries[debit ?? credit!]
            let business = main.businessType ?? ""
            var t = Transfer(from: nil, to: nil, amount: main.amount, time: main.time, channel: .tenpay, summary: main.businessType, reference: main.serial)
            if let d = debit {
                let e = entries[d]
                t.from = e.account
                if business.containsBytes("提现") {
                    t.to = resolve(e.counterpartyCard ?? e.userCard ?? e.counterparty)
                } else {
                    t.to = e.counterparty ?? credit.map { entries[$0].account }
                    t.funding = resolve(e.userCard)
                }
            } else if let c = credit {
                let e = entries[c]
                t.to = e.account
                t.from = business.containsBytes("充值") ? resolve(e.userCard ?? e.counterparty) : e.counterparty
            }
            let index = Int32(out.transfers.count)
            out.transfers.append(t)
            for r in rows { out.transferOfEntry[r] = index }
            // Card legs that the card's bank statement will also show (rule 3).
            if let d = debit, let card = entries[d].userCard {
                let dir: Direction = business.containsBytes("提现") ? .credit : .debit
                cardLegs.append(CardLeg(card: resolve(card)!, amount: main.amount.fen, time: entries[d].time.seconds, direction: dir, transfer: index))
            } else if debit == nil, let c = credit, let card = entries[c].userCard, business.containsBytes("充值") {
                cardLegs.append(CardLeg(card: resolve(card)!, amount: main.amount.fen, time: entries[c].time.seconds, direction: .debit, transfer: index))
            }
        }

        // 3. Join clearing-account bank rows to card legs.
        struct LegKey: Hashable { var card: String; var amount: Int64; var direction: Direction }
        var legsByKey: [LegKey: [Int]] = [:]
        for (k, leg) in cardLegs.enumerated() { legsByKey[LegKey(card: leg.card, amount: leg.amount, direction: leg.direction), default: []].append(k) }
        var legUsed = [Bool](repeating: false, count: cardLegs.count)
        var joinedRow = [Bool](repeating: false, count: entries.count)
        for (i, e) in entries.enumerated() where e.source == .bank && e.succeeded && TransferDeduplicator.isTenpayClearing(e) {
            guard let candidates = legsByKey[LegKey(card: e.account, amount: e.amount.fen, direction: e.direction)] else { continue }
            var best = -1
            var bestGap = Int64.max
            for k in candidates where !legUsed[k] {
                let gap = abs(cardLegs[k].time - e.time.seconds)
                if gap <= tolerance && gap < bestGap { best = k; bestGap = gap }
            }
            if best >= 0 {
                legUsed[best] = true
                joinedRow[i] = true
                out.transferOfEntry[i] = cardLegs[best].transfer
                out.cardRowsJoined += 1
            }
        }

        // 4. Bank rows: group by (payer, payee, amount); match debits with credits.
        struct PairKey: Hashable { var from: String; var to: String; var amount: Int64 }
        var groups: [PairKey: (debits: [Int], credits: [Int])] = [:]
        var groupOrder: [PairKey] = []
        for (i, e) in entries.enumerated() where e.source == .bank && e.succeeded && !joinedRow[i] {
            let cp = resolve(e.counterparty)
            guard let cp else {
                // Cash: only the card's statement shows it.
                let t = Transfer(from: e.direction == .debit ? e.account : nil, to: e.direction == .debit ? nil : e.account,
                                 amount: e.amount, time: e.time, channel: e.direction == .debit ? .atm : .counter,
                                 summary: e.summary, reference: e.serial)
                out.transferOfEntry[i] = Int32(out.transfers.count)
                out.transfers.append(t)
                continue
            }
            let key = e.direction == .debit ? PairKey(from: e.account, to: cp, amount: e.amount.fen)
                                            : PairKey(from: cp, to: e.account, amount: e.amount.fen)
            if groups[key] == nil { groups[key] = ([], []); groupOrder.append(key) }
            if e.direction == .debit { groups[key]!.debits.append(i) } else { groups[key]!.credits.append(i) }
        }
        for key in groupOrder {
            var (debits, credits) = groups[key]!
            debits.sort { (entries[$0].time, $0) < (entries[$1].time, $1) }
            credits.sort { (entries[$0].time, $0) < (entries[$1].time, $1) }
            var j = 0
            var creditMatched = [Bool](repeating: false, count: credits.count)
            for d in debits {
                let td = entries[d].time.seconds
                while j < credits.count && entries[credits[j]].time.seconds < td - tolerance { j += 1 }
                let index = Int32(out.transfers.count)
                out.transfers.append(transfer(entries[d], from: key.from, to: key.to))
                out.transferOfEntry[d] = index
                if j < credits.count && entries[credits[j]].time.seconds <= td + tolerance {
                    out.transferOfEntry[credits[j]] = index
                    creditMatched[j] = true
                    out.pairsMatched += 1
                    j += 1
                }
            }
            for (k, c) in credits.enumerated() where !creditMatched[k] {
                out.transferOfEntry[c] = Int32(out.transfers.count)
                out.transfers.append(transfer(entries[c], from: key.from, to: key.to))
            }
        }
        return out
    }

    func transfer(_ e: StatementEntry, from: String, to: String) -> Transfer {
        Transfer(from: from, to: to, amount: e.amount, time: e.time, channel: TransferDeduplicator.channel(of: e),
                 summary: e.summary, reference: e.serial)
    }

    /// Channel of a bank row from its 摘要 and 交易网点名称.
    public static func channel(of e: StatementEntry) -> TransferChannel {
        let s = e.summary ?? "", b = e.channel ?? "", n = e.counterpartyName ?? ""
        if b.containsBytes("POS") || s.containsBytes("消费") { return .pos }
        if n.containsBytes("财付通") || s.containsBytes("财付通") || s.containsBytes("微信") { return .tenpay }
        if n.containsBytes("支付宝") || s.containsBytes("支付宝") || s.containsBytes("快捷支付") { return .thirdParty }
        if s.containsBytes("取款") || b.containsBytes("自助") { return .atm }
        return .bank
    }
}

extension String {
    /// Substring test on UTF-8 bytes. For the short strings of statement rows this is many times
    /// faster than `contains(_:)`, which compares by grapheme; for UTF-8 needles the result is the
    /// same (a valid UTF-8 needle can only match at character boundaries).
    @inlinable
    public func containsBytes(_ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        var copy = self
        return copy.withUTF8 { h in
            guard n > 0, h.count >= n else { return n == 0 }
            let first = p[0]
            var i = 0
            while i + n <= h.count {
                if h[i] == first {
                    var k = 1
                    while k < n && h[i + k] == p[k] { k += 1 }
                    if k == n { return true }
                }
                i += 1
            }
            return false
        }
    }
}
