import Foundation
import Hummingbird
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// A funder's dashboard as JSON, for its own systems: `GET /api/v1/funder/dashboard` with a
/// funder's account's token. The rows and totals are `readiness batch --format json`'s, under
/// the contract and with the waivers in force; around them, each organisation's assessment,
/// when the next is due, and the trend.
package struct FunderAPI: Sendable {
    let funders: FunderService

    package func register(on router: Router<AppContext>) {
        router.group("/api/v1").get("/funder/dashboard") { _, context in
            try await dashboard(context)
        }
    }

    private func dashboard(_ context: AppContext) async throws -> Response {
        guard let identity = context.identity, context.session == nil else {
            throw APIError(
                .unauthorized, code: "api.unauthorized",
                message: "no valid bearer token: send `Authorization: Bearer TOKEN`")
        }
        guard let funderID = Access.funder(of: identity),
            let funder = try await funders.storage.funder(id: funderID)
        else {
            throw APIError(
                .notFound, code: "api.not-found",
                message: "no funder's dashboard for this token: it is not a funder's account's")
        }
        let today = PlanService.today()
        let dashboard: FunderService.Dashboard
        do {
            dashboard = try await funders.dashboard(funder: funder, today: today)
        } catch let error as DiagnosticError {
            var refusal = APIError(diagnostics: error.diagnostics)
            refusal.status = .conflict
            throw refusal
        }
        return APIRoutes.json(Self.document(dashboard, today: today), status: .ok)
    }

    /// The dashboard as JSON text, keys in a fixed order.
    static func document(_ dashboard: FunderService.Dashboard, today: String) -> String {
        let string = APIRoutes.string
        let ruleSet = dashboard.ruleSet.ruleSet
        let renderer = BatchRenderer(
            format: .json, ruleSet: ruleSet, tailoring: dashboard.ruleSet.tailoring)
        let organisations = dashboard.entries.map { entry in
            "    {\n      \"organisation_id\" : \(entry.organisation.id),\n"
                + "      \"organisation\" : \(string(entry.organisation.name)),\n"
                + "      \"assessment_id\" : \(entry.assessmentID.map(String.init) ?? "null"),\n"
                + "      \"due\" : \(string(entry.due)),\n"
                + "      \"overdue\" : \(entry.overdue),\n"
                + "      \"row\" : \(entry.row.map { BatchRenderer.json(row: $0, margin: 6) } ?? "null")\n    }"
        }
        let trend = dashboard.trend.map { point in
            "    { \"date\" : \(string(point.date)), \"organisations\" : \(point.organisations), \"average_score\" : \(point.averageScore), \"compliant\" : \(point.compliant) }"
        }
        let totals = renderer.json(totals: dashboard.totals)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n  ")
        return "{\n  \"schema_version\" : 1,\n"
            + "  \"funder\" : \(string(dashboard.funder.name)),\n"
            + "  \"as_of\" : \(string(today)),\n"
            + "  \"ruleset\" : { \"id\" : \(string(ruleSet.metadata.id)), \"version\" : \(string(ruleSet.metadata.version)) },\n"
            + "  \"tailoring\" : "
            + (dashboard.ruleSet.tailoring.map {
                "{ \"id\" : \(string($0.id)), \"name\" : \(string($0.path)) }"
            } ?? "null") + ",\n"
            + "  \"cadence_days\" : \(dashboard.contract?.cadenceDays ?? 365),\n"
            + "  \"organisations\" : [" + (organisations.isEmpty ? "" : "\n")
            + organisations.joined(separator: ",\n") + (organisations.isEmpty ? "],\n" : "\n  ],\n")
            + "  \"totals\" : \(totals),\n"
            + "  \"trend\" : [" + (trend.isEmpty ? "" : "\n") + trend.joined(separator: ",\n")
            + (trend.isEmpty ? "]\n" : "\n  ]\n") + "}\n"
    }
}
