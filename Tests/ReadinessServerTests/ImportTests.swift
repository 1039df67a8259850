import Foundation
import HTTPTypes
import HummingbirdTesting
import ReadinessCore
import Testing

@testable import ReadinessServer

/// Importing a profile from a file chosen in the browser (a multipart form): the draft takes
/// the file's text; a file too large, not text, not YAML, or missing is refused with a message
/// that names the file and says what to do, and the draft is left as it was.
struct ImportTests {
    /// A file chosen in the form is the draft afterwards, whatever folder the browser names.
    @Test func aFileChosenBecomesTheDraft() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let text = try SelfAssessmentTests.example("03-harbour-developing")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            let home = try await browser.get(client, "/organisations/\(harbour.id)")
            #expect(home.text.contains(#"enctype="multipart/form-data""#))
            #expect(home.text.contains(#"type="file""#))
            let imported = try await browser.postMultipart(
                client, "/organisations/\(harbour.id)/import", [("revision", "0")],
                file: ("file", #"C:\Users\lee\Documents\harbour.yaml"#, Array(text.utf8)))
            #expect(imported.status == .seeOther, "\(imported.text)")
            let draft = try #require(try await server.storage.draft(organisationID: harbour.id))
            let expected = try ProfileText.answers(text, name: "expected.yaml")
            #expect(try ProfileText.answers(draft.profileText, name: "draft.yaml") == expected)
            #expect(draft.revision == 1)
        }
    }

    /// With no file chosen, the pasted text is imported (a file input left empty still sends
    /// an empty part).
    @Test func pastedTextWhenNoFileIsChosen() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let text = try SelfAssessmentTests.example("03-harbour-developing")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let imported = try await browser.postMultipart(
                client, "/organisations/\(harbour.id)/import",
                [("revision", "0"), ("profile", text)], file: ("file", "", []))
            #expect(imported.status == .seeOther, "\(imported.text)")
            #expect(try await server.storage.draft(organisationID: harbour.id)?.revision == 1)
        }
    }

    /// Each refusal: its status, its words on the page, and no draft written.
    @Test(arguments: [
        Refused(
            file: ("harbour.yaml", Array(repeating: UInt8(ascii: "#"), count: 1_048_577)),
            status: .contentTooLarge,
            says: "The file is larger than 1 MB, the most a profile may be."),
        Refused(
            file: ("photo.yaml", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]),
            status: .unprocessableContent,
            says: "The file photo.yaml is not text (UTF-8), so it cannot be a profile."),
        Refused(
            file: ("broken.yaml", Array("assessment:\n  organisation: [unclosed\n".utf8)),
            status: .unprocessableContent, says: "In broken.yaml, line 3, column 1:"),
        Refused(
            file: ("../../etc/passwd", Array("- a list, not a profile\n".utf8)),
            status: .unprocessableContent, says: "In passwd, line 1, column 1:"),
        Refused(file: nil, status: .unprocessableContent, says: "No profile was given."),
    ])
    func refused(_ case: Refused) async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let response = try await browser.postMultipart(
                client, "/organisations/\(harbour.id)/import", [("revision", "0")],
                file: `case`.file.map { ("file", $0.name, $0.bytes) })
            #expect(response.status == `case`.status)
            #expect(response.text.contains("error-summary"))
            #expect(response.text.contains(`case`.says), "\(response.text)")
            // The import form is open again, where the message points.
            #expect(response.text.contains("<details open>"))
            #expect(try await server.storage.draft(organisationID: harbour.id) == nil)
        }
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var file: (name: String, bytes: [UInt8])?
        var status: HTTPResponse.Status
        var says: String
        var testDescription: String { says }
    }

    /// A request larger than any profile and its form is refused before it is read whole.
    @Test func aRequestPastTheLimitIsRefused() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let response = try await browser.postMultipart(
                client, "/organisations/\(harbour.id)/import", [("revision", "0")],
                file: ("file", "big.yaml", Array(repeating: UInt8(ascii: "a"), count: 2_000_000)))
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("The file is larger than 1 MB"))
            #expect(try await server.storage.draft(organisationID: harbour.id) == nil)
        }
    }

    /// Without its CSRF token a multipart form is refused like any other, and a malformed one
    /// says it could not be read.
    @Test func csrfAndMalformedForms() async throws {
        let server = try await TestServer()
        let harbour = try await server.organisation("Harbour AOD Services")
        let text = try SelfAssessmentTests.example("03-harbour-developing")
        try await server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "a@harbour.org")
            _ = try await browser.get(client, "/organisations/\(harbour.id)")
            let forged = try await browser.postMultipart(
                client, "/organisations/\(harbour.id)/import", [("revision", "0")],
                file: ("file", "harbour.yaml", Array(text.utf8)), csrf: false)
            #expect(forged.status == .forbidden)
            var headers = browser.cookieHeader
            headers[.contentType] = "multipart/form-data; boundary=xyz"
            let malformed = try await client.execute(
                uri: "/organisations/\(harbour.id)/import", method: .post, headers: headers,
                body: .init(
                    string: "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"))
            #expect(malformed.status == .badRequest)
            #expect(malformed.text.contains("The form could not be read"))
            #expect(try await server.storage.draft(organisationID: harbour.id) == nil)
        }
    }
}

