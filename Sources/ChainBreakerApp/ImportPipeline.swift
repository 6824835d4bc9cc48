import ChainBreakerCore
import ChainBreakerIngest
import ChainBreakerStore
import Foundation

/// Summary of one `import` run (what `chainbreaker import --json` prints).
public struct ImportSummary: Sendable, Codable, Equatable {
    public var files = 0
    public var filesSkipped = 0
    public var rowsRead = 0
    public var rowsRejected = 0
    /// Unique transfers the run added to the store, after deduplication.
    public var transfers = 0
    public var entries = 0
    public var cases = 0
    public var calls = 0
    public var imAccounts = 0
    public var imUnblocks = 0
    public var orders = 0
    public var tags = 0
    public var events = 0
    public var rejectsFile: String?

    enum CodingKeys: String, CodingKey {
        case files, filesSkipped = "files_skipped", rowsRead = "rows_read", rowsRejected = "rows_rejected", transfers
        case entries = "statement_rows", cases, calls, imAccounts = "im_accounts", imUnblocks = "im_unblocks", orders, tags, events
        case rejectsFile = "rejects_file"
    }
    public init() {}
}

/// One file's outcome, for progress and reports.
public struct FileOutcome: Sendable {
    public var path: String
    public var kind: FileKind?
    public var skipped: Bool
    public var note: String?
    public var rowsRead: Int
    public var rejects: [RejectedRow]
}

/// Import options.
public struct ImportOptions: Sendable {
    public var kind: FileKind?
    public var mapping: TransferColumnMapping?
    public var strict = false
    public var threads = 2
    public init(kind: FileKind? = nil, mapping: TransferColumnMapping? = nil, strict: Bool = false, threads: Int = 2) {
        self.kind = kind; self.mapping = mapping; self.strict = strict; self.threads = threads
    }
}

/// The import use case: files and folders → detect kind → parse → store (one transaction per
/// file) → re-derive deduplicated transfers → summary and rejects file.
public struct ImportPipeline {
    public let store: ChainBreakerStore
    public var options: ImportOptions
    /// Where rejected rows are appended as CSV (`file,line,reason`); nil to skip.
    public var rejectsPath: String?
    /// Called after each file (progress display).
    public var progress: ((Int, Int, FileOutcome) -> Void)?
    /// Called with (bytes done, bytes total) while a large file imports.
    public var byteProgress: ((Int, Int) -> Void)?

    public init(store: ChainBreakerStore, options: ImportOptions = ImportOptions(), rejectsPath: String? = nil) {
        self.store = store; self.options = options; self.rejectsPath = rejectsPath
    }

    static let inputExtensions: Set<String> = ["csv", "txt", "jsonl", "tsv"]

    /// Expands folders (recursively, sorted, input extensions only, skipping `truth/`).
    public static func expand(_ paths: [String]) throws(AppError) -> [String] {
        try expandMarkingFolders(paths).map(\.path)
    }

