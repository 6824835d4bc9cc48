import ChainBreakerCore
import Testing

/// Case linking on small hand-made case sets with known answers.
@Suite struct CaseLinkerTests {
    typealias X = LinkIdentifier

    /// Case indices grouped by cluster, each sorted, clusters ordered by their first case.
    static func groups(_ l: CaseLinks) -> [[Int32]] {
        l.clusters.map(\.cases).sorted { $0[0] < $1[0] }
    }

    /// Two gangs, four cases each, every case paid the same OTC trader: given as a hub, it links
    /// nothing and is reported as one; the gangs stay apart.
    @Test func sharedOTCTraderDoesNotMergeGangs() {
        let otc = X(.account, "6222000011112222")
        let cases: [[X]] = [
            [X(.qq, "111111"), X(.url, "aaa123.vip"), otc],
            [X(.qq, "111111"), X(.phone, "13800000001"), otc],
            [X(.url, "aaa123.vip"), X(.phone, "13800000001"), otc],
            [X(.qq, "111111"), otc],
            [X(.wechat, "wxid_bbbbbbbbbbbbbb"), otc],
            [X(.wechat, "wxid_bbbbbbbbbbbbbb"), X(.url, "bbb456.top"), otc],
            [X(.url, "bbb456.top"), otc],
            [X(.url, "bbb456.top"), X(.phone, "13900000002"), otc],
        ]
        let l = CaseLinker.link(cases: cases, hubs: [otc])
        #expect(Self.groups(l) == [[0, 1, 2, 3], [4, 5, 6, 7]])
        #expect(l.hubs.map(\.identifier) == [otc])
        #expect(l.hubs[0].cases == 8 && l.hubs[0].clusters == 2 && l.hubs[0].reason == .given)
        #expect(!l.clusters.flatMap(\.evidence).contains { $0.identifier == otc })
    }

    /// The same trader, not known to the tracer: one case of each gang paid it. It covers a quarter
    /// of each gang, so it joins nothing (the coverage rule) though it is rare (df 2).
    @Test func rareHubCoveringFewCasesDoesNotMerge() {
        let shop = X(.flow, "849000111122223")
        let cases: [[X]] = [
            [X(.qq, "111111"), shop], [X(.qq, "111111")], [X(.qq, "111111"), X(.url, "aaa123.vip")], [X(.url, "aaa123.vip")],
            [X(.phone, "13900000002"), shop], [X(.phone, "13900000002")], [X(.phone, "13900000002")], [X(.phone, "13900000002")],
        ]
        let l = CaseLinker.link(cases: cases)
        #expect(Self.groups(l) == [[0, 1, 2, 3], [4, 5, 6, 7]])
        // Within one cluster it would be evidence; across two it is not.
        #expect(!l.clusters.flatMap(\.evidence).contains { $0.identifier == shop })
    }

    /// A group's own collecting account that most of two parts reached joins them.
    @Test func flowAccountCoveringBothPartsJoinsThem() {
        let organizer = X(.flow, "6217000000000001")
        let cases: [[X]] = [
            [X(.qq, "111111"), organizer], [X(.qq, "111111"), organizer], [X(.qq, "111111")],
            [X(.phone, "13900000002"), organizer], [X(.phone, "13900000002"), organizer],
        ]
        let l = CaseLinker.link(cases: cases)
        #expect(Self.groups(l) == [[0, 1, 2, 3, 4]])
    }

