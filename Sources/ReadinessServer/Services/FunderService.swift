import Foundation
import ReadinessCore
import SourceDiagnostics

/// What a funder sees and decides: its portfolio, its contract (a tailoring and a cadence),
/// the dashboard (`readiness batch` over each organisation's latest accepted assessment,
/// live from the store), and the waivers it grants. Funders read; they never change an
/// organisation's answers.
package struct FunderService: Sendable {
    package let assessments: AssessmentService
    /// Rows already worked out, by assessment, contract and waivers: an accepted assessment
    /// never changes, so its row under one contract and one set of waivers is worked out once.
    private let rows = RowCache()

    package init(assessments: AssessmentService) {
        self.assessments = assessments
    }

    package var storage: any Storage { assessments.storage }

    /// The longest cadence a contract may ask for: five years.
    package static let longestCadence = 1_826

    /// Why a request of a funder's is refused, in words for the page.
    package struct Refusal: Error, Equatable {
        package var field: String
        package var message: String
    }

    // MARK: The portfolio

    /// A funder's organisations: those joined, then those invited, each by name.
    package func portfolio(funderID: Int64) async throws -> (
        joined: [Organisation], invited: [Organisation]
    ) {
        let memberships = try await storage.memberships(funderID: funderID, organisationID: nil)
        let organisations = Dictionary(
            uniqueKeysWithValues: try await storage.organisations().map { ($0.id, $0) })
        func named(_ status: Membership.Status) -> [Organisation] {
            // By name without regard to case, compared as plain text: a collation per
            // comparison (ICU's) was much of a large portfolio's page.
            memberships.filter { $0.status == status }.compactMap {
                organisations[$0.organisationID].map { ($0.name.lowercased(), $0) }
            }
            .sorted { $0.0 < $1.0 }.map(\.1)
        }
        return (named(.joined), named(.invited))
    }

    /// Invites an organisation, by its name as its assessments give it.
    package func invite(named name: String, funderID: Int64, by user: User) async throws
        -> Organisation
    {
        let trimmed = String(name.trimmingWhitespace())
        guard let organisation = try await storage.organisation(named: trimmed) else {
            let names = try await storage.organisations().map(\.name)
            throw Refusal(
                field: "organisation",
                message: "No organisation is called “\(trimmed)”."
                    + (Suggestion.closest(to: trimmed, among: names).map {
                        " Did you mean “\($0)”?"
                    } ?? " Its lead's account names it as its assessments do."))
        }
        try await storage.invite(
            funderID: funderID, organisationID: organisation.id, by: user.id, at: Date())
        return organisation
    }

    // MARK: The contract

    /// Sets the contract: the tailoring is checked against the rule set with the messages of
    /// `readiness check`, the cadence must be a whole number of days from 1 to five years.
    ///
    /// - Throws: ``Refusal`` for a cadence out of range; `DiagnosticError` for a tailoring
    ///   that does not fit the rule set (nothing is stored).
    package func setContract(
        funder: Funder, tailoringBytes: [UInt8], name: String, cadenceText: String, by user: User
    ) async throws -> Contract {
        guard let cadence = Int(cadenceText.trimmingWhitespace()),
            (1...Self.longestCadence).contains(cadence)
        else {
            throw Refusal(
                field: "cadence",
                message:
                    "Give the cadence as a whole number of days from 1 to \(Self.longestCadence), such as 365."
            )
        }
        guard !tailoringBytes.isEmpty else {
            throw Refusal(field: "tailoring", message: "Choose the tailoring file to upload.")
        }
        let tailored = try assessments.ruleSet.tailored(bytes: tailoringBytes, name: name)
        let tailoring = tailored.tailoring
        let contract = Contract(
            funderID: funder.id, tailoringText: String(decoding: tailoringBytes, as: UTF8.self),
            tailoringName: name, tailoringSHA256: tailoring?.digest ?? "", cadenceDays: cadence,
            updatedAt: Date(), updatedBy: user.id)
        try await storage.setContract(
            contract,
            audit: AuditEntry(
                at: contract.updatedAt, userID: user.id, organisationID: nil,
                action: "contract.set",
                detail:
                    "\(funder.name): tailoring \(tailoring?.id ?? name) (\(name)), every \(cadence) days",
                subject: "contract", newValue: contract.tailoringSHA256))
        return contract
    }

    /// The rule set as a contract tailors it (the rule set itself without one), compiled once
    /// per tailoring.
    package func ruleSet(under contract: Contract?) async throws -> CompiledRuleSet {
        guard let contract else { return assessments.ruleSet }
        if let known = await rows.ruleSet(contract.tailoringSHA256) { return known }
        let tailored = try assessments.ruleSet.tailored(
            bytes: Array(contract.tailoringText.utf8), name: contract.tailoringName)
        await rows.keep(tailored, for: contract.tailoringSHA256)
        return tailored
    }

    // MARK: The dashboard

    /// One organisation's line of the dashboard.
    package struct Entry: Sendable {
        package var organisation: Organisation
        /// Its latest accepted assessment, and its row under the contract (with the funder's
        /// waivers); `nil` when none is accepted yet.
        package var assessmentID: Int64?
        package var row: Batch.Row?
        /// Whether the last accepted assessment is older than the contract's cadence (or
        /// there is none); the day it fell due.
        package var overdue: Bool
        package var due: String?
    }

    /// The portfolio's figures at one date: each organisation's latest accepted assessment as
    /// of then.
    package struct TrendPoint: Sendable, Equatable {
        package var date: String
        package var organisations: Int
        package var averageScore: Double
        package var compliant: Int
    }

    /// The dashboard: each joined organisation's line, the totals of those assessed (as
    /// `readiness batch` gives them), the trend by quarter.
    package struct Dashboard: Sendable {
        package var funder: Funder
        package var contract: Contract?
        package var ruleSet: CompiledRuleSet
        package var entries: [Entry]
        package var invited: [Organisation]
        package var totals: Batch.Totals
        package var trend: [TrendPoint]
        /// The waivers in force today, by organisation.
        package var waivers: [StoredWaiver]

        /// The organisations overdue, by name.
        package var overdue: [Entry] { entries.filter(\.overdue) }
    }

    /// The dashboard of a funder's portfolio as of `today` (`YYYY-MM-DD`).
    package func dashboard(funder: Funder, today: String) async throws -> Dashboard {
        let contract = try await storage.contract(funderID: funder.id)
        let ruleSet = try await ruleSet(under: contract)
        let (joined, invited) = try await portfolio(funderID: funder.id)
        let ids = Set(joined.map(\.id))
        let accepted = try await storage.assessmentSummaries(organisationIDs: ids).filter {
            $0.status == .accepted
        }
        let waivers = try await storage.waivers(funderID: funder.id, organisationID: nil)
        let byOrganisation = Dictionary(grouping: accepted, by: \.organisationID)
        let grantedByOrganisation = Dictionary(
            grouping: waivers.filter { $0.status == .granted }, by: \.organisationID)
        let batch = Batch(ruleSet: ruleSet)
        // Every accepted assessment's key, and the rows already known, in one call.
        var keys: [Int64: RowCache.Key] = [:]
        for summary in accepted {
            keys[summary.id] = RowCache.Key(
                assessment: summary.id, contract: contract?.tailoringSHA256 ?? "",
                waivers: (grantedByOrganisation[summary.organisationID] ?? []).map {
                    "\($0.id) \($0.granted ?? "") \($0.expires)"
                }.joined(separator: ";"))
        }
        var rowsByAssessment = await rows.rows(Array(keys.values))
        var entries: [Entry] = []
        for organisation in joined {
            let own = byOrganisation[organisation.id] ?? []
            for summary in own where rowsByAssessment[summary.id] == nil {
                guard let key = keys[summary.id],
                    let row = try await row(
                        summary.id, organisation: organisation, batch: batch,
                        waivers: grantedByOrganisation[organisation.id] ?? [])
                else { continue }
                rowsByAssessment[summary.id] = row
                await rows.keep(row, for: key)
            }
            // The latest by its date, the later submission among equals.
            let latest = own.max { ($0.asOf, $0.id) < ($1.asOf, $1.id) }
            let due = latest.map { Self.day($0.asOf, plus: contract?.cadenceDays ?? 365) }
            entries.append(
                Entry(
                    organisation: organisation, assessmentID: latest?.id,
                    row: latest.flatMap { rowsByAssessment[$0.id] },
                    overdue: due.map { $0 <= today } ?? true, due: due))
        }
        let totals = batch.totals(of: entries.compactMap(\.row))
        let trend = Self.trend(
            accepted.compactMap { summary in
                rowsByAssessment[summary.id].map {
                    TrendInput(
                        organisation: summary.organisationID, asOf: summary.asOf, id: summary.id,
                        score: $0.score, compliant: $0.compliant == true)
                }
            }, today: today)
        let inForce = waivers.filter {
            $0.status == .granted && ($0.granted ?? "") <= today && today < $0.expires
        }
        return Dashboard(
            funder: funder, contract: contract, ruleSet: ruleSet, entries: entries,
            invited: invited, totals: totals, trend: trend, waivers: inForce)
    }

    /// An accepted assessment's row under the contract, with the organisation's waivers.
    private func row(
        _ id: Int64, organisation: Organisation, batch: Batch, waivers: [StoredWaiver]
    ) async throws -> Batch.Row? {
        guard let stored = try await storage.assessment(id: id) else { return nil }
        var weighed = batch
        weighed.waivers = Self.waiverList(waivers, organisation: organisation)
        return weighed.assess(
            bytes: Array(stored.profileText.utf8), name: "assessment \(stored.id)")
    }

    /// Granted waivers as the library weighs them, each named by where it is kept.
    package static func waiverList(_ waivers: [StoredWaiver], organisation: Organisation)
        -> WaiverList?
    {
        let granted = waivers.filter { $0.status == .granted }
        guard !granted.isEmpty else { return nil }
        return WaiverList(
            waivers: granted.compactMap { waiver in
                waiver.granted.map {
                    Waiver(
                        rule: waiver.rule, organisation: organisation.name,
                        justification: waiver.justification,
                        approvedBy: waiver.approvedBy ?? "", granted: $0, expires: waiver.expires,
                        location: "waiver \(waiver.id)")
                }
            }, path: "")
    }

    /// What the trend needs of one accepted assessment.
    struct TrendInput {
        var organisation: Int64
        var asOf: String
        var id: Int64
        var score: Double?
        var compliant: Bool
    }

    /// By quarter, from the quarter of the earliest assessment to today's: the organisations
    /// with an accepted assessment by then, their average score (each its latest by then) and
    /// how many comply.
    static func trend(_ assessed: [TrendInput], today: String) -> [TrendPoint] {
        // Oldest first: each quarter then takes every assessment up to its end, in one pass.
        let ordered = assessed.sorted { ($0.asOf, $0.id) < ($1.asOf, $1.id) }
        guard let first = ordered.first?.asOf else { return [] }
        var points: [TrendPoint] = []
        var latest: [Int64: Int] = [:]
        var next = 0
        var end = quarterEnd(of: first)
        let last = quarterEnd(of: today)
        while end <= last {
            while next < ordered.count, ordered[next].asOf <= end {
                latest[ordered[next].organisation] = next
                next += 1
            }
            let scores = latest.values.compactMap { ordered[$0].score }
            if !scores.isEmpty {
                points.append(
                    TrendPoint(
                        date: min(end, today), organisations: scores.count,
                        averageScore: AssessmentReport.round(
                            scores.reduce(0, +) / Double(scores.count)),
                        compliant: latest.values.filter { ordered[$0].compliant }.count))
            }
            end = quarterEnd(of: day(end, plus: 1))
        }
        return points
    }

    /// The last day of a day's quarter (`YYYY-MM-DD`).
    static func quarterEnd(of day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        let month = ((parts[1] - 1) / 3 + 1) * 3
        let last = [3: 31, 6: 30, 9: 30, 12: 31][month] ?? 30
        return String(format: "%04d-%02d-%02d", parts[0], month, last)
    }

    /// `day` (`YYYY-MM-DD`) plus some days; `day` itself when it is not a day. Counted as
    /// the rules count dates (``CELTimestamp``), not by Foundation's formatters, which went
    /// through ICU for each of a dashboard's due dates.
    package static func day(_ day: String, plus days: Int) -> String {
        guard isDay(day), let start = CELTimestamp(rfc3339: day + "T00:00:00Z"),
            let moved = CELTimestamp(seconds: start.seconds + Int64(days) * 86_400)
        else { return day }
        return moved.date
    }

    /// Whether a text is a day that exists, written `YYYY-MM-DD`.
    package static func isDay(_ text: String) -> Bool {
        text.utf8.count == 10 && CELTimestamp(rfc3339: text + "T00:00:00Z")?.date == text
    }
}

