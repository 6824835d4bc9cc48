import ChainBreakerCore
import Foundation

/// Scores warnings against a generated package's `truth/` (evaluation only: the engine never
/// sees it). A warning's subject is mapped to a person: a phone directly, an account through
/// `persons.json` (cards, WeChat Pay id).
///
/// * recall: victims reachable in the stream (`warnings.json`, `in_event_window`) with a warning
///   at or before their first loss (an intercept on the first payment holds it);
/// * false warnings: warnings on people who are neither a victim (any time) nor at risk
///   (`at_risk.json`), or on accounts no person holds; rate per 10,000 residents per day of the
///   event window.
public struct WarnEvaluation: Sendable, CustomStringConvertible {
    public var victims = 0, warnedInTime = 0, warnedLate = 0
    public var warnings = 0, falseWarnings = 0, atRiskWarned = 0, atRisk = 0
    public var residents = 0
    public var days = 0.0
    public var byDetector: [String: (true: Int, false: Int)] = [:]
    public var missed: [String] = []
    /// The false warnings: time, detector, subject, first reason.
    public var falseList: [String] = []

    public var recall: Double { victims == 0 ? 1 : Double(warnedInTime) / Double(victims) }
    public var falsePer10kPerDay: Double { residents == 0 || days == 0 ? 0 : Double(falseWarnings) / Double(residents) / days * 10_000 }

    public var description: String {
        let det = byDetector.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.true)/\($0.value.false)" }.joined(separator: ", ")
        return String(format: "recall %.3f (%d/%d in time, %d late), false %d = %.2f per 10k people per day (%d residents, %.1f days), at-risk warned %d/%d, %d warnings; by detector (true/false): %@",
                      recall, warnedInTime, victims, warnedLate, falseWarnings, falsePer10kPerDay, residents, days, atRiskWarned, atRisk, warnings, det)
    }

    static func json(_ path: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) }

    public static func score(_ warnings: [WarningReport], truthDir dir: String) throws -> WarnEvaluation {
        let victims = try json(dir + "/warnings.json") as! [String: [String: Any]]
        let atRisk = try json(dir + "/at_risk.json") as! [String: Any]
        let persons = try json(dir + "/persons.json") as! [String: [String: Any]]
        let summary = try json(dir + "/summary.json") as! [String: Any]
        var phoneOfAccount: [String: String] = [:]
        var residents = 0
        for (_, p) in persons {
            guard let phone = p["phone"] as? String else { continue }
            if p["citizen"] as? Bool == true { residents += 1 }
            for c in p["cards"] as? [String] ?? [] { phoneOfAccount[c] = phone }
            if let w = p["wechat_pay"] as? String { phoneOfAccount[w] = phone }
        }
        var s = WarnEvaluation()
        s.residents = (summary["citizens"] as? Int) ?? residents
        if let w = summary["event_window"] as? [String: Any], let a = (w["start"] as? String).flatMap(Instant.parse), let b = (w["end"] as? String).flatMap(Instant.parse) {
            s.days = Double(b.seconds - a.seconds) / 86_400
        }
        s.warnings = warnings.count
        s.atRisk = atRisk.count
        var firstWarning: [String: Int64] = [:]
        var atRiskSeen = Set<String>()
        for w in warnings {
            guard let t = Instant.parse(w.time)?.seconds else { continue }
            var person: String?
            if w.subject.hasPrefix("phone:") { person = String(w.subject.dropFirst(6)) }
            else if w.subject.hasPrefix("account:") { person = phoneOfAccount[String(w.subject.dropFirst(8))] }
            let isTrue = person.map { victims[$0] != nil || atRisk[$0] != nil } ?? false
            var d = s.byDetector[w.detector] ?? (0, 0)
            if isTrue { d.true += 1 } else {
                d.false += 1; s.falseWarnings += 1
                s.falseList.append("\(w.time) \(w.detector) \(w.subject): \(w.reasons.first ?? "")")
            }
            s.byDetector[w.detector] = d
            if let p = person {
                firstWarning[p] = min(firstWarning[p] ?? .max, t)
                if atRisk[p] != nil { atRiskSeen.insert(p) }
            }
        }
        s.atRiskWarned = atRiskSeen.count
        for (phone, v) in victims where v["in_event_window"] as? Bool == true {
            s.victims += 1
            guard let loss = (v["first_loss"] as? String).flatMap(Instant.parse)?.seconds else { continue }
            if let w = firstWarning[phone] {
                if w <= loss { s.warnedInTime += 1 } else { s.warnedLate += 1; s.missed.append(phone + " late (\(v["channel"] ?? "?"))") }
            } else { s.missed.append(phone + " (\(v["channel"] ?? "?"))") }
        }
        return s
    }
}
