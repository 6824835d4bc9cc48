import ChainBreakerCore
import ChainBreakerStore
import PostgresNIO

/// Cases and the other records, in the SQLite store's orders (text sorted byte-wise, `COLLATE "C"`).
extension PostgresStore {
    public func loadCases() throws -> [CaseReport] {
        try snapshot("cannot load cases") { db in
            var cases: [CaseReport] = []
            var index: [String: Int] = [:]
            try db.each("""
                SELECT id, line, reported_at, occurred_at, victim_name, victim_id, victim_phone, victim_gender, victim_age,
                       fraud_type, narrative, loss_fen, channel, fraud_type_source, fraud_type_confidence
                FROM case_report ORDER BY id COLLATE "C"
                """) { r in
                let id = try r.text(), line = Int(try r.int()), reported = try r.int(), occurred = try r.intOrNil()
                let vName = try r.textOrNil(), vID = try r.textOrNil(), vPhone = try r.textOrNil(), vGender = try r.textOrNil()
                let vAge = try r.intOrNil(), fraud = try r.textOrNil(), narrative = try r.text(), loss = try r.int()
                let channel = try r.textOrNil(), source = try r.textOrNil(), confidence = try r.doubleOrNil()
                var c = CaseReport(id: id, line: line, reportedAt: Instant(seconds: reported), narrative: narrative, loss: Money(fen: loss))
                c.occurredAt = occurred.map { Instant(seconds: $0) }
                c.victimName = vName; c.victimID = vID; c.victimPhone = vPhone; c.victimGender = vGender
                c.victimAge = vAge.map { Int($0) }; c.fraudType = fraud; c.channel = channel
                if source == "model" { c.fraudTypeConfidence = confidence }
                index[c.id] = cases.count
                cases.append(c)
            }
            try db.each("""
                SELECT case_id, role, value FROM case_identifier ORDER BY case_id COLLATE "C", role COLLATE "C", value COLLATE "C"
                """) { r in
                let caseID = try r.text(), role = try r.text(), value = try r.text()
                guard let i = index[caseID] else { return }
                cases[i].addStoredIdentifier(role: role, value: value)
            }
            return cases
        }
    }

    public func loadCalls() throws -> [CallRecord] {
        try scan("cannot load calls", "SELECT caller, callee, type, time, duration FROM call_record ORDER BY time, id") { r in
            let caller = try r.text(), callee = try r.text(), type = try r.int(), time = try r.int(), duration = try r.int()
            return CallRecord(caller: caller, callee: callee, type: CallType(rawValue: UInt8(truncatingIfNeeded: type)) ?? .voice,
                              time: Instant(seconds: time), duration: Int(duration))
        }
    }

    public func loadIMAccounts() throws -> [IMAccountRecord] {
        try scan("cannot load IM accounts", """
            SELECT platform, account, phone, registered_at, ip FROM im_account ORDER BY platform COLLATE "C", account COLLATE "C"
            """) { r in
            let platform = try r.text(), account = try r.text(), phone = try r.textOrNil(), registered = try r.intOrNil(), ip = try r.textOrNil()
            return IMAccountRecord(platform: IMPlatform(rawValue: platform) ?? .qq, account: account, phone: phone,
                                   registeredAt: registered.map { Instant(seconds: $0) }, ip: ip)
        }
    }

    public func loadIMUnblocks() throws -> [IMUnblockRecord] {
        try scan("cannot load IM unblocks", "SELECT platform, account, time, method, helpers FROM im_unblock ORDER BY time, id") { r in
            let platform = try r.text(), account = try r.text(), time = try r.int(), method = try r.text(), helpers = try r.text()
            return IMUnblockRecord(platform: IMPlatform(rawValue: platform) ?? .qq, account: account, time: Instant(seconds: time),
                                   method: method, helpers: helpers.isEmpty ? [] : helpers.split(separator: ";").map(String.init))
        }
    }

    public func loadTags() throws -> [TagRecord] {
        try scan("cannot load tags", """
            SELECT kind, value, label, source FROM tag ORDER BY kind COLLATE "C", value COLLATE "C", label COLLATE "C"
            """) { r in
            TagRecord(kind: try r.text(), value: try r.text(), label: try r.text(), source: try r.textOrNil())
        }
    }

    public func loadOrders() throws -> [OrderRecord] {
        try scan("cannot load orders", """
            SELECT waybill, time, recipient_name, recipient_phone, address, merchant, warehouse, courier
            FROM order_record ORDER BY time, waybill COLLATE "C"
            """) { r in
            let waybill = try r.text(), time = try r.int(), name = try r.textOrNil(), phone = try r.textOrNil(), address = try r.textOrNil()
            return OrderRecord(waybill: waybill, time: Instant(seconds: time), recipientName: name, recipientPhone: phone, address: address,
                               merchant: try r.text(), warehouse: try r.text(), courier: try r.text())
        }
    }

    public func loadEvents(type: EventType?) throws -> [EventRecord] {
        let filter = type.map { "WHERE type = \($0.rawValue)" } ?? ""
        return try scan("cannot load events", "SELECT type, time, subject, object, amount_fen, duration, channel, funding FROM event \(filter) ORDER BY time, id") { r in
            let type = try r.int(), time = try r.int(), subject = try r.textOrNil(), object = try r.textOrNil()
            let amount = try r.intOrNil(), duration = try r.intOrNil(), channel = try r.textOrNil(), funding = try r.textOrNil()
            return EventRecord(type: EventType(rawValue: UInt8(truncatingIfNeeded: type)) ?? .transfer, time: Instant(seconds: time),
                               subject: subject, object: object, amount: amount.map { Money(fen: $0) }, duration: duration.map { Int($0) },
                               channel: channel, funding: funding)
        }
    }

