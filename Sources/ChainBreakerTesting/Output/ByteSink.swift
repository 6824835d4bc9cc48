#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ChainBreakerIngest

/// Errors raised while writing a city.
public struct CityWriteError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Buffered byte output to one file. Text is accumulated as UTF-8 in a reusable buffer and
/// written with `fwrite` whenever the buffer passes `flushThreshold` (a few MB), always at a
/// line boundary so that GB18030 conversion (iconv, through `TextEncoding`) sees whole lines.
/// Memory is O(flushThreshold) regardless of the file size.
public final class ByteSink {
    public enum Encoding: String, Sendable { case utf8 = "utf-8", utf8BOM = "utf-8-sig", gb18030 = "gb18030" }

    public let path: String
    public let encoding: Encoding
    public let crlf: Bool
    private var file: UnsafeMutablePointer<FILE>?
    public var buffer: [UInt8] = []
    private let flushThreshold: Int
    public private(set) var lines = 0
    public private(set) var bytesWritten = 0

    public init(path: String, encoding: Encoding = .utf8, crlf: Bool = false, flushThreshold: Int = 4 << 20) throws {
        self.path = path
        self.encoding = encoding
        self.crlf = crlf
        self.flushThreshold = flushThreshold
        guard let f = fopen(path, "wb") else { throw CityWriteError("cannot create \(path)") }
        file = f
        buffer.reserveCapacity(flushThreshold + 65_536)
        if encoding == .utf8BOM { try writeRaw([0xEF, 0xBB, 0xBF]) }
    }

    deinit { if let f = file { fclose(f) } }

    // MARK: appending

    @inline(__always) public func byte(_ b: UInt8) { buffer.append(b) }
    @inline(__always) public func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
    @inline(__always) public func text(_ s: String) { buffer.append(contentsOf: s.utf8) }
    @inline(__always) public func comma() { buffer.append(0x2C) }

    /// A CSV field: quoted (RFC 4180) when it contains a comma, quote or line break.
    public func field(_ s: String) {
        var needs = false
        for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { needs = true; break }
        if !needs { buffer.append(contentsOf: s.utf8); return }
        buffer.append(0x22)
        for b in s.utf8 {
            if b == 0x22 { buffer.append(0x22) }
            buffer.append(b)
        }
        buffer.append(0x22)
    }

    /// One CSV record from fields.
    public func record(_ fields: [String]) throws {
        for (i, f) in fields.enumerated() {
            if i > 0 { buffer.append(0x2C) }
            field(f)
        }
        try endLine()
    }

    /// Ends the current line (LF or CRLF) and flushes when the buffer is large.
    @inline(__always)
    public func endLine() throws {
        if crlf { buffer.append(0x0D) }
        buffer.append(0x0A)
        lines += 1
        if buffer.count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        if buffer.isEmpty { return }
        if encoding == .gb18030 {
            let converted: [UInt8]
            do {
                converted = try buffer.withUnsafeBufferPointer { (b) throws(IngestError) -> [UInt8] in
                    try TextEncoding.utf8ToGB18030(b)
                }
            } catch {
                throw CityWriteError("GB18030 conversion failed for \(path): \(error)")
            }
            try writeRaw(converted)
        } else {
            try writeRaw(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeRaw(_ data: [UInt8]) throws {
        guard let f = file else { throw CityWriteError("\(path) is closed") }
        let n = data.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, f) }
        if n != data.count { throw CityWriteError("short write to \(path)") }
        bytesWritten += n
    }

    public func close() throws {
        try flush()
        if let f = file { fclose(f) }
        file = nil
    }
}

/// Small file-system helpers (POSIX; no Foundation dependency for the hot paths).
enum FileSystem {
    static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            var st = stat()
            if stat(current, &st) == 0 { continue }
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw CityWriteError("cannot create directory \(current)")
            }
        }
    }

    static func writeFile(_ path: String, _ text: String) throws {
        let sink = try ByteSink(path: path)
        sink.text(text)
        try sink.close()
    }
}

extension FileSystem {
    /// Removes the regular files in `dir` whose names end with `suffix` (stale output of an
    /// earlier run). Missing directories are fine.
    static func removeFiles(in dir: String, suffix: String) {
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafePointer(to: e.pointee.d_name) { p in
                p.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(suffix) { names.append(name) }
        }
        for n in names { unlink(dir + "/" + n) }
    }
}
