import GRDB

/// Schema migrations of the embedded store. Each migration is applied once, in order.
///
/// Accounts are interned: every table refers to `account.id` (a card's id is its own number, see
/// `AccountKey`), so the transfer table holds only
/// integers and loads into contiguous arrays quickly. `transfer` has no secondary index on
/// purpose: analyses read it whole into a CSR graph, and bulk imports stay fast. Transfers of
/// mapped datasets (millions of rows, integers only) are stored in columnar blocks
/// (`transfer_block`: one row per up to 65,536 transfers, one little-endian array per column),
/// because SQLite spends about a microsecond on every row it inserts and a block costs one; the tables that
/// are looked up by key (cases, identifiers, calls, tags) are indexed for the queries later
/// features make (case linking, risk queries, call patterns).
enum Schema {
    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE file (
                id INTEGER PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
                bytes INTEGER NOT NULL, rows_read INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0,
                imported_at INTEGER NOT NULL);
            CREATE TABLE account (id INTEGER PRIMARY KEY, number TEXT NOT NULL);
            CREATE UNIQUE INDEX account_text ON account(number) WHERE id BETWEEN -8446744073709551616 AND -2;
            CREATE TABLE account_info (
                account_id INTEGER PRIMARY KEY REFERENCES account(id), holder_name TEXT, holder_id TEXT,
                account_number TEXT, file_id INTEGER);
            CREATE INDEX account_info_holder ON account_info(holder_id);
            CREATE TABLE entry (
                id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER NOT NULL, source INTEGER NOT NULL,
                account_id INTEGER NOT NULL, time INTEGER NOT NULL, amount_fen INTEGER NOT NULL, direction INTEGER NOT NULL,
                balance_fen INTEGER, counterparty_id INTEGER, cp_name TEXT, cp_id TEXT, cp_bank TEXT, summary TEXT,
                currency TEXT, channel TEXT, succeeded INTEGER NOT NULL, ip TEXT, mac TEXT, serial TEXT, remark TEXT,
                user_card_id INTEGER, cp_card_id INTEGER, business_type TEXT, account_number TEXT,
                holder_name TEXT, holder_id TEXT);
            CREATE INDEX entry_account_time ON entry(account_id, time);
            -- The same statement row re-sent in another file (new title line, other encoding) is
            -- kept once: a serial number is unique within a bank account's statement.
            CREATE UNIQUE INDEX entry_row ON entry(source, account_id, serial, time, amount_fen, direction)
                WHERE serial IS NOT NULL;
            CREATE TABLE entry_transfer (entry_id INTEGER PRIMARY KEY, transfer_id INTEGER NOT NULL);
            CREATE INDEX entry_transfer_transfer ON entry_transfer(transfer_id);
            CREATE TABLE transfer (
                id INTEGER PRIMARY KEY, from_id INTEGER, to_id INTEGER, amount_fen INTEGER NOT NULL, time INTEGER NOT NULL,
                channel INTEGER NOT NULL, summary TEXT, funding_id INTEGER, reference TEXT,
                origin INTEGER NOT NULL, file_id INTEGER, line INTEGER);
            CREATE TABLE transfer_block (
                id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, count INTEGER NOT NULL,
                from_ids BLOB NOT NULL, to_ids BLOB NOT NULL, amounts BLOB NOT NULL, times BLOB NOT NULL,
                channels BLOB NOT NULL, lines BLOB NOT NULL, ref_ends BLOB, refs BLOB);
            CREATE TABLE case_report (
                id TEXT PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER NOT NULL, reported_at INTEGER NOT NULL,
                occurred_at INTEGER, victim_name TEXT, victim_id TEXT, victim_phone TEXT, victim_gender TEXT,
                victim_age INTEGER, fraud_type TEXT, narrative TEXT NOT NULL, loss_fen INTEGER NOT NULL, channel TEXT);
            CREATE TABLE case_identifier (
                case_id TEXT NOT NULL, role TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (case_id, role, value));
            CREATE INDEX case_identifier_value ON case_identifier(kind, value);
            CREATE TABLE call_record (
                id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, caller TEXT NOT NULL, callee TEXT NOT NULL,
                type INTEGER NOT NULL, time INTEGER NOT NULL, duration INTEGER NOT NULL);
            CREATE INDEX call_caller ON call_record(caller, time);
            CREATE INDEX call_callee ON call_record(callee, time);
            CREATE TABLE im_account (
                platform TEXT NOT NULL, account TEXT NOT NULL, phone TEXT, registered_at INTEGER, ip TEXT, file_id INTEGER,
                PRIMARY KEY (platform, account));
            CREATE INDEX im_account_phone ON im_account(phone);
            CREATE TABLE im_unblock (
                id INTEGER PRIMARY KEY, platform TEXT NOT NULL, account TEXT NOT NULL, time INTEGER NOT NULL,
                method TEXT NOT NULL, helpers TEXT NOT NULL, file_id INTEGER, UNIQUE (platform, account, time));
            CREATE TABLE order_record (
                waybill TEXT PRIMARY KEY, time INTEGER NOT NULL, recipient_name TEXT, recipient_phone TEXT, address TEXT,
                merchant TEXT NOT NULL, warehouse TEXT NOT NULL, courier TEXT NOT NULL, file_id INTEGER);
            CREATE INDEX order_phone ON order_record(recipient_phone);
            CREATE TABLE tag (
                kind TEXT NOT NULL, value TEXT NOT NULL, label TEXT NOT NULL, source TEXT, file_id INTEGER,
                PRIMARY KEY (kind, value, label));
            CREATE TABLE event (
                id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, time INTEGER NOT NULL, type INTEGER NOT NULL,
                subject TEXT, object TEXT, amount_fen INTEGER, duration INTEGER, channel TEXT, funding TEXT);
            CREATE TABLE reject (file_id INTEGER NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL);
            CREATE INDEX reject_file ON reject(file_id, line);
            """)
        }
        // Per-account digests of the statement rows, refreshed with every derivation, so that
        // loading the graph for analysis does not scan every row: the devices (IP/MAC) each
        // account was operated from, and the 摘要 of the transfers each account received.
        m.registerMigration("v2") { db in
            try db.execute(sql: """
            CREATE TABLE account_device (account_id INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (account_id, device)) WITHOUT ROWID;
            CREATE TABLE account_summary (account_id INTEGER NOT NULL, summary TEXT NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (account_id, summary)) WITHOUT ROWID;
            INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers_stale', '1');
            """)
        }
        // Holder ID numbers that statements give for their counterparties (对手身份证号): the
        // only holder an account without its own statement has.
        m.registerMigration("v3") { db in
            try db.execute(sql: """
            CREATE TABLE counterparty_holder (account_id INTEGER PRIMARY KEY, holder_id TEXT NOT NULL, holder_name TEXT) WITHOUT ROWID;
            INSERT OR REPLACE INTO meta (key, value) VALUES ('transfers_stale', '1');
            """)
        }
        // Predicted 案件类别 (`chainbreaker classify`): where fraud_type came from (NULL: the
        // case file, i.e. the analyst; 'model': the classifier) and the prediction's confidence.
        m.registerMigration("classify-1") { db in
            try db.execute(sql: """
            ALTER TABLE case_report ADD COLUMN fraud_type_source TEXT;
            ALTER TABLE case_report ADD COLUMN fraud_type_confidence REAL;
            """)
        }
        // Server access control: users, SHA-256 digests of their API tokens (never the tokens),
        // and the audit log of every query, lookup and export.
        m.registerMigration("v4") { db in
            try db.execute(sql: """
            CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE token (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id), hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE audit_log (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, user TEXT NOT NULL, role TEXT NOT NULL,
                action TEXT NOT NULL, route TEXT NOT NULL, entity TEXT, result_count INTEGER NOT NULL, status INTEGER NOT NULL);
            CREATE INDEX audit_log_time ON audit_log(time);
            """)
        }
        return m
    }
}
