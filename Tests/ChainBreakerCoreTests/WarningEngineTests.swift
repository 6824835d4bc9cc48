import ChainBreakerCore
import Testing

/// Known answers of the warning engine on small hand-made streams.
@Suite struct WarningEngineTests {
    static let day: Int64 = 86_400
    static let t0: Int64 = 1_624_000_000

    func run(_ events: [WarningEvent], _ k: WarningKnowledge = WarningKnowledge(), config: WarningEngine.Config = .init()) -> [Warning] {
        var engine = WarningEngine(config: config, knowledge: k)
        var out: [Warning] = []
        for e in events { engine.process(e, into: &out) }
        return out
    }

    /// A number calling 12 different people briefly, then a long call: the long call's callee is
    /// warned (dissuade), nobody else.
    func goipStream(caller: Int32 = 1000) -> [WarningEvent] {
        var ev: [WarningEvent] = []
        for i in 0..<12 { ev.append(WarningEvent(time: Self.t0 + Int64(i) * 600, type: .call, a: caller, b: Int32(i), duration: i % 2 == 0 ? 0 : 30)) }
        ev.append(WarningEvent(time: Self.t0 + 8_000, type: .call, a: caller, b: 50, duration: 900))
        return ev
    }

    @Test func massCallerLongCallWarnsTheCallee() {
        let w = run(goipStream())
        #expect(w.count == 1)
        #expect(w.first?.subjectKind == .phone && w.first?.subject == 50)
        #expect(w.first?.action == .dissuade && w.first?.detector == .scamCall && w.first?.level == .medium)
        #expect(w.first?.reasons.contains { $0.contains("GOIP") } == true)
    }

    @Test func aLongCallBeforeTheNumberIsKnownIsWarnedWhenItCrossesTheThreshold() {
        var ev: [WarningEvent] = [WarningEvent(time: Self.t0, type: .call, a: 1000, b: 77, duration: 1_200)]
        ev += goipStream().dropLast()
        let w = run(ev)
        #expect(w.map(\.subject) == [77])
        #expect(w.first?.evidence.count == 2)
    }

    @Test func benignTaggedAndOrdinaryCallersDoNotWarn() {
        var k = WarningKnowledge()
        k.ensurePhone(1000); k.phoneBenign[1000] = true
        #expect(run(goipStream(), k).isEmpty)
        // A person calling a few friends at length.
        let friends = (0..<4).map { WarningEvent(time: Self.t0 + Int64($0) * 3600, type: .call, a: 5, b: Int32(6 + $0 % 2), duration: 1_500) }
        #expect(run(friends).isEmpty)
    }

    @Test func callBacksMakeANumberAPerson() {
        var ev = goipStream().dropLast().map { $0 }
        for i in 0..<6 { ev.append(WarningEvent(time: Self.t0 + 7_300 + Int64(i), type: .call, a: Int32(i), b: 1000, duration: 60)) }
        ev.append(WarningEvent(time: Self.t0 + 8_000, type: .call, a: 1000, b: 50, duration: 900))
        #expect(run(ev).isEmpty)
    }

    @Test func flaggedSiteWarnsOnlyFromItsReportTime() {
        var k = WarningKnowledge()
        k.ensureSite(3); k.siteFlag[3] = Self.t0 + Self.day; k.siteMode[3] = WarningKnowledge.strong
        let before = WarningEvent(time: Self.t0, type: .urlVisit, a: 9, b: 3)
        let after = WarningEvent(time: Self.t0 + 2 * Self.day, type: .urlVisit, a: 10, b: 3)
        let w = run([before, after], k)
        #expect(w.map(\.subject) == [10])
        #expect(w.first?.level == .high && w.first?.detector == .flaggedSite)
    }

    @Test func weakAppNeedsAScamContactAndCommonUseDemotesIt() {
        var k = WarningKnowledge()
        k.ensureApp(2); k.appFlag[2] = .min; k.appMode[2] = WarningKnowledge.demotable
        k.ensurePhone(1000); k.phoneFlag[1000] = .min; k.phoneMode[1000] = WarningKnowledge.strong
        var ev: [WarningEvent] = []
        ev.append(WarningEvent(time: Self.t0, type: .appInstall, a: 20, b: 2))                      // no contact: nothing
        ev.append(WarningEvent(time: Self.t0 + 10, type: .sms, a: 1000, b: 21))                    // flagged number texts 21
        ev.append(WarningEvent(time: Self.t0 + 100, type: .appInstall, a: 21, b: 2))               // → warned (medium)
        for p in 30..<40 { ev.append(WarningEvent(time: Self.t0 + 200 + Int64(p), type: .appInstall, a: Int32(p), b: 2)) } // common use
        ev.append(WarningEvent(time: Self.t0 + 300, type: .sms, a: 1000, b: 22))
        ev.append(WarningEvent(time: Self.t0 + 400, type: .appInstall, a: 22, b: 2))               // demoted: nothing
        let w = run(ev, k)
        #expect(w.map(\.subject) == [21])
        #expect(w.first?.level == .medium)
    }

