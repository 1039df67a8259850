import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ReadinessCore
import SourceDiagnostics

/// The JSON API under `/api/v1`, for integrators, with bearer tokens
/// (`readiness admin add-token`): submit a profile, list and read assessments. Errors are
/// JSON with the library's codes and positions.
package struct APIRoutes: Sendable {
    let service: AssessmentService

    /// The most a profile sent to the API may hold.
    static let bodyLimit = AssessmentService.profileByteLimit

    package func register(on router: Router<AppContext>) {
        let api = router.group("/api/v1")
        api.post("/assessments") { request, context in try await submit(request, context) }
        api.get("/assessments") { _, context in try await list(context) }
        api.get("/assessments/:assessment") { _, context in try await one(context) }
        api.get("/openapi.json") { _, _ in Self.json(OpenAPIDocument.json, status: .ok) }
    }

    /// The caller, by bearer token only: a browser's session cookie does not open the API
    /// (its forms carry CSRF tokens; the API's requests do not).
    private func identity(_ context: AppContext) throws -> Identity {
        guard let identity = context.identity, context.session == nil else {
            throw APIError(
                .unauthorized, code: "api.unauthorized",
                message: "no valid bearer token: send `Authorization: Bearer TOKEN`")
        }
        return identity
    }

    private func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        let identity = try identity(context)
        guard let organisationID = identity.user.organisationID,
            let organisation = try await service.storage.organisation(id: organisationID)
        else {
            throw APIError(
                .unprocessableContent, code: "api.no-organisation",
                message: "the token's account belongs to no organisation to assess")
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard
            type.hasPrefix("application/yaml") || type.hasPrefix("application/x-yaml")
                || type.hasPrefix("text/yaml")
        else {
            throw APIError(
                .unsupportedMediaType, code: "api.media-type",
                message: "send the profile as YAML with `Content-Type: application/yaml`")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.bodyLimit)
        } catch {
            throw APIError(
                .contentTooLarge, code: "api.too-large",
                message: "the profile is larger than \(Self.bodyLimit) bytes")
        }
        do {
            let stored = try await service.submit(
                profileText: String(buffer: buffer), name: "profile.yaml",
                organisation: organisation, by: identity.user)
            return Self.json(Self.withID(stored), status: .created)
        } catch let error as DiagnosticError {
            throw APIError(diagnostics: error.diagnostics)
        }
    }

    private func list(_ context: AppContext) async throws -> Response {
        let identity = try identity(context)
        let stored = try await service.storage.assessments(
            organisationIDs: Access.organisations(visibleTo: identity))
        var names: [Int64: String] = [:]
        for organisation in try await service.storage.organisations() {
            names[organisation.id] = organisation.name
        }
        let items = stored.map { assessment in
            "{\"id\": \(assessment.id), \"organisation\": \(Self.string(names[assessment.organisationID])), \"as_of\": \(Self.string(assessment.asOf)), \"score\": \(assessment.score), \"band\": \(Self.string(assessment.band)), \"compliant\": \(assessment.compliant.map(String.init) ?? "null"), \"status\": \"\(assessment.status.rawValue)\"}"
        }
        return Self.json(
            "{\"assessments\": [" + items.joined(separator: ", ") + "]}\n", status: .ok)
    }

    private func one(_ context: AppContext) async throws -> Response {
        let identity = try identity(context)
        guard let id = context.parameters.get("assessment", as: Int64.self),
            let stored = try await service.storage.assessment(id: id),
            Access.allows(identity, organisation: stored.organisationID)
        else {
            throw APIError(.notFound, code: "api.not-found", message: "no such assessment")
        }
        return Self.json(Self.withID(stored), status: .ok)
    }

    /// The assessment's `id` and its stored report JSON (as `assess --format json` writes it).
    static func withID(_ stored: StoredAssessment) -> String {
        // Not Foundation's `trimmingCharacters`: through `NSString` on Linux it read the whole
        // 37 KB report as UTF-16, a third of a submission's time.
        let report = stored.reportJSON.trimmingWhitespace()
        return
            "{\n  \"id\" : \(stored.id),\n  \"report\" : \(report),\n  \"status\" : \"\(stored.status.rawValue)\"\n}\n"
    }

    static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A JSON string literal (`null` for none).
    static func string(_ text: String?) -> String {
        guard let text else { return "null" }
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// An API error: its status, and a JSON body of diagnostics.
package struct APIError: Error, Sendable {
    package var status: HTTPResponse.Status
    package var diagnostics: [Diagnostic]

    init(_ status: HTTPResponse.Status, code: Diagnostic.Code, message: String) {
        self.status = status
        diagnostics = [Diagnostic(.error, code: code, message: message)]
    }

    init(diagnostics: [Diagnostic]) {
        status = .unprocessableContent
        self.diagnostics = diagnostics
    }

    /// `{"errors": [{"code", "message", "line", "column", "field", "help"}]}`.
    var response: Response {
        let items = diagnostics.map { diagnostic in
            var fields = [
                "\"code\": \(APIRoutes.string(diagnostic.code.rawValue))",
                "\"message\": \(APIRoutes.string(diagnostic.message))",
            ]
            if let start = diagnostic.range?.start {
                fields.append("\"line\": \(start.line)")
                fields.append("\"column\": \(start.column)")
            }
            if let field = diagnostic.field {
                fields.append("\"field\": \(APIRoutes.string(field))")
            }
            if let help = diagnostic.help { fields.append("\"help\": \(APIRoutes.string(help))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return APIRoutes.json(
            "{\"errors\": [" + items.joined(separator: ", ") + "]}\n", status: status)
    }
}
