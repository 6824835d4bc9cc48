/// Explainable rules for the account rating. Every rule states evidence an analyst can check
/// in the statements and the trace, and every threshold is a round, documented figure (see
/// `Thresholds`), not a value fitted to one package.
///
/// The rules follow how a fraud group's money moves:
///
/// 1. **Victim money** (the strongest evidence). An account with its statement in the data, at
///    least a third of whose inflow is traced victim money (or money from other conduits of it,
///    when unreported victims dilute the traced share, or at least a third and ¥5,000 from the
///    laundering chain past the first receivers, traced or not) and that passes money on, is a
///    conduit:
///    - past the first receivers (二级卡 and beyond: layers, collectors, cash-out cards) it is
///      *malicious* — professional laundering;
///    - a wallet receiving victims' payments directly (跑分收款码) is *malicious*;
///    - a bank card receiving them directly (一级卡) is *suspicious*: often a rented card whose
///      owner still uses it, to be questioned;
///    - a conduit paying 20 or more different accounts is a market (OTC trader, wholesaler), not
///      a layer: *suspicious*.
///    Without the statement only transfers with requested accounts are visible: money of two or
///    more cases arriving mostly from one group's accounts marks a collection account
///    (*malicious*, 调单 advised); otherwise *suspicious* (调单 to confirm). Without traced
///    money either, a third of the visible inflow from the laundering chain of one group
///    (¥5,000 or more) seen leaving again in other statements, not mostly into the chain's
///    entry, marks a layer (*malicious*, 调单); nearly all it is seen paying (≥ ¥5,000 in three or
///    more payments) going past the entry to the accounts the group pays — cash-out cards, OTC
///    traders, card merchants — while tied to the group by what it receives or by test transfers
///    to its cards, marks an exit card (*malicious*, 调单).
/// 2. **Links** (later passes of `RatingEngine`; anchors = core accounts rated malicious so far),
///    for accounts the victim money did not decide: regular pay from the group (引流 workers, at
///    least ¥5,000 over two weeks), a hop between accounts rated malicious (at least half of the
///    money in from them, half out to them, in and out within a factor of two), paying money back into the chain (卡商 paybacks, from an
///    account not operated from the group's devices and not relaying within the hour what
///    ordinary accounts just paid it — that is a first-level card of unreported victims,
///    *suspicious*), and the same holder or an operator device
///    (a device mostly used by fraud accounts) combined with money from the group — or, for a
///    device, with passing money on while not paying into the chain as rented cards do (unless
///    its traced victim money came through the chain: then it is past the first receivers).
/// 3. **Kinds and behaviour never decide alone** (`RatingPolicy`): registered merchants, payment
///    institutions and game-card sellers are sinks of the trace; a crypto OTC trader that
///    received victim money is *suspicious*; victims' own accounts are never malicious. Fast in
///    and out, night activity and round amounts are features for the models, not rules: traders
///    (代购) and group-buy organisers (团购团长) look like that too. Tags (已冻结涉诈账户), links to
///    frozen accounts, paying several victims (返利) and being paid ≥ ¥5,000 by two or more
///    independent groups without victim money (a service they share: an untagged OTC trader)
///    make an account *suspicious* only.
///
/// Levels map to score bands (`RiskLevel(score:)`); the score grows with the strength of the
/// deciding evidence. Cost O(V) over the feature matrix, O(1) per account (most accounts take a
/// fast path).
public struct RuleRater: AccountRater {
    /// Thresholds of the rules. Defaults are principled round figures:
    public struct Thresholds: Sendable, Codable, Equatable {
        /// Traced victim money below this (¥1,000) is noise: a stray FIFO piece of a mixed account.
        public var minVictimFen: Int64 = 100_000
        /// A conduit's inflow is at least one third traced victim money (victim money is a main
        /// source, not an incident). Money from the laundering chain — conduits past the first
        /// receivers, or accounts rated malicious — stands for victim money at the same third
        /// (and at least `materialFen`), traced or not: FIFO upstream may give a busy layer's
        /// victim money to other payees.
        public var conduitVictimShare = 1.0 / 3.0
        /// A conduit passed on at least half of what it received (out ≥ half of in).
        public var passOnShare = 0.5
        /// Without the account's statement, money of at least two cases (independent victims)
        /// converging into it marks a collection account.
        public var collectorCases: Int32 = 2
        /// A direct receiver with at least two victim payments is fed by victims whatever else
        /// it receives.
        public var directPayments: Int32 = 2
        /// Pay from the group: at least 80% of the money received came from anchors, …
        public var anchorInflowShare = 0.8
        /// … in at least three transfers over at least two weeks (regular pay, not a one-off sale),
        /// at least ¥5,000 in all (about a month's minimum wage: a living, not the small rebates
        /// 刷单返利 groups pay victims to win their trust).
        public var anchorPayments = 3
        public var regularDays = 14.0
        public var regularPayMinFen: Int64 = 500_000
        /// Money between an account and a group below this (¥5,000, the same month's minimum
        /// wage) does not make it a collection account or a hop of the chain: it is what 刷单
        /// groups pay the people they are grooming (rebates, which FIFO at the group's rebate
        /// wallet attributes to earlier victims) and what those people pay back for "tasks". For
        /// a collection account it counts everything the group paid it, traced or not (FIFO
        /// upstream may attribute little of a standing account's takings to victims).
        public var materialFen: Int64 = 500_000
        /// A conduit paying at least this many different accounts (victims' aside) is a market, not
        /// a laundering layer (`AccountFeatures.marketPayees`): suspicious, not malicious.
        public var marketPayees = AccountFeatures.marketPayees
        /// A rebate account (刷单返利): victims of reported cases are at least half of its payees,
        /// with its statement (victims' statements are the ones requested, so without the payer's
        /// own statement lenders and employers show mostly victims among their visible payees).
        /// Suspicious only.
        public var rebateShare = 0.5
        /// Payback into the chain: at least ¥10,000 in all, to at least two distinct anchors or as
        /// at least `linkedMoneyShare` of the account's outflow.
        public var paybackAnchors = 2
        public var paybackMinFen: Int64 = 1_000_000
        /// A relay: an account passing on within an hour at least 90% of what it received.
        public var relayShare = 0.9
        /// An exit card: at least 80% of what a statement-less account is seen paying goes to the
        /// accounts the group pays past the chain's entry (the same share as pay from the group).
        /// One tied to the group only by test transfers (测试) to at least `paybackAnchors` of its
        /// accounts (`AccountFeatures.testedAnchors`) needs `passOnShare` instead.
        public var exitShare = 0.8
        /// Operator device: a device shared with at least two anchors.
        public var deviceAnchors = 2
        /// Money with the group that makes an identity link malicious: at least half of the
        /// account's inflow from, or outflow to, anchors.
        public var linkedMoneyShare = 0.5