    /// A tagged APP that three ordinary people install within a day is doubted (a mis-tagged
    /// popular APP): the first two are warned, later plain installers are not, one contacted by a
    /// flagged number still is (medium). The same rush on an APP a reported case names warns all.
    @Test func aTagNoCaseConfirmsIsDoubtedWhenOrdinaryPeopleRushToIt() {
        var k = WarningKnowledge()
        k.ensureApp(2); k.appFlag[2] = .min; k.appMode[2] = WarningKnowledge.strong | WarningKnowledge.demotable
        k.ensurePhone(1000); k.phoneFlag[1000] = .min; k.phoneMode[1000] = WarningKnowledge.strong
        var ev: [WarningEvent] = []
        for (i, p) in (20..<24).enumerated() { ev.append(WarningEvent(time: Self.t0 + Int64(i) * 3_600, type: .appInstall, a: Int32(p), b: 2)) }
        ev.append(WarningEvent(time: Self.t0 + 5 * 3_600, type: .sms, a: 1000, b: 30))
        ev.append(WarningEvent(time: Self.t0 + 6 * 3_600, type: .appInstall, a: 30, b: 2))
        let w = run(ev, k)
        #expect(w.map(\.subject) == [20, 21, 30])
        #expect(w.map(\.level) == [.high, .high, .medium])
        #expect(w.last?.reasons.contains { $0.contains("doubted") } == true)
        // Spread over days (a group's APP reaching a victim now and then): never doubted.
        let slow = (20..<24).enumerated().map { WarningEvent(time: Self.t0 + Int64($0.offset) * Self.day, type: .appInstall, a: Int32($0.element), b: 2) }
        #expect(run(slow, k).map(\.subject) == [20, 21, 22, 23])
        // Named in a case reported before: the rush is the group's victims.
        var named = k
        named.appNamed[2] = Self.t0 - Self.day
        #expect(run(ev, named).map(\.subject) == [20, 21, 22, 23, 30])
        var off = WarningEngine.Config()
        off.rushPlain = 0
        #expect(run(ev, k, config: off).map(\.subject) == [20, 21, 22, 23, 30])
    }

    @Test func paymentToAFlaggedPayeeIsInterceptedOncePerEpisode() {
        var k = WarningKnowledge()
        k.ensureAccount(7); k.accountFlag[7] = .min; k.accountLevel[7] = .malicious; k.accountMode[7] = WarningKnowledge.strong
        k.ensureAccount(3); k.ensurePhone(40); k.accountOwner[3] = 40
        let ev = [
            WarningEvent(time: Self.t0, type: .transfer, a: 1, b: 7, amountFen: 500_000, channel: .bank),
            WarningEvent(time: Self.t0 + 60, type: .transfer, a: 1, b: 7, amountFen: 900_000, channel: .bank),
            WarningEvent(time: Self.t0 + 120, type: .transfer, a: 3, b: 7, amountFen: 100_000, channel: .bank),
            // A flagged account paying another flagged one is laundering, not a victim.
            WarningEvent(time: Self.t0 + 180, type: .transfer, a: 7, b: 8, amountFen: 900_000, channel: .bank),
        ]
        let w = run(ev, k)
        #expect(w.count == 2)
        #expect(w[0].subjectKind == .account && w[0].subject == 1 && w[0].action == .intercept && w[0].level == .high)
        #expect(w[1].subjectKind == .phone && w[1].subject == 40)
    }

    @Test func escalatingPaymentsToANewPayee() {
        let amounts: [Int64] = [100_000, 150_000, 260_000, 500_000]
        let ev = amounts.enumerated().map { WarningEvent(time: Self.t0 + Int64($0.offset) * Self.day, type: .transfer, a: 1, b: 2, amountFen: $0.element, channel: .bank) }
        let w = run(ev)
        #expect(w.count == 1)
        #expect(w.first?.detector == .escalation && w.first?.action == .intercept && w.first?.evidence.count == 3)
        // Steady payments (rent) do not escalate.
        let rent = (0..<5).map { WarningEvent(time: Self.t0 + Int64($0) * Self.day, type: .transfer, a: 1, b: 2, amountFen: 300_000, channel: .bank) }
        #expect(run(rent).isEmpty)
    }

