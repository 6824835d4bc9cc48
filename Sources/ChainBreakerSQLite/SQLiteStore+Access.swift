import ChainBreakerStore
import GRDB

/// Users, token digests and the audit log (`AccessStore`).
extension SQLiteStore {
    public func addUser(name: String, role: String, at time: Int64) throws(StoreError) -> AccessUser {
        try SQLiteStore.wrap(.write, "cannot add user \(name)") {
            try pool.write { db in
                if try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE name = ?", arguments: [name]) != nil {
                    throw StoreError(.write, "a user named \(name) exists already")
                }
                try db.execute(sql: "INSERT INTO user (name, role, created_at) VALUES (?, ?, ?)", arguments: [name, role, time])
                return AccessUser(id: db.lastInsertedRowID, name: name, role: role, createdAt: time)
            }
        }
    }

    public func loadUsers() throws(StoreError) -> [AccessUser] {
        try SQLiteStore.wrap(.read, "cannot read users") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, role, created_at FROM user ORDER BY name")
                    .map { AccessUser(id: $0[0], name: $0[1], role: $0[2], createdAt: $0[3]) }
            }
        }
    }

    public func addToken(user: String, hashHex: String, at time: Int64) throws(StoreError) -> AccessToken {
        try SQLiteStore.wrap(.write, "cannot create a token for \(user)") {
            try pool.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT id, name, role, created_at FROM user WHERE name = ?", arguments: [user]) else {
                    throw StoreError(.read, "no user named \(user)")
                }
                let u = AccessUser(id: row[0], name: row[1], role: row[2], createdAt: row[3])
                try db.execute(sql: "INSERT INTO token (user_id, hash, created_at) VALUES (?, ?, ?)", arguments: [u.id, hashHex, time])
                return AccessToken(id: db.lastInsertedRowID, hashHex: hashHex, user: u, createdAt: time, revoked: false)
            }
        }
    }

    public func loadTokens() throws(StoreError) -> [AccessToken] {
        try SQLiteStore.wrap(.read, "cannot read tokens") {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT t.id, t.hash, t.created_at, t.revoked, u.id, u.name, u.role, u.created_at
                    FROM token t JOIN user u ON u.id = t.user_id ORDER BY t.id
                    """).map {
                    AccessToken(id: $0[0], hashHex: $0[1], user: AccessUser(id: $0[4], name: $0[5], role: $0[6], createdAt: $0[7]),
                                createdAt: $0[2], revoked: ($0[3] as Int64) != 0)
                }
            }
        }
    }

    public func revokeTokens(user: String?, hashHex: String?) throws(StoreError) -> Int {
        try SQLiteStore.wrap(.write, "cannot revoke tokens") {
            try pool.write { db in
                try db.execute(sql: """
                    UPDATE token SET revoked = 1
                    WHERE revoked = 0 AND (hash = ? OR user_id IN (SELECT id FROM user WHERE name = ?))
                    """, arguments: [hashHex, user])
                return db.changesCount
            }
        }
    }

    public func appendAudit(_ rows: [AuditEntry]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        try SQLiteStore.wrap(.write, "cannot append to the audit log") {
            try pool.write { db in
                let st = try RawStatement(db, "INSERT INTO audit_log (time, user, role, action, route, entity, result_count, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                for r in rows {
                    st.bind(1, r.time); st.bind(2, r.user as String?); st.bind(3, r.role as String?); st.bind(4, r.action as String?)
                    st.bind(5, r.route as String?); st.bind(6, r.entity)
                    st.bind(7, r.resultCount); st.bind(8, r.status)
                    try st.run()
                }
            }
        }
    }

    public func loadAudit(limit: Int) throws(StoreError) -> [AuditEntry] {
        try SQLiteStore.wrap(.read, "cannot read the audit log") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT time, user, role, action, route, entity, result_count, status FROM audit_log ORDER BY id DESC LIMIT ?",
                                 arguments: [max(0, limit)]).map {
                    AuditEntry(time: $0[0], user: $0[1], role: $0[2], action: $0[3], route: $0[4], entity: $0[5], resultCount: $0[6], status: $0[7])
                }
            }
        }
    }
}
