import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// The plan of an accepted assessment, tracked: owners, due dates, statuses and notes on the
/// page and through its CSV; what the next accepted assessment finds of it; what is coming due.
struct PlanTests {
    /// Accepts an example profile for Harbour (as of `asOf`), with evidence behind every rule
    /// the rule set asks it for.
    static func accepted(
        _ server: TestServer, example: String, asOf: String? = nil,
        edit: (String) -> String = { $0 }
    ) async throws -> StoredAssessment {
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let lead = try #require(try await server.storage.user(email: "lead@harbour.org"))
        var profile = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("assessments/\(example)"),
            encoding: .utf8)
        for name in ["Eastside Recovery Network", "Harbour AOD Services"] {
            profile = profile.replacingOccurrences(of: name, with: harbour.name)
        }
        if let asOf {
            profile = profile.replacingOccurrences(of: "as_of: 2026-06-30", with: "as_of: \(asOf)")
        }
        let service = AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
        let stored = try await service.submit(
            profileText: edit(profile), name: "p.yaml", organisation: harbour, by: member)
        for rule in ["SUP-01", "CMP-02"] {
            _ = try await server.storage.addEvidence(
                NewEvidence(
                    token: Secrets.newToken(), organisationID: harbour.id,
                    cycle: try #require(stored.cycle), subject: "rule:\(rule)", kind: .link,
                    url: "https://intranet.harbour.org/\(rule)", addedBy: lead.id,
                    addedAt: Date()))
        }
        return try await service.review(stored, accept: true, note: nil, by: lead)
    }

    @Test func acceptingTracksThePlanAndTheTeamWorksThroughIt() async throws {
        let server = try await TestServer()
        let stored = try await Self.accepted(server, example: "03-harbour-developing.yaml")
        let report = try AssessmentService.report(stored)
        let items = try await server.storage.planItems(assessmentID: stored.id)
        #expect(items.map(\.actionID) == report.plan.flatMap { $0.actions.map(\.id) })
        let first = try #require(items.first)
        #expect(first.due == report.plan[0].due)
        #expect(first.status == .planned)
        let plan = "/assessments/\(stored.id)/plan"
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            let page = try await member.get(client, plan)
            #expect(page.status == .ok)
            #expect(page.text.contains("\(items.count) actions: \(items.count) planned"))
            func save(_ fields: [(String, String)]) async throws -> TestResponse {
                try await member.post(client, "\(plan)/\(first.actionID)", fields)
            }
            let base = [("owner", "a@harbour.org"), ("due", "2026-08-01"), ("notes", "")]
            let badDate = try await save(
                [("owner", ""), ("due", "2026-02-31"), ("status", "planned"), ("notes", "")])
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.text.contains("is not a date: write it as YYYY-MM-DD"))
            let stranger = try await save(
                [("owner", "b@riverbend.org"), ("due", ""), ("status", "planned"), ("notes", "")])
            #expect(stranger.text.contains("is not a member of this organisation"))
            let verify = try await save(base + [("status", "verified")])
            #expect(verify.text.contains("verified by the next assessment, or by the lead"))
            #expect(try await save(base + [("status", "in_progress")]).status == .seeOther)
            let saved = try #require(
                try await server.storage.planItems(assessmentID: stored.id).first)
            #expect(saved.status == .inProgress)
            #expect(saved.due == "2026-08-01")
            #expect(saved.ownerID == (try await server.storage.user(email: "a@harbour.org"))?.id)
            // Each change is in the trail, old → new.
            let trail = try await server.storage.auditTrail(
                organisationID: stored.organisationID, cycle: try #require(stored.cycle))
            let changes = trail.filter { $0.action == "plan.change" }.map {
                "\($0.subject ?? ""): \($0.oldValue ?? "—") → \($0.newValue ?? "—")"
            }
            #expect(
                changes == [
                    "plan:\(first.actionID).owner: — → a@harbour.org",
                    "plan:\(first.actionID).due: \(first.due ?? "—") → 2026-08-01",
                    "plan:\(first.actionID).status: planned → in progress",
                ])
            // Who may change it: its own accounts; an admin reads it; others do not see it.
            let admin = Browser()
            try await admin.signIn(client, "admin@example.org")
            #expect(try await admin.get(client, plan).status == .ok)
            #expect(
                try await admin.post(client, "\(plan)/\(first.actionID)", base).status
                    == .forbidden)
            let other = Browser()
            try await other.signIn(client, "b@riverbend.org")
            #expect(try await other.get(client, plan).status == .notFound)
            #expect(try await other.get(client, "\(plan)/tracked.csv").status == .notFound)
            #expect(
                try await other.post(client, "\(plan)/\(first.actionID)", base).status
                    == .notFound)
        }
    }

    /// The CSV downloaded, edited as a spreadsheet would, and imported: it reads back to the
    /// same file, and a problem names its line and column with nothing saved.
    @Test func theTrackedPlanRoundTripsThroughItsCSV() async throws {
        let server = try await TestServer()
        let stored = try await Self.accepted(server, example: "03-harbour-developing.yaml")
        let plan = "/assessments/\(stored.id)/plan"
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            _ = try await member.get(client, plan)
            let exported = try await member.get(client, "\(plan)/tracked.csv").text
            func importing(_ csv: String) async throws -> TestResponse {
                try await member.postMultipart(
                    client, "\(plan)/import", [], file: ("file", "plan.csv", Array(csv.utf8)))
            }
            let unchanged = try await importing(exported)
            #expect(unchanged.text.contains("Imported: nothing had changed."))
            // A spreadsheet's edit: an owner, a status, notes with a comma, a quote and a
            // leading `=` (written guarded), a due date.
            var rows = try CSVReader.rows(exported)
            let header = rows[0].fields
            func set(_ row: Int, _ column: String, _ value: String) {
                rows[row].fields[try! #require(header.firstIndex(of: column))] = value
            }
            set(1, "owner", "lead@harbour.org")
            set(1, "status", "done")
            set(1, "notes", "=SUM(A1), said \"Jo\", done at the March meeting")
            set(2, "due", "2026-10-15")
            let edited = rows.map { CSVRenderer.row($0.fields) }.joined()
            let imported = try await importing(edited)
            #expect(imported.text.contains("Imported: 2 actions changed."))
            let again = try await member.get(client, "\(plan)/tracked.csv").text
            // What was edited reads back as written (the overdue column is worked out anew).
            let kept = ["action", "title", "phase", "rules", "owner", "due", "status", "notes"]
                .compactMap { header.firstIndex(of: $0) }
            #expect(
                try CSVReader.rows(again).map { row in kept.map { row.fields[$0] } }
                    == rows.map { row in kept.map { row.fields[$0] } })
            let items = try await server.storage.planItems(assessmentID: stored.id)
            #expect(items[0].notes == "=SUM(A1), said \"Jo\", done at the March meeting")
            #expect(items[0].status == .done)
            #expect(items[1].due == "2026-10-15")
            #expect(try await importing(again).text.contains("nothing had changed"))
            #expect(try await member.get(client, "\(plan)/tracked.csv").text == again)

            // Problems: each at its line and column; nothing saved.
            var broken = rows
            broken[1].fields[try #require(header.firstIndex(of: "status"))] = "finished"
            broken[2].fields[0] = rows[2].fields[0] + "X"
            let refused = try await importing(broken.map { CSVRenderer.row($0.fields) }.joined())
            #expect(refused.status == .unprocessableContent)
            let statusColumn = try #require(header.firstIndex(of: "status")) + 1
            #expect(
                refused.text.contains(
                    "plan.csv: Line 2, column \(statusColumn) (status): `finished` is not a status")
            )
            #expect(refused.text.contains("Line 3, column 1 (action): `\(rows[2].fields[0])X`"))
            #expect(refused.text.contains("did you mean `\(rows[2].fields[0])`?"))
            let open = try await importing("action,owner,due,status,notes\r\n\"ACT-X,a")
            #expect(open.text.contains("Line 2, column 1 (file): A quoted field is never closed."))
            let noHeader = try await importing("ACT-X,,,done,\r\n")
            #expect(noHeader.text.contains("The first line must name the columns"))
            #expect(try await server.storage.planItems(assessmentID: stored.id) == items)
        }
    }

    /// The next accepted assessment verifies the actions whose rules now pass, and flags those
    /// marked done whose rules still fail.
    @Test func theNextAssessmentVerifiesAndFlags() async throws {
        let server = try await TestServer()
        let first = try await Self.accepted(server, example: "03-harbour-developing.yaml")
        var items = try await server.storage.planItems(assessmentID: first.id)
        let laterProfile = "04-eastside-established.yaml"
        // Which of the first plan's actions close rules that pass in the later profile.
        let laterReport = try AssessmentReport(
            await Assessment.assess(
                ruleSet: server.ruleSet,
                profileBytes: Array(
                    try Data(
                        contentsOf: Paths.repositoryRoot.appendingPathComponent(
                            "assessments/\(laterProfile)"))),
                name: "p.yaml"))
        let outcome = Dictionary(
            uniqueKeysWithValues: laterReport.rules.map { ($0.id, $0.outcome) })
        let fixed = try #require(
            items.first { !$0.closes.isEmpty && $0.closes.allSatisfy { outcome[$0] == .pass } })
        let stillFailing = try #require(
            items.first { $0.closes.contains { outcome[$0] == .fail } })
        for index in items.indices where items[index].actionID == stillFailing.actionID {
            items[index].status = .done
        }
        let lead = try #require(try await server.storage.user(email: "lead@harbour.org"))
        try await server.storage.updatePlanItems(items, by: lead.id, at: Date())
        let second = try await Self.accepted(server, example: laterProfile, asOf: "2026-12-01")
        let after = try await server.storage.planItems(assessmentID: first.id)
        let verified = try #require(after.first { $0.actionID == fixed.actionID })
        #expect(verified.status == .verified)
        #expect(verified.verifiedBy == second.id)
        let flagged = try #require(after.first { $0.actionID == stillFailing.actionID })
        #expect(flagged.status == .done)
        #expect(flagged.stillFailingIn == second.id)
        let trail = try await server.storage.auditTrail(
            organisationID: second.organisationID, cycle: try #require(second.cycle))
        #expect(
            trail.contains {
                $0.action == "plan.verify" && $0.subject == "plan:\(fixed.actionID).status"
            })
        #expect(trail.contains { $0.action == "plan.still-failing" })
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            let page = try await member.get(client, "/assessments/\(first.id)/plan")
            #expect(
                page.text.contains(
                    "Verified: the rules it closes pass in a later assessment (#\(second.id))."))
            #expect(
                page.text.contains(
                    "Marked done, but the rules it closes still fail in a later assessment (#\(second.id))."
                ))
        }
    }

    /// The organisation's page lists overdue actions and the rules whose answers go out of
    /// date within 30 days.
    @Test func comingDue() async throws {
        let server = try await TestServer()
        let stored = try await Self.accepted(server, example: "03-harbour-developing.yaml") {
            $0.replacingOccurrences(
                of: "strategy_reviewed: 2024-11-01", with: "strategy_reviewed: 2026-01-15")
        }
        let service = AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let today = try #require(formatter.date(from: "2026-12-20"))
        let ageing = try await service.ageing(stored, today: today)
        #expect(ageing.map(\.ruleID) == ["COM-02"])
        #expect(ageing.first?.from == "2027-01-16")
        // Made under another version of the rule set: not worked out.
        var older = stored
        older.ruleSetSHA256 = String(repeating: "0", count: 64)
        #expect(try await service.ageing(older, today: today).isEmpty)
        #expect(
            try await service.ageing(
                stored, today: try #require(formatter.date(from: "2026-11-01"))
            ).isEmpty)
        // An action past its date shows as overdue on the organisation's page.
        var items = try await server.storage.planItems(assessmentID: stored.id)
        items[0].due = "2026-01-31"
        let lead = try #require(try await server.storage.user(email: "lead@harbour.org"))
        try await server.storage.updatePlanItems([items[0]], by: lead.id, at: Date())
        let title = items[0].title
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            let page = try await member.get(client, "/organisations/\(stored.organisationID)")
            #expect(page.text.contains("Coming due"))
            #expect(
                page.text.contains("\(title)</a> — overdue: it was due 2026-01-31, no owner yet"))
        }
    }
}
