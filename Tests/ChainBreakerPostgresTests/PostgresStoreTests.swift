import ChainBreakerCore
import ChainBreakerIngest
@testable import ChainBreakerPostgres
import ChainBreakerStore
import Foundation
import PostgresNIO
import Testing

/// The behaviour `SQLiteStoreTests` pins, on PostgreSQL, plus every loader and the access tables.
@Suite(.enabled(if: PGTest.enabled, PGTest.skipReason))
struct PostgresStoreTests {
    func entry(_ a: String, _ d: Direction, _ cp: String, _ fen: Int64, _ t: Int64, serial: String? = nil, line: Int = 2) -> StatementEntry {
        var e = StatementEntry(source: .bank, line: line, account: a, time: Instant(seconds: t), amount: Money(fen: fen), direction: d)
        e.counterparty = cp
        e.serial = serial
        return e
    }

    @Test func importIsAtomic() throws {
        try PGTest.withStore { store in
            struct Boom: Error {}
            #expect(throws: Boom.self) {
                _ = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "d1", byteCount: 1)) { s in
                    try s.add(.entries([entry("A", .debit, "B", 100, 0)]))
                    try s.reject([RejectedRow(file: "a.csv", line: 3, reason: "bad")])
                    throw Boom()
                }
            }
            #expect(try store.counts() == StoreCounts())
            #expect(!(try store.needsDerivation()))
            // The same digest imports afterwards: nothing of the failed attempt remained.
            let again = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "d1", byteCount: 1)) { s in
                try s.add(.entries([entry("A", .debit, "B", 100, 0)]))
            }
            #expect(again?.entries == 1)
        }
    }

    @Test func sameDigestImportsOnce() throws {
        try PGTest.withStore { store in
            let info = FileInfo(path: "a.csv", kind: .statement, digest: "d1", byteCount: 1)
            let first = try store.importFile(info) { try $0.add(.entries([self.entry("A", .debit, "B", 100, 0)])) }
            #expect(first?.entries == 1)
            var called = false
            let second = try store.importFile(info) { _ in called = true }
            #expect(second == nil)
            #expect(!called)
            let c = try store.counts()
            #expect(c.entries == 1 && c.files == 1)
        }
    }

    @Test func derivationIsOrderIndependentAndIdempotent() throws {
        try PGTest.withStore { store in
            _ = try store.importFile(FileInfo(path: "b.csv", kind: .statement, digest: "b", byteCount: 1)) {
                try $0.add(.entries([self.entry("B", .credit, "A", 100, 30), self.entry("B", .debit, "C", 60, 100)]))
            }
            #expect(try store.needsDerivation())
            #expect(try store.deriveStatementTransfers().transfers == 2)
            #expect(try store.derivedTransferCount() == 2)
            _ = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "a", byteCount: 1)) {
                try $0.add(.entries([self.entry("A", .debit, "B", 100, 0)]))
            }
            #expect(try store.needsDerivation())
            let r = try store.deriveStatementTransfers()
            #expect(r.transfers == 2 && r.pairsMatched == 1 && r.entries == 3)
            #expect(try store.deriveStatementTransfers() == r)
            #expect(!(try store.needsDerivation()))
            let table = try store.loadTransfers()
            #expect(table.count == 2)
            #expect(table.amountFen == [100, 60])
            #expect(table.time == [0, 100])
            #expect(table.accounts[Int(table.from[0])] == "A" && table.accounts[Int(table.to[0])] == "B")
            #expect(table.accounts[Int(table.from[1])] == "B" && table.accounts[Int(table.to[1])] == "C")
            // Text accounts take ids downwards from −2 in order of first sight: B, A, C → C < A < B.
            #expect(table.accounts == ["C", "A", "B"])
            #expect(try store.counts().transfers == 2)
        }
    }

    @Test func columnTransfersAndRejects() throws {
        try PGTest.withStore { store in
            var cols = TransferColumns()
            cols.from = [6_222_000_000_000_000_001, AccountCode.stringBase, 9_500_000_000_000_000_001]
            cols.to = [6_222_000_000_000_000_002, AccountCode.none, 6_222_000_000_000_000_001]
            cols.strings = ["0123"]
            cols.amountFen = [500, 700, 9]; cols.time = [10, 20, 30]; cols.channel = [0, 1, 0]; cols.line = [2, 3, 5]
            cols.channelNames = ["", "ATM"]
            cols.idBytes = Array("t1t2t3".utf8); cols.idEnds = [2, 4, 6]
            let counts = try store.importFile(FileInfo(path: "t.csv", kind: .transfers, digest: "t", byteCount: 1)) { s in
                try s.add(.transfers(cols))
                try s.reject([RejectedRow(file: "t.csv", line: 4, reason: "unreadable amount 'x'")])
            }
            #expect(counts?.transfers == 3)
            #expect(!(try store.needsDerivation()))
            let t = try store.loadTransfers()
            #expect(t.count == 3)
            // Dense ids in account.id order: numbers as signed 64-bit integers (9500000000000000001
            // wraps far below zero), the text id (−2), then the positive numbers.
            #expect(t.accounts == ["9500000000000000001", "0123", "6222000000000000001", "6222000000000000002"])
            #expect(t.accounts[Int(t.from[1])] == "0123" && t.to[1] == -1)
            #expect(t.amountFen == [500, 700, 9] && t.time == [10, 20, 30])
            #expect(t.channel == [TransferChannel.bank.rawValue, TransferChannel.atm.rawValue, TransferChannel.bank.rawValue])
            #expect(t.accounts[Int(t.from[2])] == "9500000000000000001")
            #expect(try store.rejects() == [RejectedRow(file: "t.csv", line: 4, reason: "unreadable amount 'x'")])
            let c = try store.counts()
            #expect(c.transfers == 3 && c.accounts == 4 && c.rejects == 1 && c.files == 1)
        }
    }

    @Test func rejectsInFileAndLineOrder() throws {
        try PGTest.withStore { store in
            _ = try store.importFile(FileInfo(path: "x.csv", kind: .calls, digest: "x", byteCount: 1)) { s in
                try s.reject([RejectedRow(file: "x.csv", line: 9, reason: "late"), RejectedRow(file: "x.csv", line: 3, reason: "early")])
                try s.reject([RejectedRow(file: "x.csv", line: 5, reason: "middle")])
            }
            _ = try store.importFile(FileInfo(path: "a.csv", kind: .calls, digest: "a", byteCount: 1)) { s in
                try s.reject([RejectedRow(file: "a.csv", line: 1, reason: "first of the second file")])
            }
            #expect(try store.rejects() == [
                RejectedRow(file: "x.csv", line: 3, reason: "early"), RejectedRow(file: "x.csv", line: 5, reason: "middle"),
                RejectedRow(file: "x.csv", line: 9, reason: "late"), RejectedRow(file: "a.csv", line: 1, reason: "first of the second file"),
            ])
        }
    }

    @Test func statementRowsAreUniqueOnAccountSerialTimeAmountDirection() throws {
        try PGTest.withStore { store in
            let rows = [entry("6222000000000000001", .debit, "B", 100, 0, serial: "S1"), entry("6222000000000000001", .debit, "B", 100, 0, serial: "S1", line: 3),
                        entry("6222000000000000001", .debit, "B", 100, 0, serial: "S2"), entry("6222000000000000001", .debit, "B", 100, 0)]
            let first = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "a", byteCount: 1)) { try $0.add(.entries(rows)) }
            #expect(first?.entries == 3)   // the repeated S1 row is dropped; rows without a serial are all kept
            let second = try store.importFile(FileInfo(path: "a-gbk.csv", kind: .statement, digest: "a2", byteCount: 1)) {
                try $0.add(.entries([self.entry("6222000000000000001", .debit, "B", 100, 0, serial: "S1"),
                                     self.entry("6222000000000000001", .credit, "B", 100, 0, serial: "S1")]))
            }
            #expect(second?.entries == 1)  // same serial, other direction: a new row
            #expect(try store.counts().entries == 4)
        }
    }

    @Test func holderFactsDevicesAndSummaries() throws {
        try PGTest.withStore { store in
            var a1 = entry("6222000000000000001", .debit, "6222000000000000002", 500, 10)
            a1.holderName = "张三"; a1.holderID = "110101199001011234"; a1.ip = "10.0.0.1"; a1.summary = "转账"
            a1.counterpartyID = "110101199202022345"; a1.counterpartyName = "李四"
            var a2 = entry("6222000000000000001", .debit, "6222000000000000003", 700, 20)
            a2.mac = "AA-BB"; a2.summary = "话费"; a2.holderName = nil
            _ = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "a", byteCount: 1)) { try $0.add(.entries([a1, a2])) }
            _ = try store.importFile(FileInfo(path: "tags.csv", kind: .tags, digest: "t", byteCount: 1)) {
                try $0.add(.tags([TagRecord(kind: "account", value: "6222000000000000003", label: "涉诈", source: "x"),
                                  TagRecord(kind: "phone", value: "13800000000", label: "涉诈", source: nil)]))
            }
            _ = try store.deriveStatementTransfers()
            let (t, f) = try store.loadGraph()
            let ix = Dictionary(uniqueKeysWithValues: t.accounts.enumerated().map { ($1, $0) })
            let a = ix["6222000000000000001"]!, b = ix["6222000000000000002"]!, c = ix["6222000000000000003"]!
            #expect(f.hasStatement == t.accounts.map { $0 == "6222000000000000001" })
            #expect(f.holderName[a] == "张三" && f.holderID[a] == "110101199001011234")
            #expect(f.holderID[b] == "110101199202022345" && f.holderName[b] == "李四")
            #expect(f.holderID[c] == nil)
            #expect(f.tags.map { "\($0.account):\($0.label)" } == ["\(c):涉诈"])
            #expect(f.devices.map { "\($0.account):\($0.device)" }.sorted() == ["\(a):ip:10.0.0.1", "\(a):mac:AA-BB"])
            #expect(f.incomingSummaries.map { "\($0.account):\($0.summary):\($0.count)" }.sorted() == ["\(b):转账:1", "\(c):话费:1"])
        }
    }

    @Test func recordsRoundTrip() throws {
        try PGTest.withStore { store in
            var c1 = CaseReport(id: "J2", line: 3, reportedAt: Instant(seconds: 500), narrative: "刷单返利", loss: Money(fen: 1_000_000))
            c1.occurredAt = Instant(seconds: 400); c1.victimName = "王五"; c1.victimID = "110101199001011234"; c1.victimPhone = "13900000000"
            c1.victimGender = "女"; c1.victimAge = 31; c1.fraudType = "刷单"; c1.channel = "QQ"
            c1.suspectPhones = ["13800000001", "13800000000"]; c1.suspectQQ = ["12345"]; c1.suspectWeChat = ["wxid_a"]
            c1.urls = ["http://x.cn"]; c1.apps = ["某App"]; c1.victimAccounts = ["6222000000000000001"]; c1.payeeAccounts = ["6222000000000000009"]
            let c2 = CaseReport(id: "J10", line: 2, reportedAt: Instant(seconds: 100), narrative: "冒充客服", loss: Money(fen: 5))
            var c2old = c2; c2old.narrative = "old"
            let calls = [CallRecord(caller: "13800000000", callee: "13900000000", type: .voice, time: Instant(seconds: 20), duration: 60),
                         CallRecord(caller: "13800000001", callee: "13900000000", type: .sms, time: Instant(seconds: 10), duration: 0)]
            let im = [IMAccountRecord(platform: .wechat, account: "wxid_a", phone: "13800000000", registeredAt: Instant(seconds: 1), ip: "1.2.3.4"),
                      IMAccountRecord(platform: .qq, account: "12345", phone: nil, registeredAt: nil, ip: nil),
                      IMAccountRecord(platform: .qq, account: "12345", phone: "13800000009", registeredAt: nil, ip: nil)]
            let unblocks = [IMUnblockRecord(platform: .qq, account: "12345", time: Instant(seconds: 50), method: "好友辅助", helpers: ["1", "2"]),
                            IMUnblockRecord(platform: .qq, account: "12345", time: Instant(seconds: 50), method: "dup", helpers: []),
                            IMUnblockRecord(platform: .wechat, account: "wxid_a", time: Instant(seconds: 40), method: "短信", helpers: [])]
            let orders = [OrderRecord(waybill: "SF2", time: Instant(seconds: 9), recipientName: "王五", recipientPhone: "13900000000", address: "北京",
                                      merchant: "m", warehouse: "w", courier: "顺丰"),
                          OrderRecord(waybill: "SF1", time: Instant(seconds: 9), recipientName: nil, recipientPhone: nil, address: nil,
                                      merchant: "m", warehouse: "w", courier: "顺丰")]
            let tags = [TagRecord(kind: "phone", value: "13800000000", label: "涉诈", source: "a"),
                        TagRecord(kind: "account", value: "6222000000000000009", label: "冻结", source: nil),
                        TagRecord(kind: "phone", value: "13800000000", label: "涉诈", source: "b")]
            let events = [EventRecord(type: .transfer, time: Instant(seconds: 30), subject: "A", object: "B", amount: Money(fen: 100), channel: "bank", funding: "C"),
                          EventRecord(type: .call, time: Instant(seconds: 5), subject: "13800000000", object: "13900000000", duration: 30),
                          EventRecord(type: .urlVisit, time: Instant(seconds: 30), subject: "13900000000", object: "http://x.cn")]
            let counts = try store.importFile(FileInfo(path: "all", kind: .cases, digest: "all", byteCount: 1)) { s in
                try s.add(.cases([c2old, c1, c2])); try s.add(.calls(calls)); try s.add(.imAccounts(im)); try s.add(.imUnblocks(unblocks))
                try s.add(.orders(orders)); try s.add(.tags(tags)); try s.add(.events(events))
            }
            #expect(counts?.cases == 3 && counts?.calls == 2 && counts?.imAccounts == 3 && counts?.imUnblocks == 2)
            #expect(counts?.orders == 2 && counts?.tags == 3 && counts?.events == 3)
            var c1sorted = c1
            c1sorted.suspectPhones.sort()
            #expect(try store.loadCases() == [c2, c1sorted])   // byte order: "J10" < "J2"
            #expect(try store.loadCalls() == [calls[1], calls[0]])
            #expect(try store.loadIMAccounts() == [im[2], im[0]])   // "QQ" < "微信"; the last row of a key wins
            #expect(try store.loadIMUnblocks() == [unblocks[2], unblocks[0]])   // the repeated (platform, account, time) ignored
            #expect(try store.loadOrders() == [orders[1], orders[0]])
            #expect(try store.loadTags() == [tags[1], tags[2]])
            #expect(try store.loadEvents(type: nil) == [events[1], events[0], events[2]])
            #expect(try store.loadEvents(type: .transfer) == [events[0]])
            let c = try store.counts()
            #expect(c.cases == 2 && c.calls == 2 && c.imAccounts == 2 && c.imUnblocks == 2 && c.orders == 2 && c.tags == 2 && c.events == 3)
        }
    }

    @Test func predictedCategoriesKeepAnalystLabels() throws {
        try PGTest.withStore { store in
            var analyst = CaseReport(id: "A1", line: 2, reportedAt: Instant(seconds: 1), narrative: "n", loss: Money(fen: 1))
            analyst.fraudType = "冒充公检法"
            let empty = CaseReport(id: "B1", line: 3, reportedAt: Instant(seconds: 1), narrative: "n", loss: Money(fen: 1))
            var blank = CaseReport(id: "C1", line: 4, reportedAt: Instant(seconds: 1), narrative: "n", loss: Money(fen: 1))
            blank.fraudType = "  "
            _ = try store.importFile(FileInfo(path: "cases.csv", kind: .cases, digest: "c", byteCount: 1)) { try $0.add(.cases([analyst, empty, blank])) }
            let r = try store.setPredictedCaseCategories([
                CaseCategoryPrediction(caseID: "A1", category: "刷单返利", confidence: 0.9),
                CaseCategoryPrediction(caseID: "B1", category: "刷单返利", confidence: 0.75),
                CaseCategoryPrediction(caseID: "C1", category: "网络贷款", confidence: 0.5),
                CaseCategoryPrediction(caseID: "nope", category: "x", confidence: 1),
            ])
            #expect(r == CaseCategoryCounts(written: 2, keptAnalyst: 1))
            var cases = try store.loadCases()
            #expect(cases.map(\.fraudType) == ["冒充公检法", "刷单返利", "网络贷款"])
            #expect(cases.map(\.fraudTypeConfidence) == [nil, 0.75, 0.5])
            // A later prediction replaces an earlier one; the analyst's label still stands.
            let again = try store.setPredictedCaseCategories([CaseCategoryPrediction(caseID: "B1", category: "网络贷款", confidence: 0.6),
                                                              CaseCategoryPrediction(caseID: "A1", category: "网络贷款", confidence: 0.6)])
            #expect(again == CaseCategoryCounts(written: 1, keptAnalyst: 1))
            cases = try store.loadCases()
            #expect(cases[1].fraudType == "网络贷款" && cases[1].fraudTypeConfidence == 0.6)
            #expect(try store.setPredictedCaseCategories([]) == CaseCategoryCounts())
            // Re-importing a case (new file) replaces the row: its category is the file's again.
            _ = try store.importFile(FileInfo(path: "cases2.csv", kind: .cases, digest: "c2", byteCount: 1)) { try $0.add(.cases([empty])) }
            cases = try store.loadCases()
            #expect(cases[1].fraudType == nil && cases[1].fraudTypeConfidence == nil)
        }
    }

    @Test func usersTokensAndAudit() throws {
        try PGTest.withStore { store in
            let u = try store.addUser(name: "li", role: "analyst", at: 100)
            _ = try store.addUser(name: "api", role: "api-client", at: 101)
            #expect(u.name == "li" && u.role == "analyst" && u.createdAt == 100)
            do { _ = try store.addUser(name: "li", role: "supervisor", at: 102); Issue.record("a duplicate user was added") } catch {
                #expect((error as? StoreError)?.code == .write)
            }
            #expect(try store.loadUsers().map(\.name) == ["api", "li"])
            let t = try store.addToken(user: "li", hashHex: String(repeating: "ab", count: 32), at: 200)
            #expect(t.user == u && !t.revoked)
            do { _ = try store.addToken(user: "nobody", hashHex: "00", at: 1); Issue.record("a token for no user") } catch {
                #expect((error as? StoreError)?.code == .read)
            }
            #expect(try store.loadTokens() == [t])
            let t2 = try store.addToken(user: "li", hashHex: String(repeating: "cd", count: 32), at: 201)
            _ = try store.addToken(user: "api", hashHex: String(repeating: "ef", count: 32), at: 202)
            #expect(try store.revokeTokens(user: nil, hashHex: t.hashHex) == 1)
            #expect(try store.revokeTokens(user: nil, hashHex: t.hashHex) == 0)            // already revoked
            #expect(try store.revokeTokens(user: "li", hashHex: nil) == 1)                 // t2 only
            #expect(try store.loadTokens().map(\.revoked) == [true, true, false])
            #expect(try store.loadTokens()[1].id == t2.id)
            let rows = (0..<5).map { AuditEntry(time: Int64($0), user: "li", role: "analyst", action: "risk", route: "/api/v1/risk",
                                                entity: $0 == 2 ? nil : "acct\($0)", resultCount: $0, status: 200) }
            try store.appendAudit(Array(rows[0..<3]))
            try store.appendAudit(Array(rows[3...]))
            try store.appendAudit([])
            #expect(try store.loadAudit(limit: 2) == [rows[4], rows[3]])
            #expect(try store.loadAudit(limit: 10) == rows.reversed())
        }
    }

    /// Blocking an event-loop thread on the database would deadlock: the store refuses instead.
    @Test func refusesToBlockAnEventLoop() throws {
        try PGTest.withStore { store in
            let result = try MultiThreadedEventLoopGroup.singleton.next().submit { () -> String in
                do { _ = try store.counts(); return "answered" } catch { return "\(error)" }
            }.wait()
            #expect(result.contains("event-loop thread"))
            #expect(try store.counts() == StoreCounts())   // and works from a plain thread
        }
    }

    @Test func concurrentReadersAndOneWriter() throws {
        try PGTest.withStore { store in
            _ = try store.importFile(FileInfo(path: "a.csv", kind: .statement, digest: "a", byteCount: 1)) {
                try $0.add(.entries([self.entry("A", .debit, "B", 100, 0)]))
            }
            let errors = ErrorList()
            DispatchQueue.concurrentPerform(iterations: 8) { k in
                do {
                    if k % 2 == 0 {
                        _ = try store.importFile(FileInfo(path: "f\(k).csv", kind: .statement, digest: "f\(k % 4)", byteCount: 1)) {
                            try $0.add(.entries([self.entry("A\(k)", .debit, "B", 100, Int64(k))]))
                        }
                    } else {
                        _ = try store.counts(); _ = try store.loadGraph()
                    }
                } catch { errors.add("\(error)") }
            }
            #expect(errors.all.isEmpty)
            // Digests f0 and f2 (k = 0, 4 and 2, 6): each imported once.
            #expect(try store.counts().files == 3)
        }
    }
}

