import ChainBreakerIngest

/// Texts (and labels) from a CSV for training and prediction: UTF-8, UTF-8 with BOM or GB18030
/// (detected by `SourceFile`), first record the header. A column is named by its header or by
/// `#N` / `N` (1-based position). Rows whose text is empty are skipped, as are rows without a
/// label when labels are read. O(bytes).
public enum ClassifyData {
    public struct Table: Sendable {
        /// Data row number of each text (1 = first row after the header).
        public var rows: [Int]
        public var texts: [String]
        /// Empty when no label column was asked for.
        public var labels: [String]
    }

    /// Position of a column in a header.
    public static func column(_ spec: String, in header: [String]) throws(AppError) -> Int {
        let s = spec.trimmingCharacters(in: .whitespaces)
        if let k = header.firstIndex(of: s) { return k }
        let digits = s.hasPrefix("#") ? String(s.dropFirst()) : s
        if let n = Int(digits), n >= 1, n <= header.count { return n - 1 }
        throw AppError(.usage, "no column \(spec) (columns: \(header.joined(separator: ", ")))")
    }

    public static func read(_ path: String, textColumn: String, labelColumn: String? = nil) throws(AppError) -> Table {
        let file: SourceFile
        do { file = try SourceFile(path: path) } catch {
            throw AppError(error.code == .io ? .notFound : .input, "cannot read \(path)", cause: "\(error)")
        }
        var sc = CSVScanner(file.bytes)
        guard sc.next() else { throw AppError(.input, "\(path) is empty") }
        let header = (0..<sc.fieldCount).map { sc.string($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let t = try column(textColumn, in: header)
        let l = try labelColumn.map { c throws(AppError) in try column(c, in: header) }
        var out = Table(rows: [], texts: [], labels: [])
        var row = 0
        // A stray quote in a text is read as a character, not as quoting that swallows the rows
        // after it (`CSVScanner.nextRecord`); an undecodable byte stays in the text as U+FFFD.
        while sc.nextRecord(expected: header.count) {
            if sc.isBlankRecord { continue }
            row += 1
            let text = sc.string(t).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            if let l {
                let label = sc.string(l).trimmingCharacters(in: .whitespacesAndNewlines)
                if label.isEmpty { continue }
                out.labels.append(label)
            }
            out.rows.append(row); out.texts.append(text)
        }
        return out
    }
}
