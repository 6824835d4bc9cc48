#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole input file as UTF-8 bytes: memory-mapped when it is already UTF-8 (no copy, the
/// kernel pages it in as it is scanned), transcoded once when it is GB18030. A UTF-8 BOM is
/// skipped. Reading never goes through Foundation.
public final class SourceFile: @unchecked Sendable {
    public let path: String
    public let encoding: TextEncoding
    /// Size of the file on disk.
    public let byteCount: Int
    /// Bytes that were not valid text in the file's encoding, each read as U+FFFD (their rows
    /// are rejected by the parsers).
    public private(set) var replacedBytes = 0
    private var mapped: UnsafeMutableRawPointer?
    private var mappedLength = 0
    private var owned: UnsafeMutableBufferPointer<UInt8>?
    private var start: UnsafePointer<UInt8>
    private var length: Int

    public init(path: String) throws(IngestError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw IngestError(.io, "cannot open file", file: path, cause: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IngestError(.io, "cannot stat file", file: path, cause: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw IngestError(.io, "is a folder, not a file", file: path) }
        byteCount = Int(st.st_size)
        if byteCount == 0 {
            encoding = .utf8
            start = UnsafePointer(bitPattern: 1)!
            length = 0
            return
        }
        guard let p = mmap(nil, byteCount, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw IngestError(.io, "cannot map file", file: path, cause: String(cString: strerror(errno)))
        }
        _ = madvise(p, byteCount, MADV_SEQUENTIAL)
        mapped = p; mappedLength = byteCount
        let bytes = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: byteCount)
        // Encoding is decided on the first 64 KiB, and on the whole file when it is up to 64 MiB:
        // valid UTF-8 is mapped as it is; UTF-8 with a few damaged bytes (no more bad bytes than
        // good multi-byte sequences, `TextEncoding.isMostlyUTF8`) is copied with U+FFFD for each
        // bad byte; anything else is GB18030, read leniently. Rows holding U+FFFD are rejected by the parsers
        // (`CSVScanner.isDamaged`), so a damaged byte costs its row, not the file.
        let whole = byteCount <= (64 << 20)
        let hasBOM = byteCount >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let text = hasBOM ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
        let checked = whole ? text : UnsafeBufferPointer(rebasing: text[0..<min(text.count, 1 << 16)])
        if UTF8Validation.isValid(checked, allowTruncatedTail: !whole) {
            encoding = hasBOM ? .utf8BOM : .utf8
            start = UnsafePointer(text.baseAddress!); length = text.count
        } else if hasBOM || TextEncoding.isMostlyUTF8(TextEncoding.utf8Census(checked)) {
            encoding = hasBOM ? .utf8BOM : .utf8
            let (utf8, n) = TextEncoding.repairUTF8(text)
            replacedBytes = n
            munmap(p, byteCount); mapped = nil
            owned = SourceFile.copy(utf8); start = UnsafePointer(owned!.baseAddress!); length = utf8.count
        } else {
            encoding = .gb18030
            let utf8: [UInt8]
            do {
                (utf8, replacedBytes) = try TextEncoding.gb18030ToUTF8Lenient(bytes)
            } catch {
                munmap(p, byteCount); mapped = nil
                throw IngestError(.encoding, "neither UTF-8 nor GB18030: \(error.message)", file: path)
            }
            munmap(p, byteCount); mapped = nil
            owned = SourceFile.copy(utf8); start = UnsafePointer(owned!.baseAddress!); length = utf8.count
        }
    }

    /// A decoded or repaired copy of the file, served instead of the mapping.
    private static func copy(_ utf8: [UInt8]) -> UnsafeMutableBufferPointer<UInt8> {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(utf8.count, 1))
        _ = buffer.initialize(from: utf8)
        return buffer
    }

    deinit {
        if let mapped { munmap(mapped, mappedLength) }
        owned?.deallocate()
    }

    /// The UTF-8 content (valid for the life of this object).
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: length) }
}
