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
        // Encoding is decided on the first 64 KiB plus a check of the whole file when it is small.
        let sample = UnsafeBufferPointer(rebasing: bytes[0..<min(byteCount, 1 << 16)])
        var enc = TextEncoding.detect(sample)
        if enc == .utf8 && byteCount <= (64 << 20) && !UTF8Validation.isValid(bytes, allowTruncatedTail: false) { enc = .gb18030 }
        encoding = enc
        switch enc {
        case .utf8BOM:
            start = UnsafePointer(bytes.baseAddress! + 3); length = byteCount - 3
        case .utf8:
            start = UnsafePointer(bytes.baseAddress!); length = byteCount
        case .gb18030:
            let utf8: [UInt8]
            do {
                utf8 = try TextEncoding.gb18030ToUTF8(bytes)
            } catch {
                munmap(p, byteCount); mapped = nil
                throw IngestError(.encoding, "neither UTF-8 nor GB18030: \(error.message)", file: path)
            }
            munmap(p, byteCount); mapped = nil
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(utf8.count, 1))
            _ = buffer.initialize(from: utf8)
            owned = buffer
            length = utf8.count
            start = UnsafePointer(buffer.baseAddress!)
        }
    }

    deinit {
        if let mapped { munmap(mapped, mappedLength) }
        owned?.deallocate()
    }

    /// The UTF-8 content (valid for the life of this object).
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: length) }
}
