/// How a withdrawal from an account holding mixed money is attributed to the money's sources.
public enum AllocationRule: Sendable, CaseIterable {
    /// First in, first out by arrival time: Clayton's Case, Devaynes v Noble (1816) 1 Mer 572,
    /// the rule between innocent claimants whose money is mixed. Once victims' money has reached
    /// an account, everything that arrives after it — other victims' money we have no case for,
    /// a card merchant's payback, a stranger's payment — is passed on in arrival order with it:
    /// the account is then a conduit, and money that came later does not leave earlier. What the
    /// account held before the victims' money came (its reserve) is the holder's own and is used
    /// only once no other money is left (the claimant's election of Re Oatway [1903] 2 Ch 356),
    /// so it is never attributed to a victim.
    ///
    /// Money that stays: traced money still in an account `FundTracer.keptAfter` (default one
    /// day) after it arrived, while newer money passes through, is presumed kept there (a mule's
    /// commission, an organizer's retained share, 留存) and leaves after the newer money, newest
    /// kept first, before the reserve. Plain Clayton's Case would send the old money on with the
    /// next batch and leave the newest victim's money behind as the balance; the holder's
    /// intention to keep a part shows in which money stays, and earmarking it follows the
    /// intention test of Re Oatway and the rejection of Clayton's Case where it is
    /// "impracticable or unjust" (Barlow Clowes v Vaughan). So is traced money that arrived before
    /// an account's last payment when the account then paid nothing for `FundTracer.keptIdle`
    /// (default one hour) — it had passed its batch on and held this back — whatever its age.
    /// `keptAfter: nil, keptIdle: nil` gives plain Clayton's Case over the arrivals. An account
    /// that pays at least 80 % of its outflow as
    /// cash (a cash-out card, `FundTracer.drainsInCash`) keeps nothing: its money waits for the
    /// ATM's daily limit and leaves oldest first.
    case fifo
    /// Last in, first out among the victims' money: the most recent traced arrival leaves first
    /// (a mule passes on what just came in and keeps its cut of each payment); the holder's own
    /// money, as for `fifo`, only once no traced money is left.
    case lifo
    /// Pro-rata ("haircut") rule: each withdrawal is split in proportion to the current shares of
    /// the balance (Barlow Clowes International v Vaughan [1992] 4 All ER 22; largest-remainder
    /// rounding conserves every fen).
    case proportional
    /// Lowest intermediate balance rule: traced money in an account never exceeds the lowest
    /// balance in between; the account owner's own money is spent first (Re Hallett's Estate
    /// (1880) 13 Ch D 696; James Roscoe (Bolton) Ltd v Winder [1915] 1 Ch 62).
    case lowestIntermediateBalance
}

/// What an account is, for the purpose of stopping a trace.
public enum TraceAccountKind: UInt8, Sendable {
    case ordinary = 0, cardMerchant = 1, otc = 2, paymentInstitution = 3
}

public enum SinkKind: String, Sendable, CaseIterable {
    case cashout, card_merchant, otc, third_party, balance, unrequested
}
