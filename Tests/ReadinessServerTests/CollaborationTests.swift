import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// Working on the team self-assessment together: a round with two respondents who disagree,
/// settled by the lead; the draft submitted, returned with a reason, submitted again and
/// accepted; the audit trail of it all; and who may do each step.
struct CollaborationTests {
    /// The statements of the team rule set, as the round's form names them.
    static func statements(_ server: TestServer) -> [RoundService.Statement] {
        RoundService(
            assessments: AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
        ).statements
    }

    /// Every statement rated `level`.
    static func ratings(_ server: TestServer, _ level: Int, action: String) -> [(String, String)] {
        statements(server).map { ($0.path, String(level)) } + [("action", action)]
    }

    static func id(_ response: TestResponse, after prefix: String) -> String? {
        guard let location = response.headers[.location], location.hasPrefix(prefix) else {
            return nil
        }
        return String(location.dropFirst(prefix.count).prefix { $0.isNumber })
    }

    @Test func aRoundIsAnsweredApartSettledTogetherAndSignedOff() async throws {
        let server = try await TestServer(rules: TestServer.teamRules)
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let leadUser = try #require(try await server.storage.user(email: "lead@harbour.org"))
        let base = "/organisations/\(harbour.id)"
        let statementCount = Self.statements(server).count
        #expect(statementCount == 25)
        try await server.application().test(.router) { client in
            let lead = Browser()
            try await lead.signIn(client, "lead@harbour.org")
            let home = try await lead.get(client, base)
            #expect(home.text.contains("Open the round"))
            // A role the rule set does not have is refused, and nothing is opened.
            let wrongRole = try await lead.post(
                client, "\(base)/rounds", [("role.\(member.id)", "volunteer")])
            #expect(wrongRole.status == .unprocessableContent)
            #expect(wrongRole.text.contains("“volunteer” is not a role of this rule set"))
            let nobody = try await lead.post(client, "\(base)/rounds", [])
            #expect(nobody.text.contains("Invite at least one member"))
            #expect(try await server.storage.rounds(organisationID: harbour.id).isEmpty)
            let opened = try await lead.post(
                client, "\(base)/rounds",
                [("role.\(member.id)", "peer_worker"), ("role.\(leadUser.id)", "leadership")])
            #expect(opened.status == .seeOther)
            let roundID = try #require(Self.id(opened, after: "\(base)/rounds/"))
            let round = "\(base)/rounds/\(roundID)"
            // Only one round at a time.
            let again = try await lead.post(
                client, "\(base)/rounds", [("role.\(member.id)", "peer_worker")])
            #expect(again.text.contains("A round is open already"))

            // The member rates every statement low, saving first, then submitting.
            let sam = Browser()
            try await sam.signIn(client, "a@harbour.org")
            let form = try await sam.get(client, round)
            #expect(form.text.contains("Submit my ratings"))
            #expect(!form.text.contains("Ratings side by side"))
            let saved = try await sam.post(
                client, "\(round)/answers", Self.ratings(server, 1, action: "save"))
            #expect(saved.status == .seeOther)
            // A rating that is not a level is refused with the statement named.
            var forged = Self.ratings(server, 1, action: "save")
            forged[0].1 = "7"
            let refused = try await sam.post(client, "\(round)/answers", forged)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("rated with something other than a level"))
            #expect(
                try await sam.post(
                    client, "\(round)/answers", Self.ratings(server, 1, action: "submit")
                ).status == .seeOther)
            let afterSubmitting = try await sam.get(client, round)
            #expect(afterSubmitting.text.contains("Ratings side by side"))
            #expect(
                try await sam.post(
                    client, "\(round)/answers", Self.ratings(server, 2, action: "save")
                ).text.contains("You submitted your answers already"))

            // The lead, a respondent too, sees no one's ratings before giving their own.
            // Nor from the trail: the others' ratings are hidden there until she has rated.
            let trailBefore = try await lead.get(client, "\(base)/audit")
            #expect(trailBefore.text.contains("hidden until you have rated"))
            let leadForm = try await lead.get(client, round)
            #expect(leadForm.text.contains("Submit my ratings"))
            #expect(!leadForm.text.contains("Settle the agreed ratings"))
            #expect(!leadForm.text.contains("a@harbour.org (peer worker): 1"))
            _ = try await lead.post(
                client, "\(round)/answers", Self.ratings(server, 3, action: "submit"))
            #expect(
                !(try await lead.get(client, "\(base)/audit")).text.contains(
                    "hidden until you have rated"))
            let compare = try await lead.get(client, round)
            #expect(compare.text.contains("Settle the agreed ratings"))
            #expect(compare.text.contains("a@harbour.org (peer worker): 1 Needs improvement"))
            #expect(compare.text.contains("lead@harbour.org (leadership): 3 Exemplary"))
            #expect(compare.text.contains("\(statementCount) statements rated far apart"))
            #expect(
                compare.text.components(separatedBy: "statement disagrees").count - 1
                    == statementCount)

            // The member may not settle; the lead settles every statement at 2, with a
            // comment on the first.
            let first = try #require(Self.statements(server).first)
            let revision = try #require(
                try await server.storage.draft(organisationID: harbour.id)?.revision)
            var settlement = Self.statements(server).map { ("agreed.\($0.path)", "2") }
            settlement += [
                ("comment.\(first.path)", "Agreed after talking it through"),
                ("revision", String(revision)),
            ]
            #expect(
                try await sam.post(client, "\(round)/settle", settlement).status == .forbidden)
            let settled = try await lead.post(client, "\(round)/settle", settlement)
            #expect(settled.status == .seeOther)
            let draft = try #require(try await server.storage.draft(organisationID: harbour.id))
            let answers = try ProfileText.answers(draft.profileText, name: "d.yaml")
            #expect(RoundService.answer(at: first.path, in: answers) == .number("2"))
            let comments = try await server.storage.comments(
                organisationID: harbour.id, cycle: draft.cycle)
            #expect(comments.map(\.body) == ["Agreed after talking it through"])
            #expect(
                try await sam.post(
                    client, "\(round)/answers", Self.ratings(server, 2, action: "save")
                ).text.contains("This round was settled"))

            // The header, then submission by the member.
            _ = try await sam.get(client, "\(base)/sections/assessment")
            let current = try #require(
                try await server.storage.draft(organisationID: harbour.id)?.revision)
            _ = try await sam.post(
                client, "\(base)/sections/assessment",
                [
                    ("revision", String(current)), ("assessment.as_of", "2026-12-01"),
                    ("action", "save"),
                ])
            let submitted = try await sam.post(
                client, "\(base)/submit", [("revision", String(current + 1))])
            let firstID = try #require(Self.id(submitted, after: "/assessments/"))
            #expect(
                try await server.storage.assessment(id: Int64(firstID)!)?.status == .submitted)

            // The organisation's page says it waits for the lead.
            #expect(
                try await sam.get(client, base).text.contains(
                    "The assessment as of 2026-12-01</a> awaits the lead's sign-off."))
            // Sign-off is the lead's: the member cannot; returning needs a reason.
            let report = try await sam.get(client, "/assessments/\(firstID)")
            #expect(report.text.contains("Sign-off: Awaiting sign-off"))
            #expect(!report.text.contains("Accept: it is final"))
            #expect(
                try await sam.post(client, "/assessments/\(firstID)/accept", []).status
                    == .forbidden)
            _ = try await lead.get(client, "/assessments/\(firstID)")
            let noReason = try await lead.post(
                client, "/assessments/\(firstID)/return", [("reason", "  ")])
            #expect(noReason.status == .conflict)
            #expect(noReason.text.contains("Say why the assessment is returned"))
            let returned = try await lead.post(
                client, "/assessments/\(firstID)/return",
                [("reason", "Add the supervision evidence first")])
            #expect(returned.status == .seeOther)
            #expect(try await server.storage.draft(organisationID: harbour.id) != nil)
            let back = try await sam.get(client, base)
            #expect(back.text.contains("Returned for changes"))
            #expect(back.text.contains("Add the supervision evidence first"))
            #expect(back.text.contains("Returned"))

            // Submitted again, then accepted: final.
            let redraft = try #require(
                try await server.storage.draft(organisationID: harbour.id)?.revision)
            let resubmitted = try await sam.post(
                client, "\(base)/submit", [("revision", String(redraft))])
            let secondID = try #require(Self.id(resubmitted, after: "/assessments/"))
            _ = try await lead.get(client, "/assessments/\(secondID)")
            let accepted = try await lead.post(client, "/assessments/\(secondID)/accept", [])
            #expect(accepted.status == .seeOther)
            let final = try await lead.post(client, "/assessments/\(secondID)/accept", [])
            #expect(final.status == .conflict)
            #expect(final.text.contains("was accepted already"))

            // The trail of the assessment: every step and every changed answer, old → new.
            let trail = try await server.storage.auditTrail(
                organisationID: harbour.id,
                cycle: try #require(
                    try await server.storage.assessment(id: Int64(secondID)!)?.cycle))
            let actions = trail.map(\.action)
            for action in [
                "round.open", "rating.change", "round.submit", "round.settle", "comment.add",
                "answer.change", "assessment.submit", "assessment.return", "assessment.accept",
            ] {
                #expect(actions.contains(action), "\(action) in the trail")
            }
            let change = try #require(
                trail.first { $0.action == "answer.change" && $0.subject == first.path })
            #expect(change.oldValue == nil)
            #expect(change.newValue == "2")
            let status = trail.filter { $0.subject == "status" }.map {
                "\($0.oldValue ?? "") → \($0.newValue ?? "")"
            }
            #expect(
                status == [
                    "draft → submitted", "submitted → returned", "draft → submitted",
                    "submitted → accepted",
                ])
            let page = try await sam.get(client, "/assessments/\(secondID)/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains("Returned the assessment"))
            #expect(page.text.contains("Add the supervision evidence first"))
            // An answer is named in words, its path under them.
            #expect(
                page.text.contains("\(first.label)<br><span class=\"status\">\(first.path)</span>"))
            #expect(page.text.contains("Sign-off<br>"))
        }
    }

    /// Who may reach the new pages: nobody signed in is sent to sign in, another
    /// organisation's member gets a 404, the organisation's members and an admin see them;
    /// what only the lead may do is a 403 for a member and a 404 for an outsider.
    @Test func accessToRoundsSignOffAndTheTrail() async throws {
        let server = try await TestServer(rules: TestServer.teamRules)
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let leadUser = try #require(try await server.storage.user(email: "lead@harbour.org"))
        let rounds = RoundService(
            assessments: AssessmentService(storage: server.storage, ruleSet: server.ruleSet))
        let round = try await rounds.open(
            organisation: harbour, respondents: [(member, "peer_worker")], by: leadUser)
        let profile = try String(
            contentsOfFile: TestServer.teamRules + "/examples/02-coastal-team-together.yaml",
            encoding: .utf8
        ).replacingOccurrences(of: "Coastal Recovery Services", with: harbour.name)
        let stored = try await rounds.assessments.submit(
            profileText: profile, name: "p.yaml", organisation: harbour, by: member)
        let base = "/organisations/\(harbour.id)"
        let pages = [
            "\(base)/rounds/\(round.id)", "\(base)/audit", "/assessments/\(stored.id)/audit",
        ]
        let leadOnly = [
            "\(base)/rounds", "\(base)/rounds/\(round.id)/settle",
            "/assessments/\(stored.id)/accept", "/assessments/\(stored.id)/return",
        ]
        try await server.application().test(.router) { client in
            for caller in ["", "a@harbour.org", "b@riverbend.org", "admin@example.org"] {
                let browser = Browser()
                if !caller.isEmpty { try await browser.signIn(client, caller) }
                for page in pages {
                    let response = try await browser.get(client, page)
                    let expected: HTTPResponse.Status =
                        caller.isEmpty ? .seeOther : caller == "b@riverbend.org" ? .notFound : .ok
                    #expect(response.status == expected, "\(caller) GET \(page)")
                }
                for route in leadOnly {
                    let response = try await browser.post(client, route, [("revision", "1")])
                    let expected: HTTPResponse.Status =
                        switch caller {
                        case "": .seeOther  // to sign in
                        case "b@riverbend.org": .notFound
                        default: .forbidden
                        }
                    #expect(response.status == expected, "\(caller) POST \(route)")
                }
            }
            // Nothing changed by any of them.
            #expect(try await server.storage.round(id: round.id)?.isOpen == true)
            #expect(try await server.storage.assessment(id: stored.id)?.status == .submitted)
            // A round of another organisation is not found through this one's path.
            let browser = Browser()
            try await browser.signIn(client, "b@riverbend.org")
            let riverbend = try await server.organisation("Riverbend Community Health")
            #expect(
                try await browser.get(client, "/organisations/\(riverbend.id)/rounds/\(round.id)")
                    .status == .notFound)
        }
    }

    /// The trail's moments and days, in UTC.
    @Test func timesAndDays() {
        let moment = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(CollaborationRoutes.time(moment) == "2026-11-30 00:53:20")
        #expect(CollaborationRoutes.day(moment) == "2026-11-30")
    }

    /// The built-in rule set answers each statement once: no rounds are offered, and opening
    /// one is refused in words.
    @Test func noRoundsWithoutRaters() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        try await server.application().test(.router) { client in
            let lead = Browser()
            try await lead.signIn(client, "lead@harbour.org")
            let page = try await lead.get(client, "/organisations/\(harbour.id)")
            #expect(!page.text.contains("Open the round"))
            let refused = try await lead.post(
                client, "/organisations/\(harbour.id)/rounds",
                [("role.\(member.id)", "peer_worker")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("answered once, not by several respondents"))
        }
    }
}
