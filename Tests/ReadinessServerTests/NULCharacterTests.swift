import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ReadinessServer

/// A NUL character (`%00`) typed into no page, but sent by a script or a fuzzer: a 400 naming
/// the field, and nothing stored (PostgreSQL's text cannot hold it; a page could not show it).
struct NULCharacterTests {
    @Test func aFormFieldWithNULIsRefusedByName() {
        #expect(throws: HTTPError.self) { _ = try FormData("staff.total=1%002") }
        do {
            _ = try FormData("a=b&note=x%00y")
        } catch {
            #expect(
                error.body
                    == "The field note holds a NUL character (U+0000), which cannot be kept: remove it and send the form again."
            )
        }
        let control = try? FormData("a=b%01c")
        #expect(control?["a"] == "b\u{1}c")
    }

    @Test func nothingIsSavedFromAFormOrAnUploadWithNUL() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        try await server.application().test(.router) { client in
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            let section = "/organisations/\(harbour.id)/sections/staff"
            _ = try await member.get(client, section)
            let refused = try await member.post(
                client, section, [("revision", "0"), ("staff.total", "1\u{0}2")])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("The field staff.total holds a NUL character"))
            #expect(try await server.storage.draft(organisationID: harbour.id) == nil)

            let cycle = try await EvidenceTests.draftCycle(server, harbour)
            let back = "/organisations/\(harbour.id)/sections/supervision"
            _ = try await member.get(client, back)
            let upload = try await member.postMultipart(
                client, "/organisations/\(harbour.id)/cycles/\(cycle)/evidence",
                [
                    ("subject", "field:supervision.model_documented"), ("back", back),
                    ("note", "the model\u{0}"),
                ], file: ("file", "model.pdf", EvidenceTests.pdf))
            #expect(upload.status == .badRequest)
            #expect(upload.text.contains("The field note holds a NUL character"))
            #expect(
                try await server.storage.evidence(organisationID: harbour.id, cycle: cycle)
                    .isEmpty)
        }
    }
}