final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ e: String) { lock.lock(); list.append(e); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}

/// URL parsing and connection failures: no server needed.
@Suite struct PostgresLocationTests {
    @Test func parsesURLs() throws {
        let a = try PostgresLocation(url: "postgres://cb:s%40cret@db.example:6543/chain?sslmode=require&schema=cb1&connect_timeout=3")
        #expect(a.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(a.user == "cb" && a.password == "s@cret" && a.database == "chain" && a.schema == "cb1")
        #expect(a.tls == .require && a.connectTimeoutSeconds == 3)
        #expect(a.description == "postgres://cb:***@db.example:6543/chain?schema=cb1")
        let b = try PostgresLocation(url: "postgresql://me@/chain?host=/tmp/pg&port=5433")
        #expect(b.endpoint == .socket(path: "/tmp/pg/.s.PGSQL.5433") && b.user == "me" && b.password == nil)
        let c = try PostgresLocation(url: "postgres://me@%2Fvar%2Frun%2Fpostgresql/x")
        #expect(c.endpoint == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        let d = try PostgresLocation(url: "postgres://[::1]:5555/x?sslmode=disable")
        #expect(d.endpoint == .tcp(host: "::1", port: 5555) && d.user == "postgres" && d.tls == .disable)
        #expect(PostgresLocation.isURL("POSTGRES://x") && !PostgresLocation.isURL("chainbreaker.db") && !PostgresLocation.isURL("/tmp/postgres.db"))
        #expect(PostgresLocation.redacted("postgres://u:pw@h/db") == "postgres://u:***@h/db")
        for bad in ["postgres://h:notaport/db", "postgres://h/db?sslmode=maybe", "postgres://h/db?schema=Bad-Name", "postgres://h/db?wat=1", "sqlite.db"] {
            #expect(throws: StoreError.self) { _ = try PostgresLocation(url: bad) }
        }
    }

    @Test func unreachableServerFailsQuicklyWithAClearError() throws {
        let t0 = Date()
        do {
            _ = try PostgresStore(url: "postgres://nobody:pw@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
            Issue.record("connected to nothing")
        } catch {
            #expect(error.code == .open)
            #expect(error.message.contains("cannot connect to PostgreSQL at postgres://nobody:***@127.0.0.1:1/none"))
            #expect(!error.description.contains("pw@"))
        }
        #expect(Date().timeIntervalSince(t0) < 6)
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        // A socket that accepts connections and never speaks: the connect timeout must end the wait.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 4)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        let t0 = Date()
        #expect(throws: StoreError.self) {
            _ = try PostgresStore(url: "postgres://u@127.0.0.1:\(port)/db?sslmode=disable&connect_timeout=1")
        }
        #expect(Date().timeIntervalSince(t0) < 6)
    }
}
