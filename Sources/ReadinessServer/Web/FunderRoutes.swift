import Foundation
import HTTPTypes
import Hummingbird
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// A funder's pages: the dashboard of its portfolio (live `readiness batch` over each
/// organisation's latest accepted assessment, under its contract), the contract, invitations,
/// each organisation's accepted assessments, and the waivers it grants, renews and revokes.
/// Only a funder's accounts reach them; an organisation outside the portfolio is a 404.
struct FunderRoutes: Sendable {
    let funders: FunderService

    /// The most a tailoring upload may hold: a tailoring is a page of YAML.
    static let tailoringLimit = 256 * 1024

    func register(on router: Router<AppContext>) {
        router.get("/funder") { request, context in try await dashboardPage(request, context) }
        router.get("/funder/dashboard.csv") { _, context in try await dashboardCSV(context) }
        router.post("/funder/contract") { request, context in
            try await setContract(request, context)
        }
        router.post("/funder/invitations") { request, context in
            try await invite(request, context)
        }
        router.get("/funder/organisations/:organisation") { request, context in
            try await organisationPage(request, context)
        }
        router.post("/funder/organisations/:organisation/waivers") { request, context in
            try await grant(request, context)
        }
        router.post("/funder/waivers/:waiver/renew") { request, context in
            try await renew(request, context)
        }
        router.post("/funder/waivers/:waiver/end") { request, context in
            try await end(request, context)
        }
        router.get("/funder/assessments/:assessment") { request, context in
            try await reportPage(request, context)
        }
    }

    private var storage: any Storage { funders.storage }

    // MARK: Who may see what

    /// The funder of the signed-in funder's account; a 404 for anyone else.
    private func funder(_ context: AppContext) async throws -> Funder {
        guard let identity = context.identity else { throw SignInRequired() }
        guard let id = Access.funder(of: identity), let funder = try await storage.funder(id: id)
        else { throw HTTPError(.notFound, message: "There is no such page.") }
        return funder
    }

    /// The organisation of the path's `:organisation`, when it has joined the portfolio.
    private func organisation(_ context: AppContext, funder: Funder, id given: Int64? = nil)
        async throws -> Organisation
    {
        let portfolio = try await storage.memberships(funderID: funder.id, organisationID: nil)
        guard let id = given ?? context.parameters.get("organisation", as: Int64.self),
            Access.funderSees(context.identity, organisation: id, portfolio: portfolio),
            let organisation = try await storage.organisation(id: id)
        else { throw HTTPError(.notFound, message: "There is no such organisation.") }
        return organisation
    }

    // MARK: The dashboard

    private func dashboardPage(
        _ request: Request, _ context: AppContext,
        problems: [(field: String?, message: String)] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let funder = try await funder(context)
        let csrf = context.session?.csrfToken
        let dashboard: FunderService.Dashboard
        do {
            dashboard = try await funders.dashboard(funder: funder, today: PlanService.today())
        } catch let error as DiagnosticError {
            // The stored contract no longer fits the rule set this server runs (a rule it
            // names was removed in a new version): said, with the form to upload one that
            // fits, rather than figures under another contract.
            let contract = try await storage.contract(funderID: funder.id)
            return Responses.html(
                Pages.page(
                    title: "\(funder.name): portfolio", identity: context.identity, csrf: csrf,
                    [
                        .element("h1", text: "\(funder.name): portfolio"),
                        Pages.errorSummary(
                            problems.map { ($0.field, $0.message) }
                                + [
                                    (
                                        "tailoring",
                                        "The contract's tailoring (\(contract?.tailoringName ?? "")) does not fit the rule set this server runs, so there are no figures under it: "
                                            + error.diagnostics.filter { $0.severity == .error }
                                            .map(\.description).joined(separator: "; ")
                                            + ". Upload a tailoring that fits."
                                    )
                                ], page: { _ in "" }),
                        contractForm(
                            contract: contract, tailoringTitle: nil, csrf: csrf,
                            problems: problems),
                    ]), status: .conflict)
        }
        return Responses.html(
            Pages.page(
                title: "\(funder.name): portfolio", identity: context.identity, csrf: csrf,
                [
                    .element("h1", text: "\(funder.name): portfolio"),
                    Pages.notice(Self.notice(request)),
                    Pages.errorSummary(
                        problems.map { ($0.field, $0.message) }, page: { _ in "" }),
                    FunderDashboard.summary(dashboard),
                    FunderDashboard.reminders(dashboard),
                    FunderDashboard.table(dashboard),
                    FunderDashboard.weakestRules(dashboard),
                    FunderDashboard.trend(dashboard),
                    FunderDashboard.waiversInForce(dashboard),
                    FunderDashboard.unassessed(dashboard),
                    contractForm(
                        contract: dashboard.contract,
                        tailoringTitle: dashboard.ruleSet.tailoring?.title, csrf: csrf,
                        problems: problems),
                    inviteForm(invited: dashboard.invited, csrf: csrf, problems: problems),
                    .element("script", [("src", "/assets/sortable.js"), ("defer", "")]),
                ]), status: status)
    }

