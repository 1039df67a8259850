import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessServer

/// Comments and evidence: what is taken (sizes, kinds, names), who may fetch a file, the
/// evidence a rule set asks for before sign-off, and the trail of it.
struct EvidenceTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

    /// Harbour's draft, saved once, and its cycle.
    static func draftCycle(_ server: TestServer, _ harbour: Organisation) async throws -> Int64 {
        let service = AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let draft = try await service.saveSection(
            "staff", answer: .record(AnswerRecord()), organisation: harbour, revision: 0,
            by: member)
        return draft.cycle
    }

    @Test func uploadsAreCheckedAndFilesServedOnlyInsideTheOrganisation() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let cycle = try await Self.draftCycle(server, harbour)
        let action = "/organisations/\(harbour.id)/cycles/\(cycle)/evidence"
        let back = "/organisations/\(harbour.id)/sections/supervision"
        let fields = [
            ("subject", "field:supervision.model_documented"), ("back", back),
            ("note", "The model, as adopted in March"),
        ]
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            _ = try await member.get(client, back)
            func upload(_ name: String, _ bytes: [UInt8]) async throws -> TestResponse {
                try await member.postMultipart(
                    client, action, fields, file: ("file", name, bytes))
            }
            let oversize = try await upload(
                "big.pdf", Self.pdf + [UInt8](repeating: 32, count: EvidenceService.fileByteLimit))
            #expect(oversize.status == .contentTooLarge)
            #expect(oversize.text.contains("larger than 10 MB"))
            let exe = try await upload("setup.exe", [0x4D, 0x5A, 0x90, 0x00])
            #expect(exe.status == .unsupportedMediaType)
            #expect(exe.text.contains("not a kind of file taken as evidence"))
            let disguised = try await upload("model.pdf", Array("<html><script>".utf8))
            #expect(disguised.status == .unsupportedMediaType)
            #expect(disguised.text.contains("not the kind of file its name says (.pdf)"))
            for name in ["../../etc/model.pdf", "C:\\Users\\jo\\model.pdf"] {
                let path = try await upload(name, Self.pdf)
                #expect(path.status == .unprocessableContent, "\(name)")
                #expect(path.text.contains("The file's name has a folder in it."), "\(name)")
            }
            let empty = try await member.postMultipart(client, action, fields, file: nil)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("No file was chosen and no link given."))
            #expect(
                try await server.storage.evidence(organisationID: harbour.id, cycle: cycle)
                    .isEmpty)

            // A PDF is taken, with its hash; its page lists it; it downloads as a file.
            let added = try await upload("supervision model.pdf", Self.pdf)
            #expect(added.status == .seeOther)
            let stored = try await server.storage.evidence(
                organisationID: harbour.id, cycle: cycle)
            let item = try #require(stored.first)
            #expect(item.size == Self.pdf.count)
            #expect(item.sha256?.count == 64)
            #expect(item.contentType == "application/pdf")
            #expect(item.token.count >= 43)
            let page = try await member.get(client, back)
            #expect(page.text.contains("supervision model.pdf"))
            #expect(page.text.contains("The model, as adopted in March"))
            let download = try await member.get(client, "/evidence/\(item.token)")
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == Self.pdf)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(download.headers[.contentType] == "application/pdf")

            // A link: a web address only.
            let script = try await member.postMultipart(
                client, action, fields + [("url", "javascript:alert(1)")], file: nil)
            #expect(script.status == .unprocessableContent)
            let link = try await member.postMultipart(
                client, action, fields + [("url", "https://intranet.harbour.org/model")],
                file: nil)
            #expect(link.status == .seeOther)

            // Who may fetch the file: the organisation and admins; nobody else learns it exists.
            for (caller, expected) in [
                ("b@riverbend.org", HTTPResponse.Status.notFound), ("admin@example.org", .ok),
                ("", .seeOther),
            ] {
                let browser = Browser()
                if !caller.isEmpty { try await browser.signIn(client, caller) }
                #expect(
                    try await browser.get(client, "/evidence/\(item.token)").status == expected,
                    "\(caller)")
                if caller == "b@riverbend.org" {
                    let removal = try await browser.post(
                        client, "/evidence/\(item.token)/remove", [("back", back)])
                    #expect(removal.status == .notFound)
                    let comment = try await browser.post(
                        client, "/organisations/\(harbour.id)/cycles/\(cycle)/comments",
                        [("subject", "field:supervision"), ("body", "hello")])
                    #expect(comment.status == .notFound)
                }
            }
            #expect(try await member.get(client, "/evidence/not-a-token").status == .notFound)

            // Removed by the member: gone, and the trail keeps what it was.
            let removed = try await member.post(
                client, "/evidence/\(item.token)/remove", [("back", back)])
            #expect(removed.status == .seeOther)
            #expect(try await member.get(client, "/evidence/\(item.token)").status == .notFound)
            let trail = try await server.storage.auditTrail(
                organisationID: harbour.id, cycle: cycle)
            let removal = try #require(trail.first { $0.action == "evidence.remove" })
            #expect(removal.oldValue?.contains(item.sha256 ?? "?") == true)
            #expect(trail.filter { $0.action == "evidence.add" }.count == 2)
        }
    }

    @Test func commentsAreCheckedAndShownWithTheirAuthor() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let cycle = try await Self.draftCycle(server, harbour)
        let action = "/organisations/\(harbour.id)/cycles/\(cycle)/comments"
        let back = "/organisations/\(harbour.id)/sections/supervision"
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            _ = try await member.get(client, back)
            let empty = try await member.post(
                client, action, [("subject", "field:supervision"), ("body", "  ")])
            #expect(empty.status == .unprocessableContent)
            let unknown = try await member.post(
                client, action, [("subject", "field:nowhere"), ("body", "hello")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("Choose what it is about from the list."))
            let long = try await member.post(
                client, action,
                [("subject", "field:supervision"), ("body", String(repeating: "x", count: 4001))])
            #expect(long.status == .unprocessableContent)
            // A link elsewhere is not followed back: the page of this organisation instead.
            let added = try await member.post(
                client, action,
                [
                    ("subject", "field:supervision.model_documented"),
                    ("body", "Adopted at the March board meeting"),
                    ("back", "https://elsewhere.example/"),
                ])
            #expect(added.status == .seeOther)
            #expect(added.headers[.location]?.hasPrefix("/organisations/\(harbour.id)") == true)
            let page = try await member.get(client, back)
            #expect(page.text.contains("Adopted at the March board meeting"))
            #expect(page.text.contains("a@harbour.org, "))
        }
    }

    /// A rule marked `evidence: required` that passes holds sign-off until evidence backs it,
    /// on the rule or on an answer it reads; an accepted assessment takes nothing more.
    @Test func requiredEvidenceHoldsSignOff() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let member = try #require(try await server.storage.user(email: "a@harbour.org"))
        let profile = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/04-eastside-established.yaml"), encoding: .utf8
        ).replacingOccurrences(of: "Eastside Recovery Network", with: harbour.name)
        let stored = try await AssessmentService(storage: server.storage, ruleSet: server.ruleSet)
            .submit(profileText: profile, name: "p.yaml", organisation: harbour, by: member)
        let cycle = try #require(stored.cycle)
        let report = "/assessments/\(stored.id)"
        let action = "/organisations/\(harbour.id)/cycles/\(cycle)/evidence"
        try await server.application().test(.router) { client in
            let lead = Browser()
            try await lead.signIn(client, "lead@harbour.org")
            let page = try await lead.get(client, report)
            #expect(page.text.contains("Evidence required, and none attached yet."))
            let held = try await lead.post(client, "\(report)/accept", [])
            #expect(held.status == .conflict)
            #expect(held.text.contains("SUP-01 (A peer supervision model is documented)"))
            #expect(held.text.contains("CMP-02"))
            // On the rule itself, and on the answer the other rule reads.
            _ = try await lead.postMultipart(
                client, action, [("subject", "rule:SUP-01"), ("back", report)],
                file: ("file", "model.pdf", Self.pdf))
            _ = try await lead.postMultipart(
                client, action,
                [
                    ("subject", "field:competencies.practice_guidelines"), ("back", report),
                    ("url", "https://intranet.harbour.org/guidelines"),
                ], file: nil)
            let backed = try await lead.get(client, report)
            #expect(!backed.text.contains("Evidence required, and none attached yet."))
            #expect(backed.text.contains("model.pdf"))
            #expect(backed.text.contains("https://intranet.harbour.org/guidelines"))
            #expect(try await lead.post(client, "\(report)/accept", []).status == .seeOther)
            let late = try await lead.postMultipart(
                client, action, [("subject", "rule:SUP-01"), ("back", report)],
                file: ("file", "late.pdf", Self.pdf))
            #expect(late.status == .conflict)
            #expect(late.text.contains("This assessment was accepted: it is final."))
        }
    }

    @Test func fileNamesAndKinds() throws {
        #expect(try EvidenceService.checkFileName(" minutes.docx ") == "minutes.docx")
        for bad in ["a/b.pdf", "..", "", String(repeating: "n", count: 201) + ".pdf", "a\u{7}.pdf"]
        {
            #expect(throws: EvidenceService.Refusal.self) { try EvidenceService.checkFileName(bad) }
        }
        #expect(try EvidenceService.checkType(name: "x.PDF", bytes: Self.pdf) == "application/pdf")
        #expect(
            try EvidenceService.checkType(name: "roster.csv", bytes: Array("a,b\n".utf8))
                == "text/csv; charset=utf-8")
        #expect(throws: EvidenceService.Refusal.self) {
            try EvidenceService.checkType(name: "roster.csv", bytes: [0, 1, 2])
        }
        #expect(throws: EvidenceService.Refusal.self) {
            try EvidenceService.checkType(name: "page.html", bytes: Array("<p>".utf8))
        }
        #expect(throws: EvidenceService.Refusal.self) {
            try EvidenceService.checkType(name: "noextension", bytes: Self.pdf)
        }
    }
}