        public init() {}
    }

    public var thresholds: Thresholds
    public init(thresholds: Thresholds = Thresholds()) { self.thresholds = thresholds }

    public func rate(features: AccountFeatures, context: RatingContext) -> [AccountRating] {
        (0..<features.accountCount).map { rate(account: $0, features: features, context: context) }
    }

    /// Rates one account. O(1).
    public func rate(account a: Int, features f: AccountFeatures, context c: RatingContext) -> AccountRating {
        let th = thresholds
        func v(_ k: AccountFeature) -> Double { f[a, k] }
        let tags = c.tags[a]
        let victimFen = c.victimInflowFen[a]
        let share = v(.victimShare)
        let level = Int(c.minTraceLevel[a])
        let isVictim = c.victimPaymentsMade[a] > 0
        let registered = c.isRegisteredBusiness(a)
        let otc = c.isOTC(a)
        let statement = c.hasStatement[a]
        let wallet = c.isWallet[a]
        let hasVictimMoney = victimFen >= th.minVictimFen
        // Fraud money received: traced victim money, or money from conduits of victim money
        // whose own traced share is diluted by unreported victims.
        let fraudShare = max(share, v(.fromConduitsShare))
        let direct = c.directVictimPayments[a] > 0
        // Passes money on: sent at least half as much as it received.
        let passesOn = f.passesOn(a, share: th.passOnShare)

        // Fast path: nothing links the account to fraud (most accounts).
        if victimFen == 0 && tags.isEmpty && !isVictim && v(.holderLinks) == 0 && v(.deviceLinks) == 0 && v(.frozenLinks) == 0
            && v(.inFromAnchorsShare) == 0 && f.outToAnchorsFen[a] == 0 && v(.victimsPaid) == 0 && v(.fromDeepConduitsShare) == 0
            && v(.fromConduitsShare) == 0 {
            return .normal
        }

        // Collected money that is more than a grooming's rebates (`Thresholds.materialFen`).
        let material = victimFen >= th.materialFen
            || max(v(.fromGroupShare), v(.inFromAnchorsShare)) * Double(f.inFen[a]) >= Double(th.materialFen)
        // Money from the chain: fed by laundering accounts (past the first receivers, whose owners
        // may pay friends and family from a rented card) or by accounts rated malicious — a third
        // of the inflow and more than a grooming's rebates stands for victim money, traced or not.
        let deepFed = max(v(.fromDeepConduitsShare), v(.inFromAnchorsShare))
        let chainFed = deepFed >= th.conduitVictimShare && deepFed * Double(f.inFen[a]) >= Double(th.materialFen)
        var malicious: [String] = [], suspicious: [String] = [], notes: [String] = []
        var strength = 0.0   // within the band, from the strongest evidence

        // Tags.
        if tags.contains(.frozenFraud) { suspicious.append("tagged 已冻结涉诈账户 (frozen in an earlier fraud case)") }
        if tags.contains(.fraudTagged) { suspicious.append("tagged 涉诈账户 (reported as used for fraud)") }

        // 1. Victim money.
        var victimSentence: String { "received \(RatingText.yuan(fen: victimFen)) of traced victim money (\(RatingText.percent(share)) of its inflow)"
            + (c.victimCases[a] > 0 ? " from \(RatingText.count(Double(c.victimCases[a]), "case", "cases"))" : "")
            + (direct ? ", \(RatingText.count(Double(c.directVictimPayments[a]), "payment", "payments")) directly from victims"
               : level > 1 ? ", \(level) hops from the victims" : "") }
        var conduitSentence: String { "received \(RatingText.percent(max(v(.fromConduitsShare), v(.inFromAnchorsShare)))) of its money from conduits of victim money or accounts rated malicious" }
        if isVictim {
            notes.append("made \(RatingText.count(Double(c.victimPaymentsMade[a]), "traced victim payment", "traced victim payments")) (受害人账户)")
        } else if registered {
            if hasVictimMoney {
                let kind = registeredKind(a, c)
                notes.append(victimSentence + "; registered \(kind): the trace ends here (a sink, not a conduit)")
            }
        } else if otc {
            if hasVictimMoney {
                suspicious.append(victimSentence + "; 虚拟币场外商 (crypto OTC trader) used to off-ramp fraud money")
            }
        } else if statement {
            // Either evidence suffices: a little traced money does not hide what the chain paid it.
            let fed = (hasVictimMoney && (fraudShare >= th.conduitVictimShare || c.directVictimPayments[a] >= th.directPayments)) || chainFed
            if fed && passesOn {
                let evidence = (hasVictimMoney ? [victimSentence] : []) + (max(v(.fromConduitsShare), v(.inFromAnchorsShare)) > share ? [conduitSentence] : [])
                let payees = v(.ordinaryPayees)
                if direct && !wallet {
                    suspicious.append(contentsOf: evidence)
                    suspicious.append(passOnSentence(a, f) + "; a bank card receiving victims' payments directly (一级卡: possibly rented, owner to be questioned)")
                } else if !direct && payees >= Double(th.marketPayees) {
                    suspicious.append(contentsOf: evidence)
                    suspicious.append(passOnSentence(a, f) + " to \(RatingText.count(payees, "different account", "different accounts")): a market (OTC trader, wholesaler) rather than a laundering layer")
                } else {
                    malicious.append(contentsOf: evidence)
                    malicious.append(passOnSentence(a, f) + (direct ? "; a wallet collecting victims' payments (跑分收款码)" : ""))
                    if v(.cashOutShare) >= 0.5 { malicious.append("withdrew \(RatingText.percent(v(.cashOutShare))) of its outflow as cash (ATM 取现)") }
                    strength = max(strength, min(1, fraudShare) * (0.5 + 0.5 * min(1, Double(c.victimCases[a]) / 5)))
                }
            } else if hasVictimMoney && (share >= th.conduitVictimShare || direct) {
                suspicious.append(victimSentence + "; kept \(RatingText.percent(1 - v(.flowThrough))) of what it received")
            }
        } else if hasVictimMoney && (share >= th.conduitVictimShare || direct) {
            // No statement: only transfers with requested accounts are visible, so whether it
            // passes money on is unknown; money of several cases arriving from accounts rated
            // malicious of one group marks a collection account of that group.
            let fromGroup = v(.fromGroupShare) >= th.conduitVictimShare && v(.senderGroups) == 1
            if c.victimCases[a] >= th.collectorCases && ((level >= 2 && fromGroup && material) || (direct && wallet)) {
                malicious.append(victimSentence + (direct ? "" : ", \(RatingText.percent(v(.fromGroupShare))) of its visible inflow from one group's accounts")
                                 + "; collects money of several cases (statement not requested: 调单)")
                strength = max(strength, min(1, share) * 0.5)
            } else {
                suspicious.append(victimSentence + (v(.senderGroups) >= 2 ? "; paid by \(RatingText.count(v(.senderGroups), "independent group", "independent groups")) of fraud accounts (shared off-ramp?)" : "")
                                  + "; statement not requested (调单 to confirm)")
            }
        }

        // 2. Links (accounts the victim money did not decide).
        if !isVictim && !registered && !otc && malicious.isEmpty {
            let inShare = v(.inFromAnchorsShare), outShare = v(.outToAnchorsShare)
            if inShare >= th.anchorInflowShare && v(.inCount) >= Double(th.anchorPayments) && v(.activeDays) >= th.regularDays
                && inShare * Double(f.inFen[a]) >= Double(th.regularPayMinFen)
                && max(outShare, v(.toConduitsShare)) < 1 - th.anchorInflowShare && v(.senderGroups) <= 1 {
                let role = statement && passesOn ? "fed by the group; " + passOnSentence(a, f) : "regular pay from the group"
                malicious.append("received \(RatingText.percent(inShare)) of its money (\(RatingText.count(v(.inCount), "transfer", "transfers")) over \(Int(v(.activeDays).rounded())) days) from \(RatingText.count(v(.anchorSenders), "account", "accounts")) rated malicious (\(role))")
                strength = max(strength, inShare * 0.6)
            }
            // A hop of the chain: money in from, and about as much out to, accounts rated
            // malicious (a victim paying more than the rebates it got back is no hop).
            let fromAnchorFen = inShare * Double(f.inFen[a]), toAnchorFen = Double(f.outToAnchorsFen[a])
            if malicious.isEmpty && inShare >= th.linkedMoneyShare && outShare >= th.linkedMoneyShare
                && fromAnchorFen >= Double(th.materialFen) && toAnchorFen >= Double(th.materialFen) && v(.senderGroups) <= 1
                && min(fromAnchorFen, toAnchorFen) >= th.passOnShare * max(fromAnchorFen, toAnchorFen) {
                malicious.append("received \(RatingText.percent(inShare)) of its money from \(RatingText.count(v(.anchorSenders), "account", "accounts")) rated malicious and sent \(RatingText.percent(outShare)) of its outflow (\(RatingText.yuan(fen: f.outToAnchorsFen[a]))) to \(RatingText.count(v(.anchorRecipients), "account", "accounts")) rated malicious: a hop of the chain")
                strength = max(strength, 0.5)
            }
            // Without a statement, fed almost only by accounts rated malicious of one group with
            // money of several cases: a collection account even when little of what arrives is
            // attributed to victims (FIFO upstream spent a rented card's own money first).
            if malicious.isEmpty && !statement && hasVictimMoney && material && level >= 2 && c.victimCases[a] >= th.collectorCases
                && inShare >= th.anchorInflowShare && v(.senderGroups) <= 1 {
                malicious.append("received \(RatingText.percent(inShare)) of its visible money from \(RatingText.count(v(.anchorSenders), "account", "accounts")) rated malicious, carrying money of \(RatingText.count(Double(c.victimCases[a]), "case", "cases")) (\(RatingText.yuan(fen: victimFen)) traced); collects for the group (statement not requested: 调单)")
                strength = max(strength, 0.4)
            }
            // Without a statement, a layer fed by the laundering chain: at least a third of its
            // visible money from conduits past the first receivers or accounts rated malicious of
            // one group, more than a grooming's rebates, and at least half of it seen leaving
            // again in the statements of the accounts it paid — but not mostly into the chain's
            // entry, where victims pay (an unreported victim groomed with rebates). FIFO upstream
            // may attribute none of it to victims when a busy layer mixes many batches.
            if malicious.isEmpty && !statement && chainFed && passesOn && v(.senderGroups) <= 1
                && Double(f.outToEntryFen[a]) < th.passOnShare * Double(f.outFen[a]) {
                malicious.append("received \(RatingText.percent(deepFed)) of its visible money (\(RatingText.yuan(fen: Int64(deepFed * Double(f.inFen[a]))))) from laundering accounts of one group and sent \(RatingText.yuan(fen: f.outFen[a])) on to accounts whose statements are in the data: a layer of the chain (statement not requested: 调单)")
                strength = max(strength, 0.4)
            }
            // Without a statement, an exit card of the group: nearly all of what it is seen paying
            // (≥ ¥5,000 in ≥ 3 payments: a working account, not a one-off purchase) goes past the
            // chain's entry into accounts the group pays (its cash-out cards, the OTC traders and
            // card merchants it sells to), and it is tied to one group either by what is seen
            // arriving — at least 80% of it from the group's members, some from accounts rated
            // malicious (a test transfer 测试 is enough) — or by test transfers it sent to two or
            // more accounts rated malicious that get little else from it (the organizer checking
            // its layers' cards). Paying into the chain alone is what the group's first-level
            // cards and the OTC traders' other customers do; a shop that a mule also buys from is
            // paid mostly by ordinary customers; someone a mule paid once may buy crypto from the
            // same trader. Its own inflow is unseen: the organizer's second card, fed from
            // accounts not requested yet.
            let downstreamFen = f.outDownstreamFen[a]
            let fedByGroup = v(.fromGroupShare) >= th.anchorInflowShare && v(.inFromAnchorsShare) > 0
            let testsCards = v(.anchorRecipients) >= Double(th.paybackAnchors) && v(.outToAnchorsShare) < 1 - th.exitShare
            // Real test transfers (测试: a few yuan to each card) tie it to the group more closely
            // than money from the group does, so most of its outflow (half) to the exits is
            // enough: the organizer also pays its 引流 workers' wages from that card. An account
            // the group feeds is held to the 80 % as before.
            let tinyTests = testsCards && f.testedAnchors[a] >= Int32(th.paybackAnchors)
            let exitShare = tinyTests && !fedByGroup ? th.passOnShare : th.exitShare
            if malicious.isEmpty && !statement && !direct && v(.senderGroups) <= 1 && downstreamFen >= th.materialFen
                && f.outDownstreamCount[a] >= Int32(th.anchorPayments)
                && Double(downstreamFen) >= exitShare * Double(f.outFen[a]) && (fedByGroup || testsCards) {
                malicious.append("sent \(RatingText.yuan(fen: downstreamFen)) (\(RatingText.percent(Double(downstreamFen) / Double(f.outFen[a]))) of what it is seen paying) past the chain's entry in \(f.outDownstreamCount[a]) payments to accounts the group pays (cash-out cards, OTC traders, card merchants), and "
                                 + (fedByGroup ? "\(RatingText.percent(v(.fromGroupShare))) of what it is seen receiving came from the group's accounts (\(RatingText.count(v(.anchorSenders), "account", "accounts")) rated malicious among them)"
                                    : "sent small amounts (\(RatingText.yuan(fen: f.outToAnchorsFen[a])) in all) to \(RatingText.count(v(.anchorRecipients), "account", "accounts")) rated malicious (test transfers)")
                                 + ": an exit card of the group (statement not requested: 调单)")
                strength = max(strength, 0.4)
            }
            // Payback: an independently operated account (not on the group's devices: those are
            // rented first-level cards) paying money into the chain.
            let operated = v(.deviceLinks) >= Double(th.deviceAnchors)
            // Paybacks go past the chain's entry (a card merchant pays the organizer the proceeds
            // of the point cards); money paid to the accounts victims pay (first-level cards,
            // 跑分 collection wallets) is what an unreported victim does.
            let deepFen = f.outToDeepAnchorsFen[a]
            // Passing on within the hour nearly all that ordinary accounts just paid it is what a
            // first-level card does with unreported victims' money (一级卡, suspicious), not a
            // payback from the account's own takings.
            let relays = v(.passedWithin1h) >= th.relayShare && inShare < th.linkedMoneyShare && !hasVictimMoney
            if statement && !direct && !operated && deepFen >= th.paybackMinFen
                && (f.deepAnchorRecipients[a] >= Int32(th.paybackAnchors) || f.outFen[a] > 0 && Double(deepFen) >= th.linkedMoneyShare * Double(f.outFen[a])) {
                // The figures that decided: money paid past the chain's entry.
                let s = "paid \(RatingText.yuan(fen: deepFen)) (\(RatingText.percent(Double(deepFen) / Double(max(1, f.outFen[a])))) of its outflow) into \(RatingText.count(Double(f.deepAnchorRecipients[a]), "account", "accounts")) rated malicious past the chain's entry"
                if relays {
                    suspicious.append(s + ", \(RatingText.percent(v(.passedWithin1h))) of what it received passed on within an hour: money of unreported victims? (一级卡)")
                } else {
                    malicious.append(s + " (money back into the laundering chain)")
                    strength = max(strength, min(1, Double(f.outToAnchorsFen[a]) / 10_000_000) * 0.6)
                }
            }
            // Identity: the same holder, or an operator device. Upstream accounts (paying into the
            // chain, not fed by it: rented first-level cards operated by the group) stay suspicious.
            let fedByChain = inShare >= th.linkedMoneyShare || v(.fromConduitsShare) >= th.linkedMoneyShare
            // Traced victim money that came through the chain (not paid by victims directly)
            // puts the account past the first receivers, whatever it pays.
            let upstream = direct || (!fedByChain && !hasVictimMoney && max(outShare, v(.toConduitsShare)) >= th.linkedMoneyShare)
            let holder = v(.holderLinks) >= 1, device = v(.deviceLinks) >= Double(th.deviceAnchors)
            if holder || device {
                var s = holder ? "same holder ID number as \(RatingText.count(v(.holderLinks), "account", "accounts")) rated malicious or tagged 涉诈" : ""
                if device {
                    s += (holder ? "; " : "") + "operated from a device (IP/MAC) shared with \(RatingText.count(v(.deviceLinks), "account", "accounts")) rated malicious or tagged 涉诈"
                }
                if fedByChain {
                    malicious.append(s + ", and \(RatingText.percent(max(inShare, v(.fromConduitsShare)))) of its money comes from them or other conduits")
                    strength = max(strength, 0.5)
                } else if device && statement && !upstream && passesOn {
                    malicious.append(s + "; " + passOnSentence(a, f))
                    strength = max(strength, 0.4)
                } else {
                    suspicious.append(s + (upstream ? "; pays into the chain (rented first-level card?)" : ""))
                }
            }
        }
        // Paid by several independent groups (more than a grooming's rebates from their accounts
        // rated malicious) without victim money to show for it: a service the groups share — an
        // OTC trader or card merchant they sell to — whose statement tells what it is. Suspicious
        // only: legitimate users buy from such traders too (`GangMiner.Input.sharedOffRamps`).
        let anchorFen = v(.inFromAnchorsShare) * Double(f.inFen[a])
        if !isVictim && !registered && malicious.isEmpty && !hasVictimMoney && v(.senderGroups) >= 2 && anchorFen >= Double(th.materialFen) {
            suspicious.append("received \(RatingText.yuan(fen: Int64(anchorFen))) from accounts rated malicious of \(RatingText.count(v(.senderGroups), "independent group", "independent groups")): a service they share (OTC trader, card merchant?)")
        }
        if !isVictim && v(.frozenLinks) >= 1, let reason = f.frozenLinkReason(a) { suspicious.append(reason) }
        // Rebates (刷单返利): most of the account's payees are victims of reported cases.
        let victimPayeeShare = v(.victimsPaid) / max(1, v(.victimsPaid) + v(.ordinaryPayees))
        if statement && !registered && !isVictim && v(.victimsPaid) >= 2 && victimPayeeShare >= th.rebateShare {
            let s = "paid money to \(RatingText.count(v(.victimsPaid), "victim", "victims")) of reported cases, \(RatingText.percent(victimPayeeShare)) of its payees (返利 rebates to win their trust)"
            suspicious.append(s)
        }

        if !malicious.isEmpty {
            return AccountRating(level: .malicious, score: band(.malicious, strength), reasons: malicious + suspicious + notes)
        }
        if !suspicious.isEmpty {
            let s = min(1, Double(suspicious.count) / 4 + (hasVictimMoney ? share / 2 : 0))
            return AccountRating(level: .suspicious, score: band(.suspicious, s), reasons: suspicious + notes)
        }
        return AccountRating(level: .normal, score: band(.normal, hasVictimMoney ? min(1, share) : 0), reasons: notes)
    }