    private func scan<T>(_ what: String, _ sql: String, _ row: (inout PGRow) throws -> T) throws(StoreError) -> [T] {
        try with(.read, what) { db in try db.all(sql, PGConn.Binds(), row) }
    }
}

/// Users, token digests and the audit log (`AccessStore`).
extension PostgresStore {
    public func addUser(name: String, role: String, at time: Int64) throws(StoreError) -> AccessUser {
        try with(.write, "cannot add user \(name)") { db in
            try db.transaction {
                try db.run("LOCK TABLE app_user IN SHARE ROW EXCLUSIVE MODE")
                if try db.int("SELECT id FROM app_user WHERE name = $1", PGConn.binds { $0.add(name) }) != nil {
                    throw StoreError(.write, "a user named \(name) exists already")
                }
                guard let id = try db.int("INSERT INTO app_user (name, role, created_at) VALUES ($1, $2, $3) RETURNING id",
                                          PGConn.binds { $0.add(name); $0.add(role); $0.add(time) }) else {
                    throw StoreError(.write, "cannot add user \(name)")
                }
                return AccessUser(id: id, name: name, role: role, createdAt: time)
            }
        }
    }

    public func loadUsers() throws(StoreError) -> [AccessUser] {
        try with(.read, "cannot read users") { db in
            try db.all("SELECT id, name, role, created_at FROM app_user ORDER BY name COLLATE \"C\"") { r in
                AccessUser(id: try r.int(), name: try r.text(), role: try r.text(), createdAt: try r.int())
            }
        }
    }

    public func addToken(user: String, hashHex: String, at time: Int64) throws(StoreError) -> AccessToken {
        try with(.write, "cannot create a token for \(user)") { db in
            try db.transaction {
                let users = try db.all("SELECT id, name, role, created_at FROM app_user WHERE name = $1 FOR SHARE", PGConn.binds { $0.add(user) }) { r in
                    AccessUser(id: try r.int(), name: try r.text(), role: try r.text(), createdAt: try r.int())
                }
                guard let u = users.first else { throw StoreError(.read, "no user named \(user)") }
                guard let id = try db.int("INSERT INTO token (user_id, hash, created_at) VALUES ($1, $2, $3) RETURNING id",
                                          PGConn.binds { $0.add(u.id); $0.add(hashHex); $0.add(time) }) else {
                    throw StoreError(.write, "cannot create a token for \(user)")
                }
                return AccessToken(id: id, hashHex: hashHex, user: u, createdAt: time, revoked: false)
            }
        }
    }

    public func loadTokens() throws(StoreError) -> [AccessToken] {
        try with(.read, "cannot read tokens") { db in
            try db.all("""
                SELECT t.id, t.hash, t.created_at, t.revoked, u.id, u.name, u.role, u.created_at
                FROM token t JOIN app_user u ON u.id = t.user_id ORDER BY t.id
                """) { r in
                let id = try r.int(), hash = try r.text(), created = try r.int(), revoked = try r.bool()
                let u = AccessUser(id: try r.int(), name: try r.text(), role: try r.text(), createdAt: try r.int())
                return AccessToken(id: id, hashHex: hash, user: u, createdAt: created, revoked: revoked)
            }
        }
    }

    public func revokeTokens(user: String?, hashHex: String?) throws(StoreError) -> Int {
        try with(.write, "cannot revoke tokens") { db in
            Int(try db.int("""
                WITH r AS (UPDATE token SET revoked = true
                           WHERE NOT revoked AND (hash = $1 OR user_id IN (SELECT id FROM app_user WHERE name = $2))
                           RETURNING 1)
                SELECT count(*) FROM r
                """, PGConn.binds { $0.add(hashHex); $0.add(user) }) ?? 0)
        }
    }

    public func appendAudit(_ rows: [AuditEntry]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        var time = PGArray.int8(), user = PGArray.text(), role = PGArray.text(), action = PGArray.text(), route = PGArray.text()
        var entity = PGArray.text(), results = PGArray.int8(), status = PGArray.int4()
        for r in rows {
            time.append(r.time); user.append(r.user); role.append(r.role); action.append(r.action); route.append(r.route)
            entity.append(r.entity); results.append(r.resultCount); status.append(r.status)
        }
        try with(.write, "cannot append to the audit log") { db in
            try db.run("""
                INSERT INTO audit_log (time, "user", role, action, route, entity, result_count, status)
                SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int8[], $8::int4[])
                """, PGConn.binds {
                    $0.add(time); $0.add(user); $0.add(role); $0.add(action); $0.add(route); $0.add(entity); $0.add(results); $0.add(status)
                })
        }
    }

    public func loadAudit(limit: Int) throws(StoreError) -> [AuditEntry] {
        try with(.read, "cannot read the audit log") { db in
            try db.all("""
                SELECT time, "user", role, action, route, entity, result_count, status FROM audit_log ORDER BY id DESC LIMIT $1
                """, PGConn.binds { $0.add(max(0, limit)) }) { r in
                AuditEntry(time: try r.int(), user: try r.text(), role: try r.text(), action: try r.text(), route: try r.text(),
                           entity: try r.textOrNil(), resultCount: Int(try r.int()), status: Int(try r.int()))
            }
        }
    }
}
