import ChainBreakerCore
@testable import ChainBreakerIngest
import Foundation
import Testing

/// Known answers for damaged files: a stray quote or a byte that is not text costs its own row
/// (read or rejected with its line and a reason), never the rows after it or the whole file.
@Suite struct DamagedInputTests {
    func records(_ text: String, expected: Int) -> [(line: Int, fields: [String])] {
        withBytes(text) { b in
            var s = CSVScanner(b)
            var out: [(Int, [String])] = []
            while s.nextRecord(expected: expected) { out.append((s.line, (0..<s.fieldCount).map { s.string($0) })) }
            return out
        }
    }

    @Test func aStrayQuoteIsAPlainCharacter() {
        // Never closed: RFC 4180 would read the rest of the file as one field.
        let open = records("h1,h2\n\"x,y\n1,2\n3,4\n", expected: 2)
        #expect(open.map(\.line) == [1, 2, 3, 4])
        #expect(open[1].fields == ["\"x", "y"] && open[2].fields == ["1", "2"] && open[3].fields == ["3", "4"])
        // Closed by a second stray quote two lines on, with text after it.
        let pair = records("h1,h2,h3\n\"a,b,c\nd,e,f\ng,\"h,i\n", expected: 3)
        #expect(pair.map(\.line) == [1, 2, 3, 4])
        #expect(pair[1].fields == ["\"a", "b", "c"] && pair[2].fields == ["d", "e", "f"] && pair[3].fields == ["g", "\"h", "i"])
        // Closed on a later line leaving another number of fields than the header's.
        let count = records("h1,h2,h3\n1,\"a,b\nc\",d,e,f\n2,x,y\n", expected: 3)
        #expect(count.map(\.line) == [1, 2, 3, 4])
        #expect(count[1].fields == ["1", "\"a", "b"])
        // Two stray quotes opening the same (empty) field of lines far apart: the record they
        // make has the header's field count, but the lines between are whole records.
        let far = records("h1,h2,h3,h4,h5\n1,\"x,2,3,4\n5,6,7,8,9\n5,6,7,8,9\n10,\",12,13,14\n", expected: 5)
        #expect(far.map(\.line) == [1, 2, 3, 4, 5])
        #expect(far[1].fields == ["1", "\"x", "2", "3", "4"] && far[2].fields == ["5", "6", "7", "8", "9"])
        #expect(far[4].fields == ["10", "\"", "12", "13", "14"])
        // A stray quote in a title line does not swallow the header.
        let titled = withBytes("\"中国建设银行交易明细\n交易卡号,交易账号\n1,2\n") { b -> [Int] in
            var s = CSVScanner(b); var lines: [Int] = []
            while s.nextRecord(expected: .max) { lines.append(s.line) }
            return lines
        }
        #expect(titled == [1, 2, 3])
        // A well-formed quoted field with a line break (a narrative) stays one field.
        let narrative = records("id,text,n\n1,\"line one\nline two, with a comma\",5\n2,x,6\n", expected: 3)
        #expect(narrative.map(\.line) == [1, 2, 4])
        #expect(narrative[1].fields == ["1", "line one\nline two, with a comma", "5"])
    }

    static let header = "交易卡号,交易账号,交易户名,交易证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,对手户名,摘要说明,交易流水号"
    static func row(_ n: Int, name: String = "李云") -> String {
        "6226625517453105,766560818832318845,\(name),339906200202117724,2021-04-0\(n) 14:41:39,\(n)00.00,41840.41,出,6228588362775437267,方庆锋,转账,03030\(n)"
    }

    /// Writes bytes to a temporary file and reads it back through `SourceFile` and the statement parser.
    func read(_ bytes: [UInt8]) throws -> (TextEncoding, Int, StatementParser.Result) {
        let path = NSTemporaryDirectory() + "cb-damaged-\(getpid())-\(UUID().uuidString).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let src = try SourceFile(path: path)
        let r = try withExtendedLifetime(src) { try StatementParser.parse(src.bytes, file: "BANK_CEB_1.csv") }
        return (src.encoding, src.replacedBytes, r)
    }

    @Test(arguments: [false, true])
    func aDamagedByteCostsItsRowOnly(gb18030: Bool) throws {
        // Row 3 (line 3) has a byte that is text in neither encoding inside the holder's name.
        let good = [Self.header, Self.row(1), Self.row(2), Self.row(3), Self.row(4)].joined(separator: "\n") + "\n"
        var bytes = gb18030 ? try TextEncoding.utf8ToGB18030(good) : Array(good.utf8)
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        let nameAt = bytes[lineStarts[2]...].firstIndex(of: 0x2C)!   // after the card number
        bytes.insert(0xFF, at: nameAt + 20)
        let (encoding, replaced, r) = try read(bytes)
        #expect(encoding == (gb18030 ? .gb18030 : .utf8))
        #expect(replaced == 1)
        #expect(r.entries.map(\.line) == [2, 4, 5])
        #expect(r.rejects.map(\.line) == [3])
        #expect(r.rejects.first?.reason.contains("not valid text") == true)
        #expect(r.entries.allSatisfy { $0.holderName == "李云" })
    }

    @Test func aFileThatIsNeitherEncodingIsOneClearError() throws {
        // Random high bytes: more than one in a hundred unreadable as GB18030.
        var x: UInt64 = 12_345
        let noise: [UInt8] = (0..<4_000).map { _ in x = x &* 6_364_136_223_846_793_005 &+ 1; return UInt8(0x80 | (x >> 57)) }
        #expect(throws: IngestError.self) { try read(Array((Self.header + "\n").utf8) + noise) }
    }
}