    /// Like `expand`, telling which files came from a folder (those may be skipped when they
    /// are of no known kind, e.g. a README.txt; a file named on its own must be importable).
    static func expandMarkingFolders(_ paths: [String]) throws(AppError) -> [(path: String, fromFolder: Bool)] {
        var out: [(path: String, fromFolder: Bool)] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw AppError(.notFound, "no such file or folder: \(p)") }
            if !isDir.boolValue { out.append((p, false)); continue }
            guard let e = fm.enumerator(atPath: p) else { throw AppError(.notFound, "cannot list folder \(p)") }
            var found: [String] = []
            while let rel = e.nextObject() as? String {
                let comps = rel.split(separator: "/")
                if comps.contains("truth") || comps.contains(where: { $0.hasPrefix(".") }) { continue }
                let ext = (rel as NSString).pathExtension.lowercased()
                guard inputExtensions.contains(ext) else { continue }
                let full = (p as NSString).appendingPathComponent(rel)
                var d: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
            }
            out.append(contentsOf: found.sorted().map { (path: $0, fromFolder: true) })
        }
        return out
    }

    public func run(_ paths: [String]) throws(AppError) -> ImportSummary {
        let files = try ImportPipeline.expandMarkingFolders(paths)
        var summary = ImportSummary()
        let derivedBefore: Int
        do { derivedBefore = try store.derivedTransferCount() } catch { throw AppError(.store, "cannot read the store", cause: "\(error)") }
        var allRejects: [RejectedRow] = []
        var failure: AppError?
        for (k, file) in files.enumerated() {
            do {
                let outcome = try importOne(file.path, skipUnknown: file.fromFolder, into: &summary)
                allRejects.append(contentsOf: outcome.rejects)
                progress?(k + 1, files.count, outcome)
            } catch {
                failure = error   // files before this one are committed: finish their work below
                break
            }
        }
        defer {
            if let rejectsPath, !allRejects.isEmpty { ImportPipeline.appendRejects(allRejects, to: rejectsPath) }
        }
        do {
            if try store.needsDerivation() {
                let derived = try store.deriveStatementTransfers()
                summary.transfers += derived.transfers - derivedBefore
            }
        } catch { throw AppError(.store, "cannot derive transfers", cause: "\(error)") }
        if let failure { throw failure }
        if let rejectsPath, !allRejects.isEmpty { summary.rejectsFile = rejectsPath }
        return summary
    }

    static func appendRejects(_ rows: [RejectedRow], to path: String) {
        var text = ""
        if !FileManager.default.fileExists(atPath: path) { text = "file,line,reason\n" }
        for r in rows { text += csvField(r.file) + "," + String(r.line) + "," + csvField(r.reason) + "\n" }
        if let h = FileHandle(forWritingAtPath: path) {
            h.seekToEndOfFile(); h.write(Data(text.utf8)); h.closeFile()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    func importOne(_ path: String, skipUnknown: Bool = false, into summary: inout ImportSummary) throws(AppError) -> FileOutcome {
        let source: SourceFile
        do { source = try SourceFile(path: path) } catch { throw AppError(.input, error.description, cause: error.cause) }
        let bytes = source.bytes
        let detected = options.kind ?? (options.mapping != nil ? .transfers : FileKind.detect(bytes))
        if detected == nil && skipUnknown {
            summary.filesSkipped += 1
            return FileOutcome(path: path, kind: nil, skipped: true, note: "not an input file of a known kind", rowsRead: 0, rejects: [])
        }
        guard let kind = detected else {
            throw AppError(.input, "\(path): unknown layout: no header of a known kind (statement, TENPAY, cases, calls, IM accounts, IM unblocks, orders, tags, events) and no --map for a transfer CSV")
        }
        let info = FileInfo(path: path, kind: kind, digest: kind.rawValue + ":" + ContentDigest.hex(bytes), byteCount: source.byteCount)
        var rejects: [RejectedRow] = []
        var rowsRead = 0
        let strict = options.strict
        /// After a file is parsed: record its rejects (or, with --strict, abort the transaction).
        func finish(_ session: ImportSession, _ rows: Int, _ rej: [RejectedRow]) throws {
            rejects.append(contentsOf: rej)
            rowsRead += rows
            if strict && !rej.isEmpty {
                throw AppError(.strict, "\(path): \(rej.count) row(s) rejected with --strict; nothing of this file was imported. First: \(rej[0])")
            }
            if !rej.isEmpty { try session.reject(rej) }
        }
        let counts: FileImportCounts?
        do {
            counts = try store.importFile(info) { session in
                // Records reach the store in batches while the file is parsed (bounded memory).
                func sink<R>(_ wrap: @escaping ([R]) -> ImportPayload) -> BatchSink<R> { BatchSink { try session.add(wrap($0)) } }
                switch kind {
                case .statement:
                    let r = try StatementParser.parse(bytes, file: path, sink: sink { .entries($0) }); try finish(session, r.rowsRead, r.rejects)
                case .tenpay:
                    let r = try TenpayParser.parse(bytes, file: path, sink: sink { .entries($0) }); try finish(session, r.rowsRead, r.rejects)
                case .cases:
                    let r = try CaseParser.parse(bytes, file: path, sink: sink { .cases($0) }); try finish(session, r.rowsRead, r.rejects)
                case .calls:
                    let r = try CallParser.parse(bytes, file: path, sink: sink { .calls($0) }); try finish(session, r.rowsRead, r.rejects)
                case .imAccounts:
                    let r = try IMAccountParser.parse(bytes, file: path, sink: sink { .imAccounts($0) }); try finish(session, r.rowsRead, r.rejects)
                case .imUnblocks:
                    let r = try IMUnblockParser.parse(bytes, file: path, sink: sink { .imUnblocks($0) }); try finish(session, r.rowsRead, r.rejects)
                case .orders:
                    let r = try OrderParser.parse(bytes, file: path, sink: sink { .orders($0) }); try finish(session, r.rowsRead, r.rejects)
                case .tags:
                    let r = try TagParser.parse(bytes, file: path, sink: sink { .tags($0) }); try finish(session, r.rowsRead, r.rejects)
                case .events:
                    let r = try EventParser.parse(bytes, file: path, sink: sink { .events($0) }); try finish(session, r.rowsRead, r.rejects)
                case .transfers:
                    let mapping: TransferColumnMapping
                    if let m = options.mapping { mapping = m } else {
                        var s = CSVScanner(bytes)
                        guard s.next(), let m = TransferColumnMapping.guess(header: s) else {
                            throw IngestError(.badMapping, "a transfer CSV needs --map from=…,to=…,amount=…,time=…", file: path)
                        }
                        mapping = m
                    }
                    let parser = TransferCSVParser(mapping: mapping, threads: options.threads)
                    var rows = 0
                    var rej: [RejectedRow] = []
                    try parser.parse(bytes, file: path) { batch in
                        if strict && !batch.rejects.isEmpty { try finish(session, 0, batch.rejects) }
                        try session.add(.transfers(batch.columns))
                        rej += batch.rejects
                        rows += batch.rowsRead
                        byteProgress?(batch.bytesDone, bytes.count)
                    }
                    try finish(session, rows, rej)
                }
            }
        } catch let e as AppError {
            throw e
        } catch let e as IngestError {
            throw AppError(.input, e.description, cause: e.cause)
        } catch {
            throw AppError(.store, "\(path): import failed; nothing of this file was imported", cause: "\(error)")
        }
        guard let counts else {
            summary.filesSkipped += 1
            return FileOutcome(path: path, kind: kind, skipped: true, note: "already imported (same content)", rowsRead: 0, rejects: [])
        }
        summary.files += 1
        summary.rowsRead += rowsRead
        summary.rowsRejected += rejects.count
        summary.entries += counts.entries
        summary.transfers += counts.transfers
        summary.cases += counts.cases
        summary.calls += counts.calls
        summary.imAccounts += counts.imAccounts
        summary.imUnblocks += counts.imUnblocks
        summary.orders += counts.orders
        summary.tags += counts.tags
        summary.events += counts.events
        return FileOutcome(path: path, kind: kind, skipped: false, note: nil, rowsRead: rowsRead, rejects: rejects)
    }
}

/// The one error type of the application layer. The CLI maps codes to exit statuses.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable { case notFound, input, strict, store, usage, internalFailure }
    public var code: Code
    public var message: String
    public var cause: String?
    public init(_ code: Code, _ message: String, cause: String? = nil) { self.code = code; self.message = message; self.cause = cause }
    public var description: String { message + (cause.map { " (\($0))" } ?? "") }

    /// A file operation's error as a person reads it: the operating system's reason ("No such
    /// file or directory") rather than the Foundation error's whole dump.
    public static func fileCause(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            let u = underlying as NSError
            if u.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(u.code))) }
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
