#if canImport(Glibc)
import Glibc
#endif

/// Raw memory for the big, randomly accessed arrays of the peeling loops (adjacency, priorities:
/// tens to hundreds of megabytes touched in no particular order). On Linux a buffer of 4 MB or
/// more is aligned to 2 MB and marked `MADV_HUGEPAGE`, so that with transparent huge pages in
/// `madvise` mode (a common default) it is backed by 2 MB pages and a random access costs one
/// cache miss instead of a cache miss plus a page walk. Elsewhere, or for small buffers, it is
/// plain allocation. Release with ``deallocate(_:)``.
enum LargeBuffer {
    static func allocate<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        #if os(Linux) && canImport(Glibc)
        let bytes = max(1, count) * MemoryLayout<T>.stride
        var raw: UnsafeMutableRawPointer?
        let align = bytes >= 4 << 20 ? 2 << 20 : max(64, MemoryLayout<T>.alignment)
        guard posix_memalign(&raw, align, bytes) == 0, let raw else { fatalError("out of memory (\(bytes) bytes)") }
        if bytes >= 4 << 20 { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        return raw.bindMemory(to: T.self, capacity: max(1, count))
        #else
        return .allocate(capacity: max(1, count))
        #endif
    }

    static func deallocate<T>(_ p: UnsafeMutablePointer<T>) {
        #if os(Linux) && canImport(Glibc)
        free(p)
        #else
        p.deallocate()
        #endif
    }
}
