import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ReadinessCore

/// The API's share of working together, under `/api/v1`, with bearer tokens: an assessment's
/// comments and evidence, its sign-off by the organisation's lead, and its tracked actions.
/// What a token may not see is a 404; what only the lead (or only the organisation's own
/// accounts) may do is a 403.
package struct CollaborationAPI: Sendable {
    let service: AssessmentService

    var storage: any Storage { service.storage }
    var evidence: EvidenceService { EvidenceService(assessments: service) }

    /// The most a JSON body of these routes may hold.
    static let jsonLimit = 64 * 1024

    package func register(on router: Router<AppContext>) {
        let api = router.group("/api/v1")
        api.get("/assessments/:assessment/comments") { _, context in
            let (stored, _) = try await visible(context)
            var comments: [Comment] = []
            if let cycle = stored.cycle {
                comments = try await storage.comments(
                    organisationID: stored.organisationID, cycle: cycle)
            }
            return try Self.encode(
                CommentList(comments: comments.map(CommentOut.init)), status: .ok)
        }
        api.post("/assessments/:assessment/comments") { request, context in
            try await addComment(request, context)
        }
        api.get("/assessments/:assessment/evidence") { _, context in
            let (stored, _) = try await visible(context)
            var items: [Evidence] = []
            if let cycle = stored.cycle {
                items = try await storage.evidence(
                    organisationID: stored.organisationID, cycle: cycle)
            }
            return try Self.encode(
                EvidenceList(evidence: items.map(EvidenceOut.init)), status: .ok)
        }
        api.post("/assessments/:assessment/evidence") { request, context in
            try await addEvidence(request, context)
        }
        api.get("/evidence/:token") { _, context in try await download(context) }
        api.post("/assessments/:assessment/accept") { request, context in
            try await review(request, context, accept: true)
        }
        api.post("/assessments/:assessment/return") { request, context in
            try await review(request, context, accept: false)
        }
        api.get("/assessments/:assessment/actions") { _, context in
            let (stored, _) = try await visible(context)
            return try await actions(stored)
        }
        api.post("/assessments/:assessment/actions/:action") { request, context in
            try await updateAction(request, context)
        }
    }

    // MARK: Who and what

    /// The assessment the path names, when the token may see it, and the token's identity.
    private func visible(_ context: AppContext) async throws -> (StoredAssessment, Identity) {
        guard let identity = context.identity, context.session == nil else {
            throw APIError(
                .unauthorized, code: "api.unauthorized",
                message: "no valid bearer token: send `Authorization: Bearer TOKEN`")
        }
        guard let id = context.parameters.get("assessment", as: Int64.self),
            let stored = try await storage.assessment(id: id),
            Access.allows(identity, organisation: stored.organisationID)
        else { throw APIError(.notFound, code: "api.not-found", message: "no such assessment") }
        return (stored, identity)
    }

    private func organisation(_ stored: StoredAssessment) async throws -> Organisation {
        guard let organisation = try await storage.organisation(id: stored.organisationID) else {
            throw APIError(.notFound, code: "api.not-found", message: "no such assessment")
        }
        return organisation
    }

    /// Only the organisation's own accounts add to its assessments and change its plan.
    private func requireOwn(_ identity: Identity, _ stored: StoredAssessment) throws {
        guard identity.user.organisationID == stored.organisationID else {
            throw APIError(
                .forbidden, code: "api.forbidden",
                message: "only the organisation's own accounts may do this")
        }
    }

    private func cycle(_ stored: StoredAssessment) throws -> Int64 {
        guard let cycle = stored.cycle else {
            throw APIError(
                .conflict, code: "server.final",
                message: "this assessment has no trail to add to (it predates sign-off)")
        }
        return cycle
    }

    /// A JSON body decoded, or a 400 naming what is wrong with it.
    private func body<Body: Decodable>(_ type: Body.Type, _ request: Request) async throws -> Body {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.jsonLimit)
        } catch {
            throw APIError(
                .contentTooLarge, code: "api.too-large",
                message: "the body is larger than \(Self.jsonLimit) bytes")
        }
        let decoded: Body
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            decoded = try decoder.decode(type, from: Data(buffer: buffer))
        } catch {
            throw APIError(
                .badRequest, code: "api.invalid-json",
                message:
                    "the body is not the JSON object this route takes (see the OpenAPI document)")
        }
        if let json = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)),
            Self.holdsNUL(json)
        {
            throw APIError(
                .badRequest, code: "api.invalid-json",
                message:
                    "the body has a NUL character (\\u0000) in a string, which cannot be kept: remove it"
            )
        }
        return decoded
    }

    /// Whether a JSON value holds a NUL character in any of its strings or keys.
    private static func holdsNUL(_ value: Any) -> Bool {
        switch value {
        case let text as String: text.utf8.contains(0)
        case let list as [Any]: list.contains(where: holdsNUL)
        case let object as [String: Any]:
            object.contains { $0.key.utf8.contains(0) || holdsNUL($0.value) }
        default: false
        }
    }

    private static func refusal(_ refusal: EvidenceService.Refusal) -> APIError {
        APIError(
            HTTPResponse.Status(code: refusal.status), code: .init(rawValue: refusal.code),
            message: refusal.message + " " + refusal.help)
    }

    // MARK: Comments and evidence

    struct NewComment: Decodable {
        var subject: String
        var body: String
    }

    private func addComment(_ request: Request, _ context: AppContext) async throws -> Response {
        let (stored, identity) = try await visible(context)
        try requireOwn(identity, stored)
        let new = try await body(NewComment.self, request)
        do {
            let comment = try await evidence.comment(
                new.body, about: new.subject, organisation: try await organisation(stored),
                cycle: try cycle(stored), by: identity.user)
            return try Self.encode(CommentOut(comment), status: .created)
        } catch let refusal as EvidenceService.Refusal {
            throw Self.refusal(refusal)
        }
    }

    struct NewLink: Decodable {
        var subject: String
        var url: String
        var note: String?
    }

    /// A link as JSON; a file as the body itself, its subject and name in the query.
    private func addEvidence(_ request: Request, _ context: AppContext) async throws -> Response {
        let (stored, identity) = try await visible(context)
        try requireOwn(identity, stored)
        let organisation = try await organisation(stored)
        let cycle = try cycle(stored)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        do {
            let added: Evidence
            if type.hasPrefix("application/json") {
                let link = try await body(NewLink.self, request)
                added = try await evidence.attachLink(
                    link.url, note: link.note ?? "", about: link.subject,
                    organisation: organisation, cycle: cycle, by: identity.user)
            } else {
                let query = request.uri.queryParameters
                guard let subject = query["subject"].map(String.init),
                    let name = query["name"].map(String.init)
                else {
                    throw APIError(
                        .unprocessableContent, code: "api.query",
                        message:
                            "a file needs `subject` and `name` in the query (or send a link as JSON)"
                    )
                }
                for key in ["subject", "name", "note"]
                where query[Substring(key)].map({ $0.utf8.contains(0) }) == true {
                    throw APIError(
                        .badRequest, code: "api.query",
                        message:
                            "`\(key)` in the query has a NUL character (%00), which cannot be kept: remove it"
                    )
                }
                var request = request
                let bytes: ByteBuffer
                do {
                    bytes = try await request.collectBody(upTo: EvidenceService.fileByteLimit)
                } catch {
                    throw Self.refusal(EvidenceService.tooLarge)
                }
                added = try await evidence.attachFile(
                    named: name, bytes: Array(bytes.readableBytesView),
                    note: query["note"].map(String.init) ?? "", about: subject,
                    organisation: organisation, cycle: cycle, by: identity.user)
            }
            return try Self.encode(EvidenceOut(added), status: .created)
        } catch let refusal as EvidenceService.Refusal {
            throw Self.refusal(refusal)
        }
    }

    private func download(_ context: AppContext) async throws -> Response {
        guard let identity = context.identity, context.session == nil else {
            throw APIError(
                .unauthorized, code: "api.unauthorized",
                message: "no valid bearer token: send `Authorization: Bearer TOKEN`")
        }
        guard let token = context.parameters.get("token"),
            let (item, bytes) = try await storage.evidenceFile(token: token),
            Access.allows(identity, organisation: item.organisationID), let bytes
        else { throw APIError(.notFound, code: "api.not-found", message: "no such file") }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream",
                .contentDisposition: "attachment",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: Sign-off

    /// A reason for returning; for accepting, an optional note.
    struct Reason: Decodable {
        var reason: String?
    }

    private func review(_ request: Request, _ context: AppContext, accept: Bool) async throws
        -> Response
    {
        let (stored, identity) = try await visible(context)
        guard Access.leads(identity, organisation: stored.organisationID) else {
            throw APIError(
                .forbidden, code: "api.forbidden",
                message: "only the organisation's lead accepts or returns its assessments")
        }
        var reason: String?
        if accept {
            // An optional note kept with the sign-off; no body is none.
            if request.headers[.contentLength].flatMap(Int.init) ?? 0 > 0 {
                reason = try await body(Reason.self, request).reason
            }
        } else {
            reason = try await body(Reason.self, request).reason
            guard let text = reason, !text.trimmingWhitespace().isEmpty else {
                throw APIError(
                    .unprocessableContent, code: "server.refused",
                    message: "say why the assessment is returned: give `reason`")
            }
        }
        do {
            let reviewed = try await service.review(
                stored, accept: accept, note: reason, by: identity.user)
            return try Self.encode(SignOff(reviewed), status: .ok)
        } catch StorageError.conflict(let why) {
            throw APIError(.conflict, code: "server.refused", message: why)
        }
    }

    // MARK: Actions

    private func actions(_ stored: StoredAssessment) async throws -> Response {
        let items = try await storage.planItems(assessmentID: stored.id)
        let emails = try await storage.emails()
        let today = PlanService.today()
        return try Self.encode(
            ActionList(
                tracked: stored.status == .accepted,
                actions: items.map { ActionOut($0, emails: emails, today: today) }), status: .ok)
    }

    struct ActionChange: Decodable {
        var owner: String?
        var due: String?
        var status: String?
        var notes: String?
    }

    private func updateAction(_ request: Request, _ context: AppContext) async throws -> Response {
        let (stored, identity) = try await visible(context)
        try requireOwn(identity, stored)
        guard let action = context.parameters.get("action"),
            let item = try await storage.planItems(assessmentID: stored.id).first(where: {
                $0.actionID == action
            })
        else {
            throw APIError(
                .notFound, code: "api.not-found", message: "no such action in this plan")
        }
        let change = try await body(ActionChange.self, request)
        let emails = try await storage.emails()
        let members = try await storage.members(of: stored.organisationID)
        do {
            // A key left out keeps its value.
            let updated = try await PlanService(storage: storage).update(
                item,
                change: PlanService.Change(
                    owner: change.owner ?? item.ownerID.flatMap { emails[$0] },
                    due: change.due ?? item.due, status: change.status ?? item.status.rawValue,
                    notes: change.notes ?? item.notes),
                members: members, by: identity.user,
                byLead: Access.leads(identity, organisation: stored.organisationID))
            return try Self.encode(
                ActionOut(updated, emails: emails, today: PlanService.today()), status: .ok)
        } catch let problem as PlanService.Problem {
            var error = APIError(
                .unprocessableContent, code: "api.invalid", message: problem.message)
            error.diagnostics[0].field = problem.field
            throw error
        }
    }

    // MARK: JSON

    static func encode(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct CommentOut: Encodable {
        var id: Int64
        var subject: String
        var authorId: Int64?
        var at: Date
        var body: String

        init(_ comment: Comment) {
            id = comment.id
            subject = comment.subject
            authorId = comment.authorID
            at = comment.at
            body = comment.body
        }
    }

    struct CommentList: Encodable { var comments: [CommentOut] }

    struct EvidenceOut: Encodable {
        var token: String
        var subject: String
        var kind: String
        var fileName: String?
        var contentType: String?
        var size: Int?
        var sha256: String?
        var url: String?
        var note: String?
        var addedBy: Int64?
        var addedAt: Date

        init(_ item: Evidence) {
            token = item.token
            subject = item.subject
            kind = item.kind.rawValue
            fileName = item.fileName
            contentType = item.contentType
            size = item.size
            sha256 = item.sha256
            url = item.url
            note = item.note
            addedBy = item.addedBy
            addedAt = item.addedAt
        }
    }

    struct EvidenceList: Encodable { var evidence: [EvidenceOut] }

    struct SignOff: Encodable {
        var id: Int64
        var status: String
        var reviewedBy: Int64?
        var reviewedAt: Date?
        var reviewNote: String?

        init(_ stored: StoredAssessment) {
            id = stored.id
            status = stored.status.rawValue
            reviewedBy = stored.reviewedBy
            reviewedAt = stored.reviewedAt
            reviewNote = stored.reviewNote
        }
    }

    struct ActionOut: Encodable {
        var action: String
        var title: String
        var phase: String
        var rules: [String]
        var owner: String?
        var due: String?
        var status: String
        var notes: String
        var overdue: Bool
        var verifiedBy: Int64?
        var stillFailingIn: Int64?

        init(_ item: PlanItem, emails: [Int64: String], today: String) {
            action = item.actionID
            title = item.title
            phase = item.phase
            rules = item.closes
            owner = item.ownerID.flatMap { emails[$0] }
            due = item.due
            status = item.status.rawValue
            notes = item.notes
            overdue = item.isOverdue(today: today)
            verifiedBy = item.verifiedBy
            stillFailingIn = item.stillFailingIn
        }
    }

    struct ActionList: Encodable {
        var tracked: Bool
        var actions: [ActionOut]
    }
}