    /// Payer 1 raises the stakes to account 50 three times (escalation) while 50 passes the money
    /// on to 60, 61, 62; payer 3's first ¥2,000 to 50 the next day is then intercepted. Not when 50 kept
    /// the money (a shop), not below ¥500, not after the escalation window, not with the detector off.
    @Test func aPayeeSeenCollectingAnEscalatingRunWarnsItsNextNewPayer() {
        let h: Int64 = 60
        let run1 = transfers([(1, 50, 1_000, 0), (50, 60, 990, 20), (1, 50, 2_000, 24 * h), (50, 61, 1_980, 24 * h + 20),
                              (1, 50, 4_000, 48 * h), (50, 62, 3_950, 48 * h + 20)])
        let next = transfers([(3, 50, 2_000, 60 * h)])
        let w = run(run1 + next)
        #expect(w.map(\.subject) == [1, 3])
        #expect(w.last?.detector == .escalatedPayee && w.last?.action == .intercept && w.last?.evidence.count == 2)
        #expect(w.last?.reasons.last?.contains("passed on 98%") == true)
        // The payee kept what it was paid: no warning for payer 3 (payer 1's escalation stays).
        let kept = transfers([(1, 50, 1_000, 0), (1, 50, 2_000, 24 * h), (1, 50, 4_000, 48 * h)])
        #expect(run(kept + next).map(\.subject) == [1])
        #expect(run(run1 + transfers([(3, 50, 400, 60 * h)])).map(\.subject) == [1])
        #expect(run(run1 + transfers([(3, 50, 2_000, 48 * h + 8 * 24 * h)])).map(\.subject) == [1])
        var config = WarningEngine.Config()
        config.detectors.remove(.escalatedPayee)
        #expect(run(run1 + next, config: config).map(\.subject) == [1])
        // A company's account (a trading company paying its suppliers) is no collecting card.
        var k = WarningKnowledge()
        k.ensureAccount(50); k.accountPersonal[50] = false
        #expect(run(run1 + next, k).map(\.subject) == [1])
    }

    @Test func detectorsCanBeSwitchedOff() {
        var config = WarningEngine.Config()
        config.detectors.remove(.scamCall)
        #expect(run(goipStream(), config: config).isEmpty)
    }

    @Test func statePairTableIsBounded() {
        var config = WarningEngine.Config()
        config.pairCapacity = 1024
        var engine = WarningEngine(config: config)
        var out: [Warning] = []
        for i in 0..<50_000 { engine.process(WarningEvent(time: Self.t0 + Int64(i), type: .transfer, a: Int32(i % 100), b: Int32(100 + i % 997), amountFen: 1_000, channel: .bank), into: &out) }
        #expect(engine.stateSize.pairSlots == 1024)
        #expect(engine.stateSize.pairsUsed <= 1024)
    }

    /// A transfer stream: (payer, payee, yuan, minutes after t0).
    func transfers(_ rows: [(Int32, Int32, Int64, Int64)]) -> [WarningEvent] {
        rows.map { WarningEvent(time: Self.t0 + $0.3 * 60, type: .transfer, a: $0.0, b: $0.1, amountFen: $0.2 * 100, channel: .bank) }
    }

