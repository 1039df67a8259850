import Foundation
import Hummingbird
import ReadinessCore

/// The organisation's side of its funders: invitations its lead accepts, each funder's
/// cadence and when the next accepted assessment is due, and waivers it asks for.
extension WebRoutes {
    func registerFunderRoutes(on router: Router<AppContext>) {
        router.post("/organisations/:organisation/funders/:funder/join") { request, context in
            try await join(request, context)
        }
        router.post("/organisations/:organisation/waivers") { request, context in
            try await requestWaiver(request, context)
        }
    }

    private var funders: FunderService { FunderService(assessments: service) }

    /// The funders section of the organisation's page; empty for an organisation no funder
    /// has invited.
    func funderPart(
        _ organisation: Organisation, assessments: [StoredAssessment], context: AppContext,
        problems: [(field: String?, message: String)] = []
    ) async throws -> Markup {
        let storage = service.storage
        let memberships = try await storage.memberships(
            funderID: nil, organisationID: organisation.id)
        guard !memberships.isEmpty else { return .empty }
        let csrf = context.session?.csrfToken
        let leads = Access.leads(context.identity, organisation: organisation.id)
        let today = PlanService.today()
        let names = try await storage.emails()
        let base = "/organisations/\(organisation.id)"
        let latest = assessments.filter { $0.status == .accepted }.max {
            ($0.asOf, $0.id) < ($1.asOf, $1.id)
        }
        var items: [Markup] = []
        var joined: [Funder] = []
        for membership in memberships {
            guard let funder = try await storage.funder(id: membership.funderID) else { continue }
            switch membership.status {
            case .invited:
                items.append(
                    .element(
                        "li", [],
                        [
                            .text(
                                "\(funder.name) invites you into its portfolio: it would see your accepted assessments (not drafts) and decide waivers. "
                            ),
                            leads
                                ? .element(
                                    "form",
                                    [
                                        ("method", "post"),
                                        ("action", "\(base)/funders/\(funder.id)/join"),
                                        ("class", "inline"),
                                    ],
                                    [
                                        Pages.csrfInput(csrf),
                                        .element(
                                            "button", [("type", "submit")],
                                            text: "Join \(funder.name)'s portfolio"),
                                    ])
                                : .text("Your lead accepts it."),
                        ]))
            case .joined:
                joined.append(funder)
                let cadence = try await storage.contract(funderID: funder.id)?.cadenceDays ?? 365
                let due = latest.map { FunderService.day($0.asOf, plus: cadence) }
                let when =
                    due.map {
                        $0 <= today
                            ? "Overdue: it expects an accepted assessment every \(cadence) days, and the last was as of \(latest?.asOf ?? "") (due by \($0))."
                            : "It expects an accepted assessment every \(cadence) days: the next by \($0)."
                    }
                    ?? "It expects an accepted assessment every \(cadence) days; none is accepted yet."
                items.append(
                    .element(
                        "li", [("class", due.map { $0 <= today } ?? true ? "overdue" : "")],
                        [.element("strong", text: funder.name), .text(" — \(when)")]))
            }
        }
        let waivers = try await storage.waivers(funderID: nil, organisationID: organisation.id)
        let funderNames = Dictionary(
            uniqueKeysWithValues: try await storage.funders().map { ($0.id, $0.name) })
        func error(_ field: String) -> String? { problems.first { $0.field == field }?.message }
        return .element(
            "section", [("class", "funders"), ("aria-labelledby", "funders-heading")],
            [
                .element("h2", [("id", "funders-heading")], text: "Funders"),
                .element("ul", [], items),
                waivers.isEmpty
                    ? .empty
                    : .group([
                        .element("h3", [("id", "waivers")], text: "Waivers"),
                        .element(
                            "ul", [("class", "waivers")],
                            waivers.reversed().map { waiver in
                                FunderWaiverWords.item(
                                    waiver, today: today, names: names, csrf: csrf,
                                    decidable: false,
                                    funder: funderNames[waiver.funderID] ?? "A funder")
                            }),
                    ]),
                leads && !joined.isEmpty
                    ? .element(
                        "details", problems.isEmpty ? [] : [("open", "")],
                        [
                            .element("summary", text: "Ask a funder to waive a rule"),
                            .element(
                                "form", [("method", "post"), ("action", "\(base)/waivers")],
                                [
                                    Pages.csrfInput(csrf),
                                    joined.count == 1
                                        ? .void(
                                            "input",
                                            [
                                                ("type", "hidden"), ("name", "funder"),
                                                ("value", String(joined[0].id)),
                                            ])
                                        : .element(
                                            "div", [("class", "field")],
                                            [
                                                .element(
                                                    "label", [("for", "waiver-funder")],
                                                    text: "Funder"),
                                                .element(
                                                    "select",
                                                    [("id", "waiver-funder"), ("name", "funder")],
                                                    joined.map {
                                                        .element(
                                                            "option", [("value", String($0.id))],
                                                            text: $0.name)
                                                    }),
                                            ]),
                                    Pages.field(
                                        id: SchemaForm.id("waiver-rule"), label: "Rule",
                                        hint: "Its id, such as SUP-02.", error: error("rule"),
                                        input: [("type", "text"), ("name", "rule")]),
                                    Pages.field(
                                        id: SchemaForm.id("waiver-justification"), label: "Why",
                                        hint:
                                            "What stands in the way, and what you are doing about it.",
                                        error: error("justification"),
                                        input: [("type", "text"), ("name", "justification")]),
                                    Pages.field(
                                        id: SchemaForm.id("waiver-expires"), label: "Until",
                                        hint: "YYYY-MM-DD: the day you expect to meet the rule.",
                                        error: error("expires"),
                                        input: [("type", "text"), ("name", "expires")]),
                                    .element("button", [("type", "submit")], text: "Ask"),
                                ]),
                        ]) : .empty,
            ])
    }

    private func join(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: service.storage)
        let lead = try Visible.lead(context, organisation: organisation)
        let form = try FormData(await Responses.body(request, limit: Self.formLimit))
        try CSRF.requireSession(form, context)
        guard let funderID = context.parameters.get("funder", as: Int64.self) else {
            throw HTTPError(.notFound, message: "There is no such funder.")
        }
        do {
            try await service.storage.join(
                funderID: funderID, organisationID: organisation.id, by: lead.id, at: Date())
        } catch StorageError.conflict(let why) {
            return try await organisationPage(request, context, notice: why, status: .conflict)
        }
        return Responses.redirect("/organisations/\(organisation.id)?done=joined")
    }

    private func requestWaiver(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: service.storage)
        let lead = try Visible.lead(context, organisation: organisation)
        let form = try FormData(await Responses.body(request, limit: Self.formLimit))
        try CSRF.requireSession(form, context)
        do {
            _ = try await funders.requestWaiver(
                FunderService.WaiverForm(
                    rule: form["rule"] ?? "", justification: form["justification"] ?? "",
                    expires: form["expires"] ?? ""),
                organisation: organisation, funderID: Int64(form["funder"] ?? "") ?? 0,
                by: lead, today: PlanService.today())
        } catch let refusal as FunderService.Refusal {
            return try await organisationPage(
                request, context, status: .unprocessableContent,
                funderProblems: [(refusal.field, refusal.message)])
        }
        return Responses.redirect("/organisations/\(organisation.id)?done=waiver-requested")
    }
}
