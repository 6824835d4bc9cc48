import ChainBreakerCore
import Foundation

/// A fraud-type model on disk: the bytes of `HashedLinearClassifier.serialize()`.
public enum ClassifierModelFile {
    public static func write(_ m: HashedLinearClassifier, to path: String) throws(AppError) {
        do { try Data(m.serialize()).write(to: URL(fileURLWithPath: path)) } catch {
            throw AppError(.input, "cannot write the model \(path)", cause: AppError.fileCause(error))
        }
    }

    public static func read(_ path: String) throws(AppError) -> HashedLinearClassifier {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError(.notFound, "no model file \(path)") }
        guard let m = HashedLinearClassifier(bytes: [UInt8](data)) else {
            throw AppError(.input, "\(path) is not a ChainBreaker fraud-type model (format \(HashedLinearClassifier.formatVersion))")
        }
        return m
    }
}
