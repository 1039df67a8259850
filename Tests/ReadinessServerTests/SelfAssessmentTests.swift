import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// The self-assessment through the pages: sections saved as drafts, a stale save refused
/// with what was typed shown again, submission frozen with the same figures as the library.
struct SelfAssessmentTests {
    static func example(_ name: String) throws -> String {
        try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("assessments/\(name).yaml"),
            encoding: .utf8)
    }

    /// Every example profile read into the form's answers and written back as YAML gives the
    /// same report as the file itself: the draft format loses nothing the engine reads.
    @Test(arguments: [
        "01-riverbend-no-peer-workforce", "02-northgate-starting-out", "03-harbour-developing",
        "04-eastside-established", "05-southern-embedded",
    ])
    func answersRoundTrip(example: String) throws {
        let ruleSet = try BuiltInRuleSet.load()
        let text = try Self.example(example)
        let written = ProfileText.yaml(
            try ProfileText.answers(text, name: "p.yaml"), schema: ruleSet.ruleSet.schema)
        let original = AssessmentReport(
            try Assessment.run(ruleSet: ruleSet, profileText: text, name: "p.yaml"))
        let again = AssessmentReport(
            try Assessment.run(ruleSet: ruleSet, profileText: written, name: "p.yaml"))
        #expect(again.summary == original.summary)
        #expect(again.rules == original.rules)
    }

    /// Text that YAML would read as something else is quoted when written.
    @Test func awkwardTextIsQuoted() throws {
        var record = AnswerRecord()
        for (offset, text) in [
            "true", "12", "~", "- a", "a: b", "#x", " lead", "O'Brien \"Bo\"", "2026-06-30", "",
        ]
        .enumerated() {
            record["f\(offset)"] = .text(text)
        }
        let yaml = ProfileText.yaml(record, schema: nil)
        let back = try ProfileText.answers(yaml, name: "p.yaml")
        #expect(back == record, "\(yaml)")
    }

    /// A section saved, the form shown again with the answers; a list of records grows and
    /// shrinks by its buttons; a save from a page opened before another save is refused (409)
    /// with the typed values shown, and the draft keeps the other save.
    @Test func sectionsAndStaleSaves() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let base = "/organisations/\(harbour.id)/sections"
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "\(base)/staff")
            let saved = try await browser.post(
                client, "\(base)/staff",
                [("revision", "0"), ("staff.total", "85"), ("staff.readiness_trained", "34")])
            #expect(saved.status == .seeOther)
            let page = try await browser.get(client, "\(base)/staff")
            #expect(page.text.contains(#"name="staff.total" value="85""#))
            #expect(try await server.storage.draft(organisationID: harbour.id)?.revision == 1)
            // A second tab, opened before the save, saves after it: refused, values shown.
            let stale = try await browser.post(
                client, "\(base)/staff", [("revision", "0"), ("staff.total", "90")])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("Someone else saved this assessment"))
            #expect(stale.text.contains(#"value="90""#))
            #expect(
                try await server.storage.draft(organisationID: harbour.id)?.profileText
                    .contains("total: 85") == true)
            // Peer workers: add two, name them, remove the first.
            _ = try await browser.get(client, "\(base)/peer_workers")
            _ = try await browser.post(
                client, "\(base)/peer_workers",
                [("revision", "1"), ("peer_workers#count", "0"), ("action", "add:peer_workers")])
            _ = try await browser.post(
                client, "\(base)/peer_workers",
                [
                    ("revision", "2"), ("peer_workers#count", "1"),
                    ("peer_workers[0].name", "Alex"), ("action", "add:peer_workers"),
                ])
            let two = try await browser.get(client, "\(base)/peer_workers")
            #expect(two.text.contains("Peer worker 1: Alex") || two.text.contains("1: Alex"))
            #expect(two.text.contains(#"name="peer_workers[1].name""#))
            _ = try await browser.post(
                client, "\(base)/peer_workers",
                [
                    ("revision", "3"), ("peer_workers#count", "2"),
                    ("peer_workers[0].name", "Alex"), ("peer_workers[1].name", "Bree"),
                    ("action", "remove:peer_workers[0]"),
                ])
            let one = try await browser.get(client, "\(base)/peer_workers")
            #expect(one.text.contains(#"value="Bree""#))
            #expect(!one.text.contains(#"value="Alex""#))
            // A section's problems are shown beside their fields, and listed with links.
            let header = try await browser.get(client, "\(base)/assessment")
            #expect(header.text.contains("error-summary"))
            #expect(header.text.contains(##"href="#f-assessment-as-of""##))
            #expect(header.text.contains(#"id="f-assessment-as-of-error""#))
            #expect(
                header.text.contains(
                    #"aria-describedby="f-assessment-as-of-hint f-assessment-as-of-error""#))
        }
    }

    /// Import Harbour's profile, submit it, and the stored report's score is the library's on
    /// the same text; the draft is gone and the assessment is in the history.
    @Test func importAndSubmit() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let text = try Self.example("03-harbour-developing")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let imported = try await browser.post(
                client, "/organisations/\(harbour.id)/import",
                [("revision", "0"), ("profile", text)])
            #expect(imported.status == .seeOther)
            let download = try await browser.get(client, "/organisations/\(harbour.id)/draft.yaml")
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let submitted = try await browser.post(
                client, "/organisations/\(harbour.id)/submit", [("revision", "1")])
            #expect(submitted.status == .seeOther, "\(submitted.text)")
            let location = try #require(submitted.headers[.location])
            let report = try await browser.get(client, location)
            #expect(report.status == .ok)
            let expected = AssessmentReport(
                try Assessment.run(
                    ruleSet: server.ruleSet, profileText: download.text, name: "draft.yaml"))
            let stored = try #require(
                try await server.storage.assessments(organisationIDs: nil).first)
            #expect(stored.score == expected.summary.score)
            #expect(report.text.contains(NumberFormat.oneDecimal(expected.summary.score)))
            #expect(try await server.storage.draft(organisationID: harbour.id) == nil)
            let home = try await browser.get(client, "/organisations/\(harbour.id)")
            #expect(home.text.contains(#"href="/assessments/\#(stored.id)""#))
            let trail = try await server.storage.auditTrail(organisationID: harbour.id)
            #expect(trail.map(\.action).contains("assessment.submit"))
        }
    }

    /// An incomplete draft is not submitted: 422, the problems listed with links.
    @Test func incompleteDraftIsNotSubmitted() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)/sections/staff")
            _ = try await browser.post(
                client, "/organisations/\(harbour.id)/sections/staff",
                [("revision", "0"), ("staff.total", "12")])
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let refused = try await browser.post(
                client, "/organisations/\(harbour.id)/submit", [("revision", "1")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("There are"))
            #expect(try await server.storage.assessments(organisationIDs: nil).isEmpty)
        }
    }

    /// Two submissions: the history shows a chart with its text equivalent and a form to
    /// compare them; the comparison names both scores; another organisation's assessments
    /// cannot be compared from here.
    @Test func historyAndDiff() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let riverbend = try await server.organisation("Riverbend Community Health")
        let service = AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
        let user = try #require(try await server.storage.user(email: "a@harbour.org"))
        let text = try Self.example("03-harbour-developing")
        let first = try await service.submit(
            profileText: text, name: "a.yaml", organisation: harbour, by: user)
        let second = try await service.submit(
            profileText: text.replacingOccurrences(
                of: "as_of: 2026-06-30", with: "as_of: 2026-12-31"
            )
            .replacingOccurrences(of: "managers_trained: false", with: "managers_trained: true"),
            name: "b.yaml", organisation: harbour, by: user)
        let other = try await service.submit(
            profileText: try Self.example("01-riverbend-no-peer-workforce")
                .replacingOccurrences(
                    of: "organisation: Riverbend Drug and Alcohol Service",
                    with: "organisation: Riverbend Community Health"),
            name: "c.yaml", organisation: riverbend,
            by: try #require(try await server.storage.user(email: "b@riverbend.org")))
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            let page = try await browser.get(client, "/organisations/\(harbour.id)")
            #expect(page.text.contains(#"role="img" aria-labelledby="history-title history-desc""#))
            #expect(page.text.contains("2026-06-30: \(NumberFormat.oneDecimal(first.score))"))
            #expect(page.text.contains("Compare two assessments"))
            let diff = try await browser.get(
                client, "/organisations/\(harbour.id)/diff?from=\(first.id)&to=\(second.id)")
            #expect(diff.status == .ok)
            #expect(diff.text.contains(NumberFormat.oneDecimal(second.score)))
            let mixed = try await browser.get(
                client, "/organisations/\(harbour.id)/diff?from=\(first.id)&to=\(other.id)")
            #expect(mixed.status == .notFound)
        }
    }
}