    /// The dashboard's table as CSV: `readiness batch --format csv` over the same rows.
    private func dashboardCSV(_ context: AppContext) async throws -> Response {
        let funder = try await funder(context)
        let dashboard = try await funders.dashboard(funder: funder, today: PlanService.today())
        var renderer = BatchRenderer(
            format: .csv, ruleSet: dashboard.ruleSet.ruleSet,
            tailoring: dashboard.ruleSet.tailoring)
        var text = renderer.header()
        for entry in dashboard.entries {
            guard var row = entry.row else { continue }
            row.file = "/funder/assessments/\(entry.assessmentID ?? 0)"
            text += renderer.row(row)
        }
        var response = Responses.file(text, type: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"portfolio.csv\""
        return response
    }

    private func contractForm(
        contract: Contract?, tailoringTitle: String?, csrf: String?,
        problems: [(field: String?, message: String)]
    ) -> Markup {
        func error(_ field: String) -> String? {
            problems.first { $0.field == field }?.message
        }
        let current: Markup =
            contract.map { contract in
                .element(
                    "p",
                    text:
                        "Organisations are assessed under the tailoring \(tailoringTitle ?? contract.tailoringName) (\(contract.tailoringName)), and an accepted assessment is expected every \(contract.cadenceDays) days."
                )
            }
            ?? .element(
                "p",
                text:
                    "No contract yet: organisations are assessed under the rule set as written, and an accepted assessment is expected every 365 days."
            )
        return .element(
            "section", [("class", "contract"), ("aria-labelledby", "contract-heading")],
            [
                .element("h2", [("id", "contract-heading")], text: "Contract"),
                current,
                .element(
                    "form",
                    [
                        ("method", "post"), ("action", "/funder/contract"),
                        ("enctype", "multipart/form-data"),
                    ],
                    [
                        Pages.csrfInput(csrf),
                        .element(
                            "div", [("class", "field")],
                            [
                                .element(
                                    "label", [("for", SchemaForm.id("tailoring"))],
                                    text: "Tailoring file (YAML)"),
                                .element(
                                    "p",
                                    [
                                        ("class", "hint"),
                                        ("id", SchemaForm.id("tailoring") + "-hint"),
                                    ],
                                    text: contract == nil
                                        ? "The rules that apply, extra mandatory rules, thresholds: as for readiness assess --tailoring."
                                        : "Leave it empty to keep the tailoring and change the cadence only."
                                ),
                                error("tailoring").map {
                                    .element(
                                        "p",
                                        [
                                            ("class", "error"),
                                            ("id", SchemaForm.id("tailoring") + "-error"),
                                        ],
                                        text: $0)
                                } ?? .empty,
                                .void(
                                    "input",
                                    [
                                        ("type", "file"), ("id", SchemaForm.id("tailoring")),
                                        ("name", "tailoring"),
                                        ("accept", ".yaml,.yml,application/yaml,text/yaml"),
                                        (
                                            "aria-describedby",
                                            SchemaForm.id("tailoring") + "-hint"
                                                + (error("tailoring") == nil
                                                    ? ""
                                                    : " " + SchemaForm.id("tailoring") + "-error")
                                        ),
                                    ]),
                            ]),
                        Pages.field(
                            id: SchemaForm.id("cadence"), label: "Cadence, in days",
                            hint: "How often each organisation should have an assessment accepted.",
                            error: error("cadence"),
                            input: [
                                ("type", "text"), ("name", "cadence"), ("inputmode", "numeric"),
                                ("value", String(contract?.cadenceDays ?? 365)),
                            ]),
                        .element("button", [("type", "submit")], text: "Save the contract"),
                    ]),
            ])
    }

    private func inviteForm(
        invited: [Organisation], csrf: String?, problems: [(field: String?, message: String)]
    ) -> Markup {
        .element(
            "section", [("aria-labelledby", "invite-heading")],
            [
                .element("h2", [("id", "invite-heading")], text: "Invite an organisation"),
                invited.isEmpty
                    ? .empty
                    : .element(
                        "p",
                        text: "Invited, not yet joined: "
                            + invited.map(\.name).joined(separator: ", ") + "."),
                .element(
                    "form", [("method", "post"), ("action", "/funder/invitations")],
                    [
                        Pages.csrfInput(csrf),
                        Pages.field(
                            id: SchemaForm.id("organisation"), label: "Organisation",
                            hint:
                                "As its assessments name it. Its lead accepts the invitation on the organisation's page.",
                            error: problems.first { $0.field == "organisation" }?.message,
                            input: [
                                ("type", "text"), ("name", "organisation"),
                                ("autocomplete", "organization"),
                            ]),
                        .element("button", [("type", "submit")], text: "Invite"),
                    ]),
            ])
    }

    private func setContract(_ request: Request, _ context: AppContext) async throws -> Response {
        let funder = try await funder(context)
        guard let identity = context.identity else { throw SignInRequired() }
        let body = try await Responses.bytes(
            request, limit: Self.tailoringLimit + ProfileUpload.formOverhead)
        let form = try MultipartForm.posted(body, contentType: request.headers[.contentType])
        try CSRF.requireSession(form.fields, context)
        let file = form.file("tailoring")
        var bytes = file?.bytes ?? []
        var name = file?.displayName ?? ""
        // No file chosen: the cadence changes, the tailoring stays.
        if bytes.isEmpty, let contract = try await storage.contract(funderID: funder.id) {
            bytes = Array(contract.tailoringText.utf8)
            name = contract.tailoringName
        }
        do {
            _ = try await funders.setContract(
                funder: funder, tailoringBytes: bytes, name: name,
                cadenceText: form.fields["cadence"] ?? "", by: identity.user)
        } catch let refusal as FunderService.Refusal {
            return try await dashboardPage(
                request, context, problems: [(refusal.field, refusal.message)],
                status: .unprocessableContent)
        } catch let error as DiagnosticError {
            return try await dashboardPage(
                request, context,
                problems: error.diagnostics.filter { $0.severity == .error }.map {
                    ("tailoring", $0.description + ($0.help.map { " (\($0))" } ?? ""))
                }, status: .unprocessableContent)
        }
        return Responses.redirect("/funder?done=contract")
    }

    private func invite(_ request: Request, _ context: AppContext) async throws -> Response {
        let funder = try await funder(context)
        guard let identity = context.identity else { throw SignInRequired() }
        let form = try FormData(await Responses.body(request, limit: WebRoutes.formLimit))
        try CSRF.requireSession(form, context)
        do {
            _ = try await funders.invite(
                named: form["organisation"] ?? "", funderID: funder.id, by: identity.user)
        } catch let refusal as FunderService.Refusal {
            return try await dashboardPage(
                request, context, problems: [(refusal.field, refusal.message)],
                status: .unprocessableContent)
        } catch StorageError.conflict(let why) {
            return try await dashboardPage(
                request, context, problems: [("organisation", why)], status: .conflict)
        }
        return Responses.redirect("/funder?done=invited")
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters.get("done") {
        case "contract": "The contract is saved; the dashboard now assesses under it."
        case "invited": "The organisation is invited; it joins when its lead accepts."
        case "granted": "The waiver is granted."
        case "renewed": "The waiver is renewed."
        case "ended": "The waiver is ended."
        default: nil
        }
    }

    // MARK: One organisation

    private func organisationPage(
        _ request: Request, _ context: AppContext,
        problems: [(field: String?, message: String)] = [],
        status: HTTPResponse.Status = .ok, organisationID: Int64? = nil
    ) async throws -> Response {
        let funder = try await funder(context)
        let organisation = try await organisation(context, funder: funder, id: organisationID)
        let csrf = context.session?.csrfToken
        let accepted = try await storage.assessments(organisationIDs: [organisation.id]).filter {
            $0.status == .accepted
        }
        let waivers = try await storage.waivers(
            funderID: funder.id, organisationID: organisation.id)
        let today = PlanService.today()
        let names = try await storage.emails()
        let base = "/funder/organisations/\(organisation.id)"
        func error(_ field: String) -> String? { problems.first { $0.field == field }?.message }
        let waiverItems: [Markup] = waivers.reversed().map { waiver in
            FunderWaiverWords.item(
                waiver, today: today, names: names, csrf: csrf, decidable: true)
        }
        let requested = waivers.filter { $0.status == .requested }
        let trail = try await funders.trail(funder: funder, organisationID: organisation.id)
        return Responses.html(
            Pages.page(
                title: "\(organisation.name) · \(funder.name)", identity: context.identity,
                csrf: csrf,
                [
                    .element(
                        "p", [], [.element("a", [("href", "/funder")], text: "← The portfolio")]),
                    .element("h1", text: organisation.name),
                    Pages.notice(Self.notice(request)),
                    Pages.errorSummary(problems.map { ($0.field, $0.message) }, page: { _ in "" }),
                    .element("h2", text: "Accepted assessments"),
                    .element(
                        "p", [("class", "hint")],
                        text: "Each report applies your contract and the waivers in force."),
                    accepted.isEmpty
                        ? .element("p", text: "None accepted yet.")
                        : .element(
                            "ul", [],
                            accepted.map { stored in
                                .element(
                                    "li", [],
                                    [
                                        .element(
                                            "a", [("href", "/funder/assessments/\(stored.id)")],
                                            text: "As of \(stored.asOf)"),
                                        .text(
                                            ", accepted \(PlanService.today(stored.reviewedAt ?? stored.submittedAt))"
                                        ),
                                    ])
                            }),
                    .element("h2", [("id", "waivers")], text: "Waivers"),
                    waiverItems.isEmpty
                        ? .element("p", text: "No waiver asked for or granted.")
                        : .element("ul", [("class", "waivers")], waiverItems),
                    .element(
                        "form", [("method", "post"), ("action", "\(base)/waivers")],
                        [
                            .element("h3", text: "Grant a waiver"),
                            Pages.csrfInput(csrf),
                            requested.isEmpty
                                ? .empty
                                : .element(
                                    "div", [("class", "field")],
                                    [
                                        .element(
                                            "label", [("for", "request")],
                                            text: "The request it answers"),
                                        .element(
                                            "select", [("id", "request"), ("name", "request")],
                                            [
                                                .element(
                                                    "option", [("value", "")],
                                                    text: "None: a new waiver")
                                            ]
                                                + requested.map {
                                                    .element(
                                                        "option", [("value", String($0.id))],
                                                        text:
                                                            "\($0.rule), asked until \($0.expires)")
                                                }),
                                    ]),
                            Pages.field(
                                id: SchemaForm.id("rule"), label: "Rule",
                                hint: "Its id, such as SUP-02. Left empty, the request's.",
                                error: error("rule"), input: [("type", "text"), ("name", "rule")]),
                            Pages.field(
                                id: SchemaForm.id("justification"), label: "Justification",
                                hint: "Why the rule is waived. Left empty, the request's.",
                                error: error("justification"),
                                input: [("type", "text"), ("name", "justification")]),
                            Pages.field(
                                id: SchemaForm.id("approved_by"), label: "Approved by",
                                hint: "Who approved it, as the report will name them.",
                                error: error("approved_by"),
                                input: [("type", "text"), ("name", "approved_by")]),
                            Pages.field(
                                id: SchemaForm.id("granted"), label: "Granted on",
                                hint: "YYYY-MM-DD.",
                                error: error("granted"),
                                input: [("type", "text"), ("name", "granted"), ("value", today)]),
                            Pages.field(
                                id: SchemaForm.id("expires"), label: "Expires on",
                                hint:
                                    "YYYY-MM-DD. From that day the rule counts against compliance again.",
                                error: error("expires"),
                                input: [("type", "text"), ("name", "expires")]),
                            .element("button", [("type", "submit")], text: "Grant the waiver"),
                        ]),
                    Self.trailTable(trail, names: names),
                ]), status: status)
    }

    /// Every step between the funder and the organisation, oldest first.
    static func trailTable(_ trail: [AuditEntry], names: [Int64: String]) -> Markup {
        guard !trail.isEmpty else { return .empty }
        return .element(
            "section", [("aria-labelledby", "trail-heading")],
            [
                .element("h2", [("id", "trail-heading")], text: "Every step"),
                .element(
                    "div", [("class", "table-scroll")],
                    [
                        .element(
                            "table", [("class", "audit")],
                            [
                                .element(
                                    "tr", [],
                                    ["When", "Who", "What", "Before", "After"].map {
                                        .element("th", [("scope", "col")], text: $0)
                                    })
                            ]
                                + trail.map { entry in
                                    .element(
                                        "tr", [],
                                        [
                                            .element(
                                                "td", text: CollaborationRoutes.time(entry.at)),
                                            .element(
                                                "td",
                                                text: entry.userID.flatMap { names[$0] }
                                                    ?? "the system"),
                                            .element(
                                                "td", text: CollaborationRoutes.actionWords(entry)),
                                            .element("td", text: entry.oldValue ?? "—"),
                                            .element("td", text: entry.newValue ?? "—"),
                                        ])
                                })
                    ]),
            ])
    }

    private func grant(_ request: Request, _ context: AppContext) async throws -> Response {
        let funder = try await funder(context)
        let organisation = try await organisation(context, funder: funder)
        guard let identity = context.identity else { throw SignInRequired() }
        let form = try FormData(await Responses.body(request, limit: WebRoutes.formLimit))
        try CSRF.requireSession(form, context)
        do {
            _ = try await funders.grantWaiver(
                FunderService.WaiverForm(
                    rule: form["rule"] ?? "", justification: form["justification"] ?? "",
                    approvedBy: form["approved_by"] ?? "", granted: form["granted"] ?? "",
                    expires: form["expires"] ?? ""),
                organisation: organisation, funder: funder,
                requestID: (form["request"]).flatMap { Int64($0) }, by: identity.user)
        } catch let refusal as FunderService.Refusal {
            return try await organisationPage(
                request, context, problems: [(refusal.field, refusal.message)],
                status: .unprocessableContent)
        }
        return Responses.redirect("/funder/organisations/\(organisation.id)?done=granted#waivers")
    }

    private func renew(_ request: Request, _ context: AppContext) async throws -> Response {
        try await decide(request, context) { funder, user, id, form in
            _ = try await funders.renewWaiver(
                id: id, expires: form["expires"] ?? "", funder: funder, by: user)
            return "renewed"
        }
    }

    private func end(_ request: Request, _ context: AppContext) async throws -> Response {
        try await decide(request, context) { funder, user, id, _ in
            _ = try await funders.endWaiver(
                id: id, funder: funder, by: user, today: PlanService.today())
            return "ended"
        }
    }

    /// A decision on one waiver of the funder's: its organisation's page again, with the
    /// refusal where there is one.
    private func decide(
        _ request: Request, _ context: AppContext,
        _ change: (Funder, User, Int64, FormData) async throws -> String
    ) async throws -> Response {
        let funder = try await funder(context)
        guard let identity = context.identity else { throw SignInRequired() }
        let form = try FormData(await Responses.body(request, limit: WebRoutes.formLimit))
        try CSRF.requireSession(form, context)
        guard let id = context.parameters.get("waiver", as: Int64.self),
            let waiver = try await storage.waiver(id: id), waiver.funderID == funder.id,
            Access.funderSees(
                context.identity, organisation: waiver.organisationID,
                portfolio: try await storage.memberships(funderID: funder.id, organisationID: nil))
        else { throw HTTPError(.notFound, message: "There is no such waiver.") }
        let page = "/funder/organisations/\(waiver.organisationID)"
        do {
            let done = try await change(funder, identity.user, id, form)
            return Responses.redirect("\(page)?done=\(done)#waivers")
        } catch let refusal as FunderService.Refusal {
            return try await organisationPage(
                request, context,
                problems: [
                    (refusal.field, "Waiver \(waiver.id) (\(waiver.rule)): \(refusal.message)")
                ],
                status: .unprocessableContent, organisationID: waiver.organisationID)
        }
    }

    // MARK: A report under the contract

    private func reportPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let funder = try await funder(context)
        let portfolio = try await storage.memberships(funderID: funder.id, organisationID: nil)
        guard let id = context.parameters.get("assessment", as: Int64.self),
            let stored = try await storage.assessment(id: id), stored.status == .accepted,
            Access.funderSees(
                context.identity, organisation: stored.organisationID, portfolio: portfolio),
            let organisation = try await storage.organisation(id: stored.organisationID)
        else { throw HTTPError(.notFound, message: "There is no such assessment.") }
        let waivers = try await storage.waivers(
            funderID: funder.id, organisationID: organisation.id)
        let assessment: Assessment
        do {
            let ruleSet = try await funders.ruleSet(
                under: try await storage.contract(funderID: funder.id))
            assessment = try await Assessment.assess(
                ruleSet: ruleSet, profileBytes: Array(stored.profileText.utf8),
                name: "assessment \(stored.id)",
                waivers: FunderService.waiverList(waivers, organisation: organisation))
        } catch let error as DiagnosticError {
            // Made under another version of the rule set, or a contract that no longer fits:
            // said plainly, not answered with another contract's figures.
            return Responses.html(
                Pages.page(
                    title: "Report: \(organisation.name)", identity: context.identity,
                    csrf: context.session?.csrfToken,
                    [
                        .element(
                            "p", [],
                            [
                                .element(
                                    "a", [("href", "/funder/organisations/\(organisation.id)")],
                                    text: "← \(organisation.name)")
                            ]),
                        .element("h1", text: "The assessment as of \(stored.asOf)"),
                        Pages.errorSummary([
                            (
                                nil,
                                "It cannot be assessed again under your contract and the rule set this server runs: "
                                    + error.diagnostics.filter { $0.severity == .error }
                                    .prefix(5).map(\.description).joined(separator: "; ")
                            )
                        ]),
                    ]), status: .conflict)
        }
        let report = AssessmentReport(assessment)
        return Responses.html(
            Pages.page(
                title: "Report: \(organisation.name)", identity: context.identity,
                csrf: context.session?.csrfToken,
                [
                    .element(
                        "p", [],
                        [
                            .element(
                                "a", [("href", "/funder/organisations/\(organisation.id)")],
                                text: "← \(organisation.name)"),
                            .text(" · "),
                            .element("a", [("href", "/funder")], text: "The portfolio"),
                        ]),
                    .trusted(HTMLRenderer.fragment(report).html),
                ], extraStylesheet: "/assets/report.css"))
    }
}
