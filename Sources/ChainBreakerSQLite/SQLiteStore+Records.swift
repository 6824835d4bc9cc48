import ChainBreakerCore
import ChainBreakerStore
import GRDB

/// Bulk readers for the non-transfer records (calls, IM accounts and unblocks, tags, orders) used
/// by gang mining, case linking, leak finding and warning. Each is one sequential scan through a
/// prepared statement (no Codable), in a stable order.
extension SQLiteStore {
    public func loadCalls() throws -> [CallRecord] {
        try scan("cannot load calls", "SELECT caller, callee, type, time, duration FROM call_record ORDER BY time, id") { st in
            CallRecord(caller: st.text(column: 0), callee: st.text(column: 1), type: CallType(rawValue: UInt8(st.int64(column: 2))) ?? .voice,
                       time: Instant(seconds: st.int64(column: 3)), duration: Int(st.int64(column: 4)))
        }
    }

    public func loadIMAccounts() throws -> [IMAccountRecord] {
        try scan("cannot load IM accounts", "SELECT platform, account, phone, registered_at, ip FROM im_account ORDER BY platform, account") { st in
            IMAccountRecord(platform: IMPlatform(rawValue: st.text(column: 0)) ?? .qq, account: st.text(column: 1),
                            phone: st.isNull(column: 2) ? nil : st.text(column: 2),
                            registeredAt: st.isNull(column: 3) ? nil : Instant(seconds: st.int64(column: 3)),
                            ip: st.isNull(column: 4) ? nil : st.text(column: 4))
        }
    }

    public func loadIMUnblocks() throws -> [IMUnblockRecord] {
        try scan("cannot load IM unblocks", "SELECT platform, account, time, method, helpers FROM im_unblock ORDER BY time, id") { st in
            let helpers = st.text(column: 4)
            return IMUnblockRecord(platform: IMPlatform(rawValue: st.text(column: 0)) ?? .qq, account: st.text(column: 1),
                                   time: Instant(seconds: st.int64(column: 2)), method: st.text(column: 3),
                                   helpers: helpers.isEmpty ? [] : helpers.split(separator: ";").map(String.init))
        }
    }

    public func loadTags() throws -> [TagRecord] {
        try scan("cannot load tags", "SELECT kind, value, label, source FROM tag ORDER BY kind, value, label") { st in
            TagRecord(kind: st.text(column: 0), value: st.text(column: 1), label: st.text(column: 2),
                      source: st.isNull(column: 3) ? nil : st.text(column: 3))
        }
    }

    public func loadOrders() throws -> [OrderRecord] {
        try scan("cannot load orders", """
            SELECT waybill, time, recipient_name, recipient_phone, address, merchant, warehouse, courier
            FROM order_record ORDER BY time, waybill
            """) { st in
            OrderRecord(waybill: st.text(column: 0), time: Instant(seconds: st.int64(column: 1)),
                        recipientName: st.isNull(column: 2) ? nil : st.text(column: 2),
                        recipientPhone: st.isNull(column: 3) ? nil : st.text(column: 3),
                        address: st.isNull(column: 4) ? nil : st.text(column: 4),
                        merchant: st.text(column: 5), warehouse: st.text(column: 6), courier: st.text(column: 7))
        }
    }

    public func loadEvents(type: EventType?) throws -> [EventRecord] {
        let filter = type.map { "WHERE type = \($0.rawValue)" } ?? ""
        return try scan("cannot load events", "SELECT type, time, subject, object, amount_fen, duration, channel, funding FROM event \(filter) ORDER BY time, id") { st in
            EventRecord(type: EventType(rawValue: UInt8(truncatingIfNeeded: st.int64(column: 0))) ?? .transfer, time: Instant(seconds: st.int64(column: 1)),
                        subject: st.isNull(column: 2) ? nil : st.text(column: 2), object: st.isNull(column: 3) ? nil : st.text(column: 3),
                        amount: st.isNull(column: 4) ? nil : Money(fen: st.int64(column: 4)),
                        duration: st.isNull(column: 5) ? nil : Int(st.int64(column: 5)),
                        channel: st.isNull(column: 6) ? nil : st.text(column: 6), funding: st.isNull(column: 7) ? nil : st.text(column: 7))
        }
    }

    private func scan<T>(_ what: String, _ sql: String, _ row: (RawStatement) -> T) throws -> [T] {
        try SQLiteStore.wrap(.read, what) {
            try pool.read { db in
                let st = try RawStatement(db, sql)
                var out: [T] = []
                while try st.step() { out.append(row(st)) }
                return out
            }
        }
    }
}
