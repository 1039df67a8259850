import Foundation
import HTTPTypes
import Hummingbird
import ReadinessCore

/// The tracked plan of an accepted assessment: each action's owner, due date, status and
/// notes, changed on the page or from its CSV edited in a spreadsheet. Everyone who may see
/// the organisation sees it; its own accounts change it.
package struct PlanRoutes: Sendable {
    let plans: PlanService

    var storage: any Storage { plans.storage }

    package func register(on router: Router<AppContext>) {
        router.get("/assessments/:assessment/plan") { _, context in
            try await planPage(context)
        }
        router.get("/assessments/:assessment/plan/tracked.csv") { _, context in
            let stored = try await Visible.assessment(context, storage: storage)
            let items = try await storage.planItems(assessmentID: stored.id)
            return Responses.file(
                PlanService.csv(
                    items, members: try await storage.members(of: stored.organisationID),
                    today: PlanService.today()),
                type: "text/csv; charset=utf-8", downloadName: "tracked-plan-\(stored.id).csv")
        }
        router.post("/assessments/:assessment/plan/import") { request, context in
            try await importCSV(request, context)
        }
        router.post("/assessments/:assessment/plan/:action") { request, context in
            try await update(request, context)
        }
    }

    /// The caller, when it is one of the organisation's own accounts (who change its plan).
    private func editor(_ context: AppContext, _ stored: StoredAssessment) throws -> User {
        guard let user = context.identity?.user, user.organisationID == stored.organisationID
        else {
            throw HTTPError(
                .forbidden, message: "Only the organisation's own accounts change its plan.")
        }
        return user
    }

    private func planPage(
        _ context: AppContext, problems: [String] = [], status: HTTPResponse.Status = .ok,
        notice: String? = nil
    ) async throws -> Response {
        let stored = try await Visible.assessment(context, storage: storage)
        let organisation = try await storage.organisation(id: stored.organisationID)
        let members = try await storage.members(of: stored.organisationID)
        let items = try await storage.planItems(assessmentID: stored.id)
        let today = PlanService.today()
        let csrf = context.session?.csrfToken
        let base = "/assessments/\(stored.id)/plan"
        let editable = context.identity?.user.organisationID == stored.organisationID
        var content: [Markup] = [
            .element(
                "p", [],
                [.element("a", [("href", "/assessments/\(stored.id)")], text: "← The report")]),
            .element(
                "h1",
                text: "The plan: \(organisation?.name ?? ""), assessed as of \(stored.asOf)"),
            Pages.notice(notice),
            Pages.errorSummary(problems.map { (nil, $0) }),
        ]
        guard stored.status == .accepted else {
            content.append(
                .element(
                    "p",
                    text:
                        "The plan is tracked once the lead accepts the assessment. Until then, the report lists its actions."
                ))
            return Responses.html(
                Pages.page(
                    title: "The plan", identity: context.identity, csrf: csrf, content),
                status: status)
        }
        let overdue = items.filter { $0.isOverdue(today: today) }.count
        let counts = PlanItem.Status.allCases.map { state in
            "\(items.filter { $0.status == state }.count) \(state.words)"
        }.joined(separator: ", ")
        content += [
            .element(
                "p", [("class", "status")],
                text:
                    "\(items.count) actions: \(counts)"
                    + (overdue > 0 ? "; \(overdue) overdue." : ".")),
            .element(
                "p", [],
                [
                    .element(
                        "a", [("href", "\(base)/tracked.csv")], text: "Download the plan as CSV"),
                    .text(
                        " to work on it in a spreadsheet; import it again below to save the owners, dates, statuses and notes."
                    ),
                ]),
        ]
        if editable { content.append(importForm(base: base, csrf: csrf)) }
        var phase = ""
        for item in items {
            if item.phase != phase {
                phase = item.phase
                content.append(.element("h2", text: phase))
            }
            content.append(
                actionBlock(
                    item, members: members, today: today, base: base, csrf: csrf,
                    editable: editable))
        }
        if items.isEmpty { content.append(.element("p", text: "No actions: nothing to do.")) }
        return Responses.html(
            Pages.page(title: "The plan", identity: context.identity, csrf: csrf, content),
            status: status)
    }

    private func actionBlock(
        _ item: PlanItem, members: [User], today: String, base: String, csrf: String?,
        editable: Bool
    ) -> Markup {
        let id = SchemaForm.id(item.actionID)
        let overdue = item.isOverdue(today: today)
        var flags: [Markup] = []
        if overdue {
            flags.append(
                .element("p", [("class", "flag")], text: "Overdue: it was due \(item.due ?? "").")
            )
        }
        if let later = item.stillFailingIn {
            flags.append(
                .element(
                    "p", [("class", "flag")],
                    text:
                        "Marked done, but the rules it closes still fail in a later assessment (#\(later))."
                ))
        }
        if let later = item.verifiedBy {
            flags.append(
                .element(
                    "p", [("class", "notice")],
                    text: "Verified: the rules it closes pass in a later assessment (#\(later))."))
        }
        let owner = members.first { $0.id == item.ownerID }?.email
        let fields: Markup =
            editable
            ? .element(
                "form", [("method", "post"), ("action", "\(base)/\(item.actionID)")],
                [
                    Pages.csrfInput(csrf),
                    .element(
                        "div", [("class", "row-fields")],
                        [
                            .element(
                                "div", [("class", "field")],
                                [
                                    .element("label", [("for", "\(id)-owner")], text: "Owner"),
                                    .element(
                                        "select", [("id", "\(id)-owner"), ("name", "owner")],
                                        [
                                            .element(
                                                "option",
                                                [
                                                    ("value", ""),
                                                    ("selected", owner == nil ? "" : nil),
                                                ],
                                                text: "No one yet")
                                        ]
                                            + members.map { member in
                                                .element(
                                                    "option",
                                                    [
                                                        ("value", member.email),
                                                        (
                                                            "selected",
                                                            member.email == owner ? "" : nil
                                                        ),
                                                    ], text: member.email)
                                            }),
                                ]),
                            Pages.field(
                                id: "\(id)-due", label: "Due",
                                input: [
                                    ("type", "date"), ("name", "due"), ("value", item.due ?? ""),
                                ]),
                            .element(
                                "div", [("class", "field")],
                                [
                                    .element("label", [("for", "\(id)-status")], text: "Status"),
                                    .element(
                                        "select", [("id", "\(id)-status"), ("name", "status")],
                                        PlanItem.Status.allCases.map { state in
                                            .element(
                                                "option",
                                                [
                                                    ("value", state.rawValue),
                                                    ("selected", state == item.status ? "" : nil),
                                                ], text: state.words)
                                        }),
                                ]),
                        ]),
                    .element(
                        "div", [("class", "field")],
                        [
                            .element("label", [("for", "\(id)-notes")], text: "Notes"),
                            .element(
                                "textarea",
                                [
                                    ("id", "\(id)-notes"), ("name", "notes"), ("rows", "2"),
                                    ("maxlength", String(EvidenceService.textLimit)),
                                ], text: item.notes),
                        ]),
                    .element(
                        "button", [("type", "submit"), ("class", "secondary")],
                        text: "Save \(item.actionID)"),
                ])
            : .element(
                "p", [("class", "status")],
                text:
                    "Owner: \(owner ?? "no one yet") · due \(item.due ?? "—") · \(item.status.words)"
                    + (item.notes.isEmpty ? "" : " · \(item.notes)"))
        return .element(
            "div",
            [
                (
                    "class",
                    overdue || item.stillFailingIn != nil ? "statement disagrees" : "statement"
                ),
                ("id", "action-\(id)"),
            ],
            [
                .element("h3", text: "\(item.title) (\(item.actionID))"),
                item.closes.isEmpty
                    ? .empty
                    : .element(
                        "p", [("class", "status")],
                        text: "Closes \(item.closes.joined(separator: ", ")); \(item.status.words)."
                    ),
                .group(flags),
                fields,
            ])
    }

    private func importForm(base: String, csrf: String?) -> Markup {
        .element(
            "details", [],
            [
                .element("summary", text: "Import the plan from its CSV"),
                .element(
                    "form",
                    [
                        ("method", "post"), ("action", "\(base)/import"),
                        ("enctype", "multipart/form-data"),
                    ],
                    [
                        Pages.csrfInput(csrf),
                        .element("label", [("for", "plan-file")], text: "The plan's CSV file"),
                        .element(
                            "p", [("class", "hint"), ("id", "plan-file-hint")],
                            text:
                                "As downloaded here, with owners (members' email addresses), due dates (YYYY-MM-DD), statuses and notes changed. Nothing is saved if any line has a problem."
                        ),
                        .void(
                            "input",
                            [
                                ("type", "file"), ("id", "plan-file"), ("name", "file"),
                                ("accept", ".csv,text/csv"),
                                ("aria-describedby", "plan-file-hint"),
                            ]),
                        .element(
                            "button", [("type", "submit"), ("class", "secondary")],
                            text: "Import"),
                    ]),
            ])
    }

    private func update(_ request: Request, _ context: AppContext) async throws -> Response {
        let stored = try await Visible.assessment(context, storage: storage)
        let user = try editor(context, stored)
        let form = try FormData(await Responses.body(request, limit: 64 * 1024))
        try CSRF.requireSession(form, context)
        let items = try await storage.planItems(assessmentID: stored.id)
        guard let action = context.parameters.get("action"),
            let item = items.first(where: { $0.actionID == action })
        else { throw HTTPError(.notFound, message: "There is no such action in this plan.") }
        do {
            _ = try await plans.update(
                item,
                change: PlanService.Change(
                    owner: form["owner"], due: form["due"], status: form["status"] ?? "",
                    notes: form["notes"] ?? ""),
                members: try await storage.members(of: stored.organisationID), by: user,
                byLead: Access.leads(context.identity, organisation: stored.organisationID))
        } catch let problem as PlanService.Problem {
            return try await planPage(
                context, problems: ["\(item.actionID): \(problem.words)"],
                status: .unprocessableContent)
        }
        return Responses.redirect(
            "/assessments/\(stored.id)/plan#action-\(SchemaForm.id(item.actionID))")
    }

    private func importCSV(_ request: Request, _ context: AppContext) async throws -> Response {
        let stored = try await Visible.assessment(context, storage: storage)
        let user = try editor(context, stored)
        let body = try await Responses.bytes(request, limit: 1_048_576 + 64 * 1024)
        let multipart = try MultipartForm.posted(body, contentType: request.headers[.contentType])
        try CSRF.requireSession(multipart.fields, context)
        guard stored.status == .accepted else {
            return try await planPage(
                context, problems: ["The plan is tracked once the lead accepts the assessment."],
                status: .conflict)
        }
        guard let file = multipart.file("file"), !file.bytes.isEmpty,
            let text = String(validating: file.bytes, as: UTF8.self)
        else {
            return try await planPage(
                context, problems: ["Choose the plan's CSV file (UTF-8 text)."],
                status: .unprocessableContent)
        }
        let read = PlanService.read(
            csv: text, plan: try await storage.planItems(assessmentID: stored.id),
            members: try await storage.members(of: stored.organisationID),
            byLead: Access.leads(context.identity, organisation: stored.organisationID))
        guard read.problems.isEmpty else {
            return try await planPage(
                context,
                problems: read.problems.map { "\(file.displayName): \($0.words)" },
                status: .unprocessableContent)
        }
        if !read.changed.isEmpty {
            try await storage.updatePlanItems(read.changed, by: user.id, at: Date())
        }
        return try await planPage(
            context,
            notice: read.changed.isEmpty
                ? "Imported: nothing had changed."
                : "Imported: \(read.changed.count) action\(read.changed.count == 1 ? "" : "s") changed."
        )
    }
}
