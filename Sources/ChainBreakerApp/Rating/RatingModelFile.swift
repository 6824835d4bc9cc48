import ChainBreakerCore
import Foundation

/// A trained rating model on disk: JSON `{"engine": "logistic"|"trees", "trained_on": N, "model": …}`.
public enum RatingModelFile {
    public enum Model: Sendable {
        case logistic(LogisticRater)
        case trees(BoostedTreesRater)

        public var engine: String {
            switch self { case .logistic: "logistic"; case .trees: "trees" }
        }
    }

    struct Envelope<M: Codable>: Codable { var engine: String; var trained_on: Int; var model: M }
    struct Head: Codable { var engine: String }

    public static func write(_ m: Model, trainedOn: Int, to path: String) throws(AppError) {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        do {
            let data: Data
            switch m {
            case .logistic(let r): data = try enc.encode(Envelope(engine: m.engine, trained_on: trainedOn, model: r))
            case .trees(let r): data = try enc.encode(Envelope(engine: m.engine, trained_on: trainedOn, model: r))
            }
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw AppError(.input, "cannot write the model \(path)", cause: AppError.fileCause(error))
        }
    }

    public static func read(_ path: String) throws(AppError) -> Model {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError(.notFound, "no model file \(path)") }
        do {
            let head = try JSONDecoder().decode(Head.self, from: data)
            switch head.engine {
            case "logistic": return .logistic(try JSONDecoder().decode(Envelope<LogisticRater>.self, from: data).model)
            case "trees": return .trees(try JSONDecoder().decode(Envelope<BoostedTreesRater>.self, from: data).model)
            default: throw AppError(.input, "\(path): unknown engine \(head.engine)")
            }
        } catch let e as AppError {
            throw e
        } catch {
            throw AppError(.input, "\(path) is not a ChainBreaker rating model", cause: "\(error)")
        }
    }

    /// Labels by account number: a CSV with columns `account,label` (header optional; label
    /// normal / suspicious / malicious, or 正常 / 可疑 / 涉诈), or a JSON object
    /// `{account: {"label": …}}` (a dataset's ground truth, e.g. `truth/accounts.json`).
    public static func labels(_ path: String) throws(AppError) -> [String: RiskLevel] {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError(.notFound, "no labels file \(path)") }
        func level(_ s: String) -> RiskLevel? {
            switch s.trimmingCharacters(in: .whitespaces).lowercased() {
            case "normal", "正常", "0": .normal
            case "suspicious", "可疑", "1": .suspicious
            case "malicious", "涉诈", "2": .malicious
            default: nil
            }
        }
        var out: [String: RiskLevel] = [:]
        if data.first == UInt8(ascii: "{") {
            guard let obj = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw AppError(.input, "\(path): not a JSON object of accounts")
            }
            for (a, v) in obj {
                if let d = v as? [String: Any], let l = (d["label"] as? String).flatMap(level) { out[Normalize.account(a) ?? a] = l }
                else if let s = v as? String, let l = level(s) { out[Normalize.account(a) ?? a] = l }
            }
        } else {
            let text = String(decoding: data, as: UTF8.self)
            var line = 0, first = true
            for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                line += 1
                if raw.allSatisfy(\.isWhitespace) { continue }
                defer { first = false }
                let parts = raw.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 2 else { throw AppError(.input, "\(path):\(line): expected account,label") }
                guard let l = level(parts[1]) else {
                    if first { continue }   // the header (the first line that is not blank)
                    throw AppError(.input, "\(path):\(line): unknown label \(parts[1]) (normal, suspicious, malicious)")
                }
                out[Normalize.account(parts[0]) ?? parts[0]] = l
            }
        }
        if out.isEmpty { throw AppError(.input, "\(path): no labelled accounts") }
        return out
    }
}