    @Test func anUnknownAccountCollectingFromFreshPayersAndPassingItOnIsCaught() {
        // Account 50 (first seen in the stream) collects from 1, 2, 3 and sends each sum on to 60.
        let mule = transfers([(1, 50, 3_000, 0), (50, 60, 2_950, 10), (2, 50, 5_000, 300), (50, 60, 4_900, 320), (3, 50, 8_000, 900)])
        let w = run(mule)
        #expect(w.map(\.subject) == [1, 2, 3])
        #expect(w.allSatisfy { $0.detector == .freshPayee && $0.subjectKind == .account && $0.level == .medium })
        #expect(w.map(\.action) == [.dissuade, .dissuade, .intercept])
        #expect(w.last?.evidence.count == 3)
        #expect(w.last?.reasons.contains { $0.contains("3 different payers") && $0.contains("passed on 98%") } == true)
        // A shop keeps what it is paid.
        #expect(run(transfers([(1, 50, 3_000, 0), (2, 50, 5_000, 300), (3, 50, 8_000, 900)])).isEmpty)
        // An account the store knew before the stream is not fresh.
        var k = WarningKnowledge()
        k.ensureAccount(50); k.accountKnown[50] = true
        #expect(run(mule, k).isEmpty)
        // Nor is a company's account (a lender paid back by borrowers, lending it out again).
        var corporate = WarningKnowledge()
        corporate.ensureAccount(50); corporate.accountPersonal[50] = false
        #expect(run(mule, corporate).isEmpty)
        // Payments spread beyond the window.
        #expect(run(transfers([(1, 50, 3_000, 0), (50, 60, 2_950, 10), (2, 50, 5_000, 3_000), (50, 60, 4_900, 3_010), (3, 50, 8_000, 6_000)])).isEmpty)
        // Large payers are few among many small ones (a shop that also buys stock).
        var shop: [(Int32, Int32, Int64, Int64)] = (10..<20).map { (Int32($0), 50, 80, Int64($0)) }
        shop += [(1, 50, 3_000, 30), (50, 60, 3_700, 40), (2, 50, 5_000, 300), (50, 60, 4_900, 320), (3, 50, 8_000, 900)]
        #expect(run(transfers(shop)).isEmpty)
    }

    @Test func theHoldersOwnMoneyAndSmallPaymentsWithoutContextAreNotWarned() {
        var k = WarningKnowledge()
        k.ensureAccount(7); k.accountFlag[7] = .min; k.accountLevel[7] = .malicious; k.accountMode[7] = WarningKnowledge.strong
        k.ensureAccount(1); k.accountHolder[1] = 5; k.accountHolder[7] = 5
        // The rented card's holder tops it up from their own wallet.
        #expect(run(transfers([(1, 7, 2_000, 0)]), k).isEmpty)
        // A stranger's ¥300 to it, no scam contact in view: an everyday payment to the holder.
        #expect(run(transfers([(2, 7, 300, 0)]), k).isEmpty)
        // The same ¥300 after a flagged number called the payer's owner: warned.
        k.ensureAccount(2); k.ensurePhone(41); k.accountOwner[2] = 41
        k.ensurePhone(1000); k.phoneFlag[1000] = .min; k.phoneMode[1000] = WarningKnowledge.strong
        let ev = [WarningEvent(time: Self.t0 - 3_600, type: .call, a: 1000, b: 41, duration: 40)] + transfers([(2, 7, 300, 0)])
        #expect(run(ev, k).map(\.subject) == [41])
        // ¥1,000 or more warns on the flag alone; ¥800 without a contact does not.
        #expect(run(transfers([(3, 7, 800, 0)]), k).isEmpty)
        #expect(run(transfers([(3, 7, 1_000, 0)]), k).map(\.subject) == [3])
    }

    @Test func aLargeFirstPaymentSoonAfterALongCallFromAStranger() {
        var k = WarningKnowledge()
        k.ensureAccount(3); k.ensurePhone(40); k.accountOwner[3] = 40
        let call = WarningEvent(time: Self.t0 - 2 * 3600, type: .call, a: 900, b: 40, duration: 1_500)
        let w = run([call] + transfers([(3, 8, 20_000, 0)]), k)
        #expect(w.map(\.subject) == [40])
        #expect(w.first?.detector == .strangerCall && w.first?.action == .intercept && w.first?.evidence.count == 2)
        #expect(w.first?.reasons.first?.contains("120 min after a long call") == true)
        // A number the person had called before is an acquaintance.
        let known = WarningEvent(time: Self.t0 - 5 * Self.day, type: .call, a: 40, b: 900, duration: 60)
        #expect(run([known, call] + transfers([(3, 8, 20_000, 0)]), k).isEmpty)
        // Too small, too late, or a payee paid before.
        #expect(run([call] + transfers([(3, 8, 2_000, 0)]), k).isEmpty)
        #expect(run([call] + transfers([(3, 8, 20_000, 13 * 60)]), k).isEmpty)
        #expect(run(transfers([(3, 8, 100, -Self.day / 60)]) + [call] + transfers([(3, 8, 20_000, 0)]), k).isEmpty)
    }

    @Test func reasonsRenderReferences() {
        let r = "called by " + WarningEngine.ref(.phone, 3) + " then paid " + WarningEngine.ref(.account, 1)
        #expect(WarningEngine.render(r) { k, id in k == .phone ? "phone:138" : "account:\(id)" } == "called by phone:138 then paid account:1")
    }
}