    func registeredKind(_ a: Int, _ c: RatingContext) -> String {
        let t = c.tags[a].intersection([.normalMerchant, .paymentInstitution, .cardMerchant]).labels
        if !t.isEmpty { return t.joined(separator: "/") }
        switch c.kinds[a] {
        case .cardMerchant: return "game-card seller (游戏点卡商户)"
        case .paymentInstitution: return "payment institution (支付机构)"
        default: return "business"
        }
    }

    func passOnSentence(_ a: Int, _ f: AccountFeatures) -> String {
        let within = f[a, .passedWithin24h], dwell = f[a, .dwellHours]
        if within >= 0.5 {
            return "passed on \(RatingText.percent(within)) of incoming money within 24 hours, \(RatingText.duration(hours: dwell)) after arrival on average (快进快出)"
        }
        return "passed on \(RatingText.percent(f[a, .flowThrough])) of what it received (out/in)"
    }

    /// A score inside the level's band; `s` in [0, 1] is the strength of the evidence.
    func band(_ level: RiskLevel, _ s: Double) -> Double {
        let x = min(max(s, 0), 1)
        switch level {
        case .normal: return 0.3 * x
        case .suspicious: return RiskLevel.suspiciousFrom + (RiskLevel.maliciousFrom - RiskLevel.suspiciousFrom - 0.01) * x
        case .malicious: return RiskLevel.maliciousFrom + (1 - RiskLevel.maliciousFrom) * x
        }
    }
}
