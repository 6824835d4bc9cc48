import PostgresNIO

/// One column of a bulk write, sent as a single binary PostgreSQL array parameter and expanded
/// on the server with `unnest` (`INSERT … SELECT … FROM unnest($1::int8[], $2::text[], …)`): one
/// statement per batch, not one per row. Elements are written straight into a `ByteBuffer` in
/// the binary array format (header, then length-prefixed elements; length −1 is NULL), so a
/// batch costs one buffer per column and no per-element boxing.
struct PGArray: PostgresDynamicTypeEncodable {
    let psqlType: PostgresDataType
    var psqlFormat: PostgresFormat { .binary }
    private let elementType: PostgresDataType
    private var body: ByteBuffer
    private(set) var count: Int32 = 0
    private var hasNull = false

    private init(_ array: PostgresDataType, _ element: PostgresDataType, capacity: Int) {
        psqlType = array
        elementType = element
        body = ByteBufferAllocator().buffer(capacity: max(16, capacity))
    }

    func encode<E: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        buffer.writeInteger(Int32(1))                    // dimensions
        buffer.writeInteger(Int32(hasNull ? 1 : 0))      // has nulls
        buffer.writeInteger(elementType.rawValue)        // element type oid
        buffer.writeInteger(count)                       // dimension size
        buffer.writeInteger(Int32(1))                    // lower bound
        var b = body
        buffer.writeBuffer(&b)
    }

    // MARK: builders

    static func int8(capacity: Int = 0) -> PGArray { PGArray(.int8Array, .int8, capacity: capacity * 12) }
    static func int4(capacity: Int = 0) -> PGArray { PGArray(.int4Array, .int4, capacity: capacity * 8) }
    static func int2(capacity: Int = 0) -> PGArray { PGArray(.int2Array, .int2, capacity: capacity * 6) }
    static func text(capacity: Int = 0) -> PGArray { PGArray(.textArray, .text, capacity: capacity * 16) }
    static func bool(capacity: Int = 0) -> PGArray { PGArray(.boolArray, .bool, capacity: capacity * 5) }
    static func float8(capacity: Int = 0) -> PGArray { PGArray(.float8Array, .float8, capacity: capacity * 12) }

    static func int8<S: Sequence>(_ values: S) -> PGArray where S.Element == Int64 {
        var a = PGArray.int8(capacity: values.underestimatedCount)
        for v in values { a.append(v) }
        return a
    }
    static func int8<S: Sequence>(_ values: S) -> PGArray where S.Element == Int64? {
        var a = PGArray.int8(capacity: values.underestimatedCount)
        for v in values { a.append(v) }
        return a
    }
    static func text<S: Sequence>(_ values: S) -> PGArray where S.Element == String {
        var a = PGArray.text(capacity: values.underestimatedCount)
        for v in values { a.append(v) }
        return a
    }
    static func text<S: Sequence>(_ values: S) -> PGArray where S.Element == String? {
        var a = PGArray.text(capacity: values.underestimatedCount)
        for v in values { a.append(v) }
        return a
    }

    @inline(__always) mutating func append(_ v: Int64) {
        count += 1
        switch elementType {
        case .int8: body.writeInteger(Int32(8)); body.writeInteger(v)
        case .int4: body.writeInteger(Int32(4)); body.writeInteger(Int32(truncatingIfNeeded: v))
        case .int2: body.writeInteger(Int32(2)); body.writeInteger(Int16(truncatingIfNeeded: v))
        default: preconditionFailure("integer into a \(elementType) array")
        }
    }
    @inline(__always) mutating func append(_ v: Int) { append(Int64(v)) }
    @inline(__always) mutating func append(_ v: Int64?) { if let v { append(v) } else { appendNull() } }
    @inline(__always) mutating func append(_ v: Int?) { if let v { append(Int64(v)) } else { appendNull() } }
    @inline(__always) mutating func append(_ v: Bool) {
        count += 1; body.writeInteger(Int32(1)); body.writeInteger(UInt8(v ? 1 : 0))
    }
    @inline(__always) mutating func append(_ v: Double?) {
        guard let v else { appendNull(); return }
        count += 1; body.writeInteger(Int32(8)); body.writeInteger(v.bitPattern)
    }
    @inline(__always) mutating func append(_ s: String) {
        count += 1
        let at = body.writerIndex
        body.writeInteger(Int32(0))
        let n = body.writeString(s)
        body.setInteger(Int32(n), at: at)
    }
    @inline(__always) mutating func append(_ s: String?) { if let s { append(s) } else { appendNull() } }
    /// Raw UTF-8 bytes as one text element.
    @inline(__always) mutating func append(utf8 bytes: ArraySlice<UInt8>) {
        count += 1; body.writeInteger(Int32(bytes.count)); body.writeBytes(bytes)
    }
    @inline(__always) mutating func appendNull() { count += 1; hasNull = true; body.writeInteger(Int32(-1)) }
}