/// The multipart reader on its own: browsers' bodies, and every way a body can be malformed.
struct MultipartFormTests {
    static func body(_ parts: [String], boundary: String = "b0") -> [UInt8] {
        Array((parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n").utf8)
    }

    @Test func readsFieldsAndFiles() throws {
        let body = Self.body([
            "Content-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken",
            "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"quoted\\\" name.yaml\"\r\nContent-Type: application/x-yaml\r\n\r\nline one\r\nline two",
        ])
        let form = try MultipartForm(body, boundary: "b0")
        #expect(form.fields["csrf"] == "token")
        let file = try #require(form.file("file"))
        #expect(file.fileName == "a \"quoted\" name.yaml")
        #expect(String(decoding: file.bytes, as: UTF8.self) == "line one\r\nline two")
        #expect(form.file("csrf") == nil)
    }

    @Test func boundaries() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(
            MultipartForm.boundary(
                contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")
                == "a b")
        #expect(MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == nil)
        #expect(
            MultipartForm.boundary(
                contentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71))
                == nil)
    }

    @Test func displayNames() {
        func name(_ fileName: String?) -> String {
            MultipartForm.Part(name: "file", fileName: fileName, bytes: []).displayName
        }
        #expect(name(#"C:\fakepath\harbour.yaml"#) == "harbour.yaml")
        #expect(name("../../etc/passwd") == "passwd")
        #expect(name("a\u{0}b\u{202E}c.yaml") == "abc.yaml")
        #expect(name("") == "upload.yaml")
        #expect(name("///") == "upload.yaml")
        #expect(name(String(repeating: "n", count: 300)).count == 100)
    }

    @Test(arguments: [
        ("", "the form has no parts"),
        ("--b0garbage", "a part of the form is not followed by a line break"),
        (
            "--b0\r\nContent-Disposition: form-data; name=\"a\"",
            "a part of the form has no end to its headers"
        ),
        (
            "--b0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
            "the form ends in the middle of a part"
        ),
        (
            "--b0\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--b0--",
            "a part of the form does not say which field it is"
        ),
        (
            "--b0\r\n" + String(repeating: "X-Long: header\r\n", count: 600) + "\r\nv\r\n--b0--",
            "a part of the form has no end to its headers"
        ),
    ])
    func malformed(_ body: String, _ message: String) {
        #expect {
            try MultipartForm(Array(body.utf8), boundary: "b0")
        } throws: { ($0 as? MultipartForm.Malformed)?.message == message }
    }

    @Test func tooManyParts() {
        let parts = (0...MultipartForm.maximumParts).map {
            "Content-Disposition: form-data; name=\"f\($0)\"\r\n\r\nv"
        }
        #expect {
            try MultipartForm(Self.body(parts), boundary: "b0")
        } throws: {
            ($0 as? MultipartForm.Malformed)?.message
                == "the form has more than \(MultipartForm.maximumParts) parts"
        }
        #expect((try? MultipartForm(Self.body(Array(parts.dropLast())), boundary: "b0")) != nil)
    }

    @Test func parameters() {
        #expect(
            MultipartForm.parameters(#" form-data; name="file"; filename="x;y.yaml""#)
                == ["form-data": "", "name": "file", "filename": "x;y.yaml"])
        #expect(
            MultipartForm.parameters("form-data; NAME=plain ") == [
                "form-data": "", "name": "plain",
            ])
        // A Windows path's backslashes stay; an escaped quote or backslash is undone.
        #expect(
            MultipartForm.parameters(#"form-data; filename="C:\Users\jo\a \"b\" \\.pdf""#)[
                "filename"] == #"C:\Users\jo\a "b" \.pdf"#)
    }
}
