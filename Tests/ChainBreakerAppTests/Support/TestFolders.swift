import Foundation

/// A fresh empty folder for one test's package and store (`name` must differ between tests that
/// run at the same time).
func emptyFolder(_ name: String) throws -> String {
    let dir = NSTemporaryDirectory() + "\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