/// Reads the binary cells of one row in column order, straight from the row's bytes: integers
/// of any width, text, floats, booleans and one-dimensional arrays (no `PostgresDecodable` round
/// trip and no per-row allocation besides the strings themselves).
struct PGRow {
    private var cells: PostgresRow.Iterator
    private(set) var column = 0
    init(_ row: PostgresRow) { cells = row.makeIterator() }

    /// The next cell's bytes (nil for NULL).
    mutating func next() throws -> ByteBuffer? {
        guard let cell = cells.next() else { throw PGDecodeError("column \(column): the row has fewer columns") }
        column += 1
        return cell.bytes
    }

    mutating func skip() throws { _ = try next() }

    mutating func int() throws -> Int64 {
        guard let v = try intOrNil() else { throw PGDecodeError("column \(column - 1): NULL for a NOT NULL integer") }
        return v
    }
    mutating func intOrNil() throws -> Int64? {
        guard var b = try next() else { return nil }
        return try PGRow.readInt(&b, width: b.readableBytes)
    }
    mutating func text() throws -> String {
        guard let v = try textOrNil() else { throw PGDecodeError("column \(column - 1): NULL for NOT NULL text") }
        return v
    }
    mutating func textOrNil() throws -> String? {
        guard var b = try next() else { return nil }
        return b.readString(length: b.readableBytes) ?? ""
    }
    mutating func doubleOrNil() throws -> Double? {
        guard var b = try next() else { return nil }
        guard b.readableBytes == 8, let bits = b.readInteger(as: UInt64.self) else { throw PGDecodeError("column \(column - 1): not a float8") }
        return Double(bitPattern: bits)
    }
    mutating func bool() throws -> Bool {
        guard var b = try next() else { throw PGDecodeError("column \(column - 1): NULL for a NOT NULL boolean") }
        return (b.readInteger(as: UInt8.self) ?? 0) != 0
    }

    @inline(__always) static func readInt(_ b: inout ByteBuffer, width: Int) throws -> Int64 {
        switch width {
        case 8: if let v = b.readInteger(as: Int64.self) { return v }
        case 4: if let v = b.readInteger(as: Int32.self) { return Int64(v) }
        case 2: if let v = b.readInteger(as: Int16.self) { return Int64(v) }
        default: break
        }
        throw PGDecodeError("an integer of \(width) bytes")
    }

    /// The elements of a one-dimensional binary array cell, each handed to `body` (nil for NULL).
    static func elements(_ cell: ByteBuffer?, _ body: (ByteBuffer?) throws -> Void) throws {
        guard var b = cell else { return }
        guard let dims = b.readInteger(as: Int32.self), b.readInteger(as: Int32.self) != nil, b.readInteger(as: UInt32.self) != nil else {
            throw PGDecodeError("a truncated array header")
        }
        if dims == 0 { return }
        guard dims == 1, let n = b.readInteger(as: Int32.self), b.readInteger(as: Int32.self) != nil else { throw PGDecodeError("a multi-dimensional array") }
        for _ in 0..<n {
            guard let len = b.readInteger(as: Int32.self) else { throw PGDecodeError("a truncated array") }
            if len < 0 { try body(nil); continue }
            guard let e = b.readSlice(length: Int(len)) else { throw PGDecodeError("a truncated array element") }
            try body(e)
        }
    }

    /// Appends the next cell, an integer array, to `out` (NULL elements become `null`).
    mutating func ints(into out: inout [Int64], null: Int64 = -1) throws {
        try PGRow.elements(try next()) { e in
            guard var b = e else { out.append(null); return }
            out.append(try PGRow.readInt(&b, width: b.readableBytes))
        }
    }
}

struct PGDecodeError: Error, CustomStringConvertible {
    let what: String
    init(_ what: String) { self.what = what }
    var description: String { "cannot decode \(what) from PostgreSQL" }
}