/// The dashboard's rows and the contracts' rule sets, kept while the server runs. A row is
/// kept by assessment and contract, with the waivers it was worked out with: a change of
/// waivers replaces it, so the rows kept are at most one per accepted assessment and contract.
actor RowCache {
    struct Key: Hashable {
        var assessment: Int64
        var contract: String
        /// The organisation's granted waivers, as a fingerprint (id, grant and expiry).
        var waivers: String
    }

    private struct Slot: Hashable {
        var assessment: Int64
        var contract: String
    }

    private var rows: [Slot: (waivers: String, row: Batch.Row)] = [:]
    private var ruleSets: [String: CompiledRuleSet] = [:]

    /// The rows known of these keys, by assessment.
    func rows(_ keys: [Key]) -> [Int64: Batch.Row] {
        var found: [Int64: Batch.Row] = [:]
        for key in keys {
            if let kept = rows[Slot(assessment: key.assessment, contract: key.contract)],
                kept.waivers == key.waivers
            {
                found[key.assessment] = kept.row
            }
        }
        return found
    }

    func keep(_ row: Batch.Row, for key: Key) {
        rows[Slot(assessment: key.assessment, contract: key.contract)] = (key.waivers, row)
    }

    func ruleSet(_ digest: String) -> CompiledRuleSet? { ruleSets[digest] }
    func keep(_ ruleSet: CompiledRuleSet, for digest: String) { ruleSets[digest] = ruleSet }
}