    /// `+86 138-0013-8000` and `13800138000` are one phone once normalised, so they link.
    @Test func phoneSpellingVariantsLink() throws {
        let spellings = ["+86 138-0013-8000", "13800138000", "8613800138000", "１３８００１３８０００", "138 0013 8000"]
        let cases: [[X]] = try spellings.map { [X(.phone, try #require(Normalize.phone($0)))] } + [[X(.phone, "13900139000")]]
        let l = CaseLinker.link(cases: cases)
        #expect(Self.groups(l) == [[0, 1, 2, 3, 4], [5]])
        #expect(l.clusters[0].evidence.map(\.identifier.description) == ["phone:13800138000"])
        #expect(l.clusters[0].evidence[0].cases == [0, 1, 2, 3, 4])
    }

    /// A–B share a QQ, B–C a site: one cluster, and the evidence says which identifier links which
    /// cases.
    @Test func chainThroughDifferentIdentifiers() {
        let cases: [[X]] = [
            [X(.qq, "123456789")],
            [X(.qq, "123456789"), X(.url, "hfxcf.vip")],
            [X(.url, "hfxcf.vip"), X(.account, "6222020000000000000")],
            [X(.account, "6225000000000000")],
        ]
        let l = CaseLinker.link(cases: cases)
        #expect(Self.groups(l) == [[0, 1, 2], [3]])
        let e = l.clusters[0].evidence
        #expect(Set(e.map(\.identifier.description)) == ["qq:123456789", "url:hfxcf.vip"])
        #expect(e.first { $0.identifier.kind == .qq }?.cases == [0, 1])
        #expect(e.first { $0.identifier.kind == .url }?.cases == [1, 2])
        // Rarity: df 2 of 4 cases.
        #expect(abs(e[0].weight - 0.6931) < 0.001)
    }

    /// An APP name two gangs both use never merges them; a case with nothing but that name joins the
    /// gang holding most of its other cases; names held by no formed group group their cases.
    @Test func weakIdentifiersAttachButNeverMerge() {
        let app = X(.app, "清算中心")
        var cases: [[X]] = []
        for _ in 0..<5 { cases.append([X(.url, "aaa123.vip"), app]) }     // 0–4 gang A
        for _ in 0..<3 { cases.append([X(.url, "bbb456.top"), app]) }     // 5–7 gang B
        cases.append([app])                                              // 8: only the name
        cases.append([X(.im_phone, "16500000001")])                      // 9, 10: a pool phone only
        cases.append([X(.im_phone, "16500000001"), X(.qq, "99999")])
        let l = CaseLinker.link(cases: cases)
        #expect(Self.groups(l) == [[0, 1, 2, 3, 4, 8], [5, 6, 7], [9, 10]])
        #expect(l.hubs.contains { $0.identifier == app && $0.reason == .spansClusters && $0.clusters == 2 })
    }

    /// A weak identifier split evenly between two gangs attaches nothing.
    @Test func evenlySplitWeakIdentifierAttachesNothing() {
        let helper = X(.im_helper, "20884644")
        var cases: [[X]] = []
        for _ in 0..<3 { cases.append([X(.qq, "111111"), helper]) }
        for _ in 0..<3 { cases.append([X(.qq, "222222"), helper]) }
        cases.append([helper])
        let l = CaseLinker.link(cases: cases)
        #expect(Self.groups(l) == [[0, 1, 2], [3, 4, 5], [6]])
    }

    /// The result does not depend on the order identifiers are listed in, and is the same twice.
    @Test func deterministic() {
        var rng = SplitMix(7)
        var cases: [[X]] = []
        for c in 0..<300 {
            let gang = c % 6
            var ids = [X(.url, "site\(gang).vip"), X(.qq, "\(10_000 + gang * 100 + Int(rng.next() % 20))"),
                       X(.flow, "acct\(gang)-\(rng.next() % 8)"), X(.app, "app\(gang / 2)"), X(.account, "hub")]
            if rng.next() % 3 == 0 { ids.removeFirst() }
            cases.append(ids)
        }
        let a = CaseLinker.link(cases: cases, hubs: [X(.account, "hub")])
        let b = CaseLinker.link(cases: cases.map { $0.reversed() }, hubs: [X(.account, "hub")])
        #expect(a == b)
        #expect(a.clusters.count == 6)
        for cl in a.clusters { #expect(Set(cl.cases.map { $0 % 6 }).count == 1) }
    }

    /// Random gangs with planted hubs (shared sinks, businesses a few cases' money reached, APP names
    /// shared by pairs of gangs, shared pool phones): every gang comes out whole and alone.
    @Test(arguments: [1, 2, 3] as [UInt64]) func plantedHubs(seed: UInt64) {
        var rng = SplitMix(seed)
        let gangs = 8
        var truth: [Int] = []
        var cases: [[X]] = []
        var hubs: Set<X> = []
        for g in 0..<gangs {
            let size = 20 + Int(rng.next() % 40)
            for _ in 0..<size {
                var ids: [X] = []
                if rng.next() % 10 < 7 { ids.append(X(.qq, "g\(g)q\(rng.next() % 12)")) }
                if rng.next() % 10 < 6 { ids.append(X(.url, "g\(g).vip")) }
                ids.append(X(.account, "g\(g)card\(rng.next() % 10)"))
                ids.append(X(.flow, "g\(g)organizer\(rng.next() % 2)"))
                ids.append(X(.app, "app\(g / 2)"))                          // shared by gang pairs
                ids.append(X(.im_phone, "pool\(g / 4)"))                    // shared by four gangs
                let sink = X(.account, "otc\(rng.next() % 3)")              // shared OTC traders
                ids.append(sink); hubs.insert(sink)
                if rng.next() % 25 == 0 { ids.append(X(.flow, "supermarket\(rng.next() % 2)")) }
                truth.append(g); cases.append(ids)
            }
        }
        let l = CaseLinker.link(cases: cases, hubs: hubs)
        #expect(l.clusters.count == gangs)
        for cl in l.clusters { #expect(Set(cl.cases.map { truth[Int($0)] }).count == 1) }
    }
}
