import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ReadinessCore

/// Comments and evidence: added to an assessment cycle from the section pages, the
/// organisation's page and the report; files downloaded through their random token, by those
/// who may see the organisation only, always as a download (never shown in the browser).
package struct EvidenceRoutes: Sendable {
    let evidence: EvidenceService

    var storage: any Storage { evidence.storage }

    /// Room in an upload for the form's other fields and the parts' headers.
    static let formOverhead = 64 * 1024

    package func register(on router: Router<AppContext>) {
        router.post("/organisations/:organisation/cycles/:cycle/comments") { request, context in
            try await addComment(request, context)
        }
        router.post("/organisations/:organisation/cycles/:cycle/evidence") { request, context in
            try await addEvidence(request, context)
        }
        router.get("/evidence/:token") { _, context in try await download(context) }
        router.post("/evidence/:token/remove") { request, context in
            try await remove(request, context)
        }
    }

    private func cycle(_ context: AppContext) throws -> Int64 {
        guard let cycle = context.parameters.get("cycle", as: Int64.self) else {
            throw HTTPError(.notFound, message: "There is no such assessment in progress.")
        }
        return cycle
    }

    /// The caller, when it is one of the organisation's own accounts: they add to its
    /// assessments; an admin reads them (a 403).
    static func own(_ context: AppContext, organisation: Int64) throws -> Identity {
        guard let identity = context.identity else { throw SignInRequired() }
        guard identity.user.organisationID == organisation else {
            throw HTTPError(
                .forbidden,
                message: "Only the organisation's own accounts add comments and evidence.")
        }
        return identity
    }

    /// Where to go back to: a page of this organisation or of an assessment, never elsewhere.
    static func back(_ text: String?, organisation: Int64) -> String {
        guard let text,
            text.hasPrefix("/organisations/\(organisation)") || text.hasPrefix("/assessments/"),
            !text.contains("//"), !text.contains("\\")
        else { return "/organisations/\(organisation)" }
        return text
    }

    private func addComment(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: storage)
        let identity = try Self.own(context, organisation: organisation.id)
        let form = try FormData(await Responses.body(request, limit: 64 * 1024))
        try CSRF.requireSession(form, context)
        let back = Self.back(form["back"], organisation: organisation.id)
        do {
            _ = try await evidence.comment(
                form["body"] ?? "", about: form["subject"] ?? "", organisation: organisation,
                cycle: try cycle(context), by: identity.user)
        } catch let refusal as EvidenceService.Refusal {
            return refused(refusal, back: back, context: context)
        }
        return Responses.redirect(back + Self.anchor(form["subject"]))
    }

    private func addEvidence(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: storage)
        let identity = try Self.own(context, organisation: organisation.id)
        let fallback = "/organisations/\(organisation.id)"
        let body: [UInt8]
        do {
            body = try await Responses.bytes(
                request, limit: EvidenceService.fileByteLimit + Self.formOverhead)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            // Too large to read, so its CSRF token cannot be: nothing is stored either way.
            return refused(EvidenceService.tooLarge, back: fallback, context: context)
        }
        let multipart = try MultipartForm.posted(body, contentType: request.headers[.contentType])
        let form = multipart.fields
        try CSRF.requireSession(form, context)
        let back = Self.back(form["back"], organisation: organisation.id)
        let subject = form["subject"] ?? ""
        do {
            if let file = multipart.file("file"), !(file.fileName ?? "").isEmpty {
                _ = try await evidence.attachFile(
                    named: file.fileName ?? "", bytes: file.bytes, note: form["note"] ?? "",
                    about: subject, organisation: organisation, cycle: try cycle(context),
                    by: identity.user)
            } else if let link = form["url"], !link.trimmingWhitespace().isEmpty {
                _ = try await evidence.attachLink(
                    link, note: form["note"] ?? "", about: subject, organisation: organisation,
                    cycle: try cycle(context), by: identity.user)
            } else {
                throw EvidenceService.Refusal(
                    code: "server.evidence-empty", message: "No file was chosen and no link given.",
                    help: "Choose a file, or give a link, then add it.", status: 422)
            }
        } catch let refusal as EvidenceService.Refusal {
            return refused(refusal, back: back, context: context)
        }
        return Responses.redirect(back + Self.anchor(subject))
    }

    /// The piece of evidence the path's token names, when the caller may see its
    /// organisation; a 404 otherwise, the same as for a token that does not exist.
    private func visible(_ context: AppContext) async throws -> (Evidence, [UInt8]?) {
        guard context.identity != nil else { throw SignInRequired() }
        guard let token = context.parameters.get("token"),
            let (item, bytes) = try await storage.evidenceFile(token: token),
            Access.allows(context.identity, organisation: item.organisationID)
        else { throw HTTPError(.notFound, message: "There is no such evidence.") }
        return (item, bytes)
    }

    private func download(_ context: AppContext) async throws -> Response {
        let (item, bytes) = try await visible(context)
        guard item.kind == .file, let bytes else {
            return Responses.redirect(item.url ?? "/")
        }
        // A download, never shown inline: whatever a file holds, it runs nowhere here.
        let safeName = String(
            (item.fileName ?? "evidence").unicodeScalars.map {
                $0.isASCII && $0 != "\"" && $0.value >= 0x20 ? Character($0) : "_"
            })
        return Response(
            status: .ok,
            headers: [
                .contentType: item.contentType ?? "application/octet-stream",
                .contentDisposition: "attachment; filename=\"\(safeName)\"",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func remove(_ request: Request, _ context: AppContext) async throws -> Response {
        let (item, _) = try await visible(context)
        let identity = try Self.own(context, organisation: item.organisationID)
        guard let organisation = try await storage.organisation(id: item.organisationID) else {
            throw HTTPError(.notFound, message: "There is no such evidence.")
        }
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireSession(form, context)
        let back = Self.back(form["back"], organisation: organisation.id)
        do {
            try await evidence.remove(item, organisation: organisation, by: identity.user)
        } catch let refusal as EvidenceService.Refusal {
            return refused(refusal, back: back, context: context)
        }
        return Responses.redirect(back + Self.anchor(item.subject))
    }

    /// A page saying what was refused and why, with the way back.
    private func refused(_ refusal: EvidenceService.Refusal, back: String, context: AppContext)
        -> Response
    {
        Responses.html(
            Pages.page(
                title: "Not added", identity: context.identity, csrf: context.session?.csrfToken,
                [
                    Pages.errorSummary([(nil, refusal.message + " " + refusal.help)]),
                    .element("p", [], [.element("a", [("href", back)], text: "← Go back")]),
                ]), status: HTTPResponse.Status(code: refusal.status))
    }

    /// The place on the page of a subject's comments and evidence.
    static func anchor(_ subject: String?) -> String {
        guard let subject, !subject.isEmpty else { return "" }
        return "#" + EvidencePanel.id(subject)
    }
}
