/// One row of a requested account's statement (bank) or WeChat Pay feedback (tenpay), kept in
/// compact binary form until the files are written. 48 bytes.
struct StmtRow {
    var time: Int64
    var amount: Int64           // positive
    var balance: Int64          // after the row (unchanged for failed rows and card-funded payments)
    var serial: UInt32          // bank: per-bank running number; tenpay: order number
    var cp: Int32               // counterparty account; -1 = none (cash)
    var device: Int32           // initiating device (outgoing electronic rows); -1 = none
    var card: Int32 = -1        // tenpay: 用户银行卡号
    var kind: TxKind
    var biz: TenpayBiz = .transfer
    var out: Bool
    var failed: Bool = false
    var remark: UInt8 = 0
    var viaClearing: Bool = false   // bank row against the 财付通 clearing account (tenpay leg)
}

/// A row waiting to be booked at its time (cross-bank credits arrive up to 90 s later).
struct PendingLeg {
    var account: Int32
    var delta: Int64            // balance change when booked
    var bank: Bool              // bank statement row (else a tenpay row)
    var row: StmtRow
}
