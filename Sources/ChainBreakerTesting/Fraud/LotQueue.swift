/// Provenance of fraud money inside one account: a FIFO queue of lots, each the remaining part
/// of one victim payment (or of the payback a card merchant made for it). Taking an amount
/// consumes lots oldest-first and returns the pieces, so every movement can be attributed to
/// the payments it carries (merges and splits come out naturally). Amounts are integer fen and
/// pieces always sum exactly to what was taken.
///
/// Complexity: `push` O(1); `take(amount)` O(pieces returned + 1) amortised; memory O(lots held).
struct LotQueue {
    struct Lot: Equatable {
        var payment: Int32
        var payback: Bool
        var amount: Int64
    }

    private var lots: [Lot] = []
    private var head = 0
    private(set) var total: Int64 = 0

    var isEmpty: Bool { total == 0 }

    mutating func push(_ lot: Lot) {
        guard lot.amount > 0 else { return }
        // Merge with the newest lot when it is the same payment (keeps queues short).
        if head < lots.count, var last = lots.last, last.payment == lot.payment, last.payback == lot.payback {
            last.amount += lot.amount
            lots[lots.count - 1] = last
        } else {
            lots.append(lot)
        }
        total += lot.amount
    }

    /// Removes `amount` (≤ total) oldest-first, or newest-first (an organizer sends on the batch
    /// that just came in and keeps what it held before), and returns the pieces.
    mutating func take(_ amount: Int64, newestFirst: Bool = false) -> [Lot] {
        precondition(amount >= 0 && amount <= total, "taking \(amount) of \(total)")
        var need = amount
        var out: [Lot] = []
        while need > 0 {
            let j = newestFirst ? lots.count - 1 : head
            var lot = lots[j]
            if lot.amount <= need {
                out.append(lot)
                need -= lot.amount
                if newestFirst { lots.removeLast() } else { head += 1 }
            } else {
                out.append(Lot(payment: lot.payment, payback: lot.payback, amount: need))
                lot.amount -= need
                lots[j] = lot
                need = 0
            }
        }
        total -= amount
        if head > 64 && head * 2 > lots.count { lots.removeFirst(head); head = 0 }
        return out
    }

    /// Everything left, oldest first (does not remove).
    var remaining: [Lot] { Array(lots[head...]) }
}
