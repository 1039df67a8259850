import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// Every refusal of working together not met on the way through the other tests: each says
/// why, and changes nothing.
struct CollaborationRefusalTests {
    static func team() async throws -> (TestServer, Organisation, User, User, RoundService) {
        let server = try await TestServer(rules: TestServer.teamRules)
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let lead = try #require(try await server.storage.user(email: "lead@harbour.org"))
        let rounds = RoundService(
            assessments: AssessmentService(storage: server.storage, ruleSet: server.ruleSet))
        return (server, harbour, member, lead, rounds)
    }

    @Test func roundsRefuseOutsidersUninvitedAndEarlySettling() async throws {
        let (server, harbour, member, lead, rounds) = try await Self.team()
        let outsider = try #require(try await server.storage.user(email: "b@riverbend.org"))
        await #expect(throws: StorageError.conflict("b@riverbend.org is not a member here.")) {
            _ = try await rounds.open(
                organisation: harbour, respondents: [(outsider, "peer_worker")], by: lead)
        }
        let round = try await rounds.open(
            organisation: harbour, respondents: [(member, "peer_worker")], by: lead)
        // The lead was not invited: answering is refused in words.
        await #expect(throws: StorageError.conflict("You were not invited to answer this round.")) {
            _ = try await rounds.save(AnswerRecord(), round: round, by: lead, submit: false)
        }
        let revision = try #require(
            try await server.storage.draft(organisationID: harbour.id)?.revision)
        let base = "/organisations/\(harbour.id)/rounds/\(round.id)"
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "lead@harbour.org")
            let page = try await browser.get(client, base)
            #expect(page.text.contains("No one has submitted their ratings yet."))
            #expect(!page.text.contains("Settle into the draft"))
            let early = try await browser.post(
                client, "\(base)/settle", [("revision", String(revision))])
            #expect(early.status == .unprocessableContent)
            #expect(early.text.contains("No one has submitted their ratings yet"))
        }
        // Once the member has submitted: a level that is not one, a choice that is not a
        // number, and a settlement made from a draft that moved on are refused.
        var answers = AnswerRecord()
        RoundService.set(.number("2"), at: rounds.statements[0].path, in: &answers)
        _ = try await rounds.save(answers, round: round, by: member, submit: true)
        let path = rounds.statements[0].path
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "lead@harbour.org")
            _ = try await browser.get(client, base)
            let notALevel = try await browser.post(
                client, "\(base)/settle", [("revision", String(revision)), ("agreed.\(path)", "9")])
            #expect(notALevel.status == .unprocessableContent)
            #expect(notALevel.text.contains("9 is not a level"))
            let notANumber = try await browser.post(
                client, "\(base)/settle",
                [("revision", String(revision)), ("agreed.\(path)", "high")])
            #expect(notANumber.status == .unprocessableContent)
            #expect(notANumber.text.contains("choose a level from the list"))
            let stale = try await browser.post(
                client, "\(base)/settle",
                [("revision", String(revision - 1)), ("agreed.\(path)", "2")])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("The draft changed after you opened this page"))
        }
        #expect(try await server.storage.round(id: round.id)?.isOpen == true)
    }

    @Test func returningWhileANewDraftIsInProgressIsRefused() async throws {
        let (server, harbour, member, lead, rounds) = try await Self.team()
        let service = rounds.assessments
        let profile = try String(
            contentsOfFile: TestServer.teamRules + "/examples/02-coastal-team-together.yaml",
            encoding: .utf8
        ).replacingOccurrences(of: "Coastal Recovery Services", with: harbour.name)
        let stored = try await service.submit(
            profileText: profile, name: "p.yaml", organisation: harbour, by: member)
        _ = try await service.saveSection(
            "practice", answer: .record(AnswerRecord()), organisation: harbour, revision: 0,
            by: member)
        await #expect(throws: StorageError.self) {
            _ = try await service.review(stored, accept: false, note: "Redo it", by: lead)
        }
        #expect(try await server.storage.assessment(id: stored.id)?.status == .submitted)
        // Evidence for a cycle that is not the organisation's is not found.
        await #expect(throws: EvidenceService.Refusal.self) {
            _ = try await EvidenceService(assessments: service).comment(
                "hello", about: "field:practice", organisation: harbour, cycle: 9999, by: member)
        }
    }

    @Test func planRefusals() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let profile = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/03-harbour-developing.yaml"), encoding: .utf8)
        let waiting = try await AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
            .submit(profileText: profile, name: "p.yaml", organisation: harbour, by: member)
        let accepted = try await PlanTests.accepted(server, example: "03-harbour-developing.yaml")
        let item = try #require(try await server.storage.planItems(assessmentID: accepted.id).first)
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            // Not accepted yet: nothing to track, nothing to import.
            let notYet = try await browser.get(client, "/assessments/\(waiting.id)/plan")
            #expect(
                notYet.text.contains("The plan is tracked once the lead accepts the assessment."))
            let early = try await browser.postMultipart(
                client, "/assessments/\(waiting.id)/plan/import", [],
                file: ("file", "plan.csv", Array("action,owner,due,status,notes\r\n".utf8)))
            #expect(early.status == .conflict)
            let plan = "/assessments/\(accepted.id)/plan"
            _ = try await browser.get(client, plan)
            let noFile = try await browser.postMultipart(client, "\(plan)/import", [], file: nil)
            #expect(noFile.status == .unprocessableContent)
            #expect(noFile.text.contains("Choose the plan's CSV file"))
            let long = try await browser.post(
                client, "\(plan)/\(item.actionID)",
                [("status", "planned"), ("notes", String(repeating: "n", count: 4001))])
            #expect(long.status == .unprocessableContent)
            #expect(long.text.contains("The notes are longer than 4000 characters."))
            let unknown = try await browser.post(client, "\(plan)/ACT-NOPE", [("status", "done")])
            #expect(unknown.status == .notFound)
        }
        #expect(try await server.storage.planItems(assessmentID: accepted.id).first == item)
    }
}
