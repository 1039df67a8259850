import Foundation
import HTTPTypes
import Hummingbird
import ReadinessCore
import SourceDiagnostics

/// Working on a self-assessment together: rounds of several respondents settled by the lead,
/// the lead's sign-off (accept, or return with a reason), and the audit trail of a draft or an
/// assessment. Every page asks ``Access`` through ``Visible``; what only the lead may do is a
/// 403 for the organisation's other members.
package struct CollaborationRoutes: Sendable {
    let rounds: RoundService
    /// The organisation's page and the report, shown again with a refusal's reason.
    let pages: WebRoutes

    var service: AssessmentService { rounds.assessments }
    var storage: any Storage { service.storage }

    package func register(on router: Router<AppContext>) {
        router.post("/organisations/:organisation/rounds") { request, context in
            try await openRound(request, context)
        }
        router.get("/organisations/:organisation/rounds/:round") { request, context in
            try await roundPage(request, context)
        }
        router.post("/organisations/:organisation/rounds/:round/answers") { request, context in
            try await saveAnswers(request, context)
        }
        router.post("/organisations/:organisation/rounds/:round/settle") { request, context in
            try await settle(request, context)
        }
        router.post("/assessments/:assessment/accept") { request, context in
            try await review(request, context, accept: true)
        }
        router.post("/assessments/:assessment/return") { request, context in
            try await review(request, context, accept: false)
        }
        router.get("/assessments/:assessment/audit") { _, context in
            let stored = try await Visible.assessment(context, storage: storage)
            let organisation = try await storage.organisation(id: stored.organisationID)
            var trail: [AuditEntry] = []
            if let cycle = stored.cycle {
                trail = try await storage.auditTrail(
                    organisationID: stored.organisationID, cycle: cycle)
            }
            return try await auditPage(
                context, title: "Changes to the assessment as of \(stored.asOf)",
                back: ("/assessments/\(stored.id)", "← The report"),
                organisation: organisation?.name ?? "", trail: trail)
        }
        router.get("/organisations/:organisation/audit") { _, context in
            let organisation = try await Visible.organisation(context, storage: storage)
            let draft = try await storage.draft(organisationID: organisation.id)
            var trail: [AuditEntry] = []
            if let draft {
                trail = try await storage.auditTrail(
                    organisationID: organisation.id, cycle: draft.cycle)
            }
            return try await auditPage(
                context, title: "Changes to the draft",
                back: ("/organisations/\(organisation.id)", "← \(organisation.name)"),
                organisation: organisation.name, trail: trail)
        }
    }

    // MARK: Rounds

    private func openRound(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: storage)
        let lead = try Visible.lead(context, organisation: organisation)
        let form = try FormData(await Responses.body(request, limit: 64 * 1024))
        try CSRF.requireSession(form, context)
        var invited: [(user: User, role: String)] = []
        for member in try await storage.members(of: organisation.id) {
            if let role = form["role.\(member.id)"], !role.isEmpty {
                invited.append((member, role))
            }
        }
        do {
            let round = try await rounds.open(
                organisation: organisation, respondents: invited, by: lead)
            return Responses.redirect("/organisations/\(organisation.id)/rounds/\(round.id)")
        } catch StorageError.conflict(let reason) {
            return try await pages.organisationPage(
                request, context, problems: [Self.refusal(reason)], status: .unprocessableContent)
        }
    }

    private func roundPage(
        _ request: Request, _ context: AppContext, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: storage)
        let round = try await Visible.round(context, organisation: organisation, storage: storage)
        guard let identity = context.identity else { throw SignInRequired() }
        let names = try await storage.emails()
        let mine = round.respondent(identity.user.id)
        let leads = Access.leads(identity, organisation: organisation.id)
        let base = "/organisations/\(organisation.id)/rounds/\(round.id)"
        let csrf = context.session?.csrfToken
        // Nobody sees the others' ratings before giving their own; the lead settles only then
        // too, and a member not invited sees who has answered, not what.
        let answering = round.isOpen && mine != nil && mine?.submittedAt == nil
        let seesRatings = Self.seesRatings(round, identity: identity)
        var content: [Markup] = [
            .element(
                "p", [],
                [
                    .element(
                        "a", [("href", "/organisations/\(organisation.id)")],
                        text: "← \(organisation.name)")
                ]),
            .element("h1", text: "Round opened \(Self.day(round.openedAt))"),
            Pages.notice(Self.notice(request)),
            Pages.errorSummary(problem.map { [(nil, $0)] } ?? []),
            round.isOpen
                ? .empty
                : .element(
                    "p", [("class", "notice")],
                    text:
                        "Settled by \(names[round.settledBy ?? 0] ?? "someone") on \(round.settledAt.map(Self.day) ?? ""): the agreed ratings are in the draft."
                ),
            .element("h2", text: "Respondents"),
            .element(
                "ul", [],
                round.respondents.map { respondent in
                    .element(
                        "li",
                        text:
                            "\(names[respondent.userID] ?? "?") (\(Self.words(respondent.role))): "
                            + (respondent.submittedAt.map { "submitted \(Self.day($0))" }
                                ?? "not submitted yet"))
                }),
        ]
        if answering, let mine {
            content += try answerForm(mine, base: base, csrf: csrf)
        } else if seesRatings {
            let comparison = try rounds.compare(round)
            if leads && round.isOpen
                && !round.respondents.contains(where: { $0.submittedAt != nil })
            {
                content.append(
                    .element(
                        "p",
                        text:
                            "No one has submitted their ratings yet. Once they have, they show here side by side, to settle."
                    ))
            } else if leads && round.isOpen {
                let (revision, current) = try await service.draft(for: organisation)
                content += settleForm(
                    comparison, base: base, csrf: csrf, revision: revision, current: current,
                    names: names)
            } else {
                content.append(.element("h2", text: "Ratings side by side"))
                content += comparison.map { statementBlock($0, names: names, controls: nil) }
            }
        } else {
            content.append(
                .element(
                    "p",
                    text: "Only the respondents and the lead see the ratings."))
        }
        return Responses.html(
            Pages.page(
                title: "Round: \(organisation.name)", identity: identity, csrf: csrf, content),
            status: status)
    }

    private func answerForm(_ mine: RoundRespondent, base: String, csrf: String?) throws
        -> [Markup]
    {
        let answers = try rounds.answers(of: mine)
        let form = SchemaForm(errors: [:])
        return [
            .element("h2", text: "Your ratings, as \(Self.words(mine.role))"),
            .element(
                "p",
                text:
                    "Rate each statement on your own. Save as you go; the others' ratings show here once you submit yours, and you cannot change them after."
            ),
            .element(
                "form", [("method", "post"), ("action", "\(base)/answers"), ("novalidate", "")],
                [
                    Pages.csrfInput(csrf),
                    .group(
                        rounds.respondentSchema.fields.map { field in
                            form.render(
                                name: field.name, spec: field.spec, path: field.name,
                                answer: answers[field.name])
                        }),
                    .element(
                        "button", [("type", "submit"), ("name", "action"), ("value", "save")],
                        text: "Save"),
                    .element(
                        "button",
                        [
                            ("type", "submit"), ("name", "action"), ("value", "submit"),
                            ("class", "secondary"),
                        ], text: "Submit my ratings"),
                ]),
        ]
    }

    /// One statement: each respondent's rating, the combined one, and a flag where they are
    /// far apart; `controls` adds the lead's choice of the agreed level and a comment.
    private func statementBlock(
        _ comparison: RoundService.Comparison, names: [Int64: String], controls: Markup?
    ) -> Markup {
        let statement = comparison.statement
        let apart = rounds.raters?.disagreement ?? 2
        return .element(
            "div",
            [("class", comparison.disagrees ? "statement disagrees" : "statement")],
            [
                .element("h3", text: statement.label),
                comparison.disagrees
                    ? .element(
                        "p", [("class", "flag")],
                        text: "Rated \(apart) or more levels apart: talk it through.") : .empty,
                .element(
                    "ul", [],
                    comparison.ratings.map { rating in
                        .element(
                            "li",
                            text:
                                "\(names[rating.respondent.userID] ?? "?") (\(Self.words(rating.respondent.role))): "
                                + (rating.level.map { "\($0.level) \($0.label)" } ?? "not rated"))
                    }),
                comparison.combined.map { combined in
                    .element(
                        "p", [("class", "status")],
                        text:
                            "Combined (\(rounds.raters?.combine.words ?? "mean")): \(NumberFormat.oneDecimal(combined)), \(statement.scale.level(of: combined).label)"
                    )
                } ?? .empty,
                controls ?? .empty,
            ])
    }

    /// The lead's choices: each statement at the level its combined rating reaches, or where
    /// no one rated it, at the draft's own answer.
    private func settleForm(
        _ comparison: [RoundService.Comparison], base: String, csrf: String?, revision: Int,
        current: AnswerRecord, names: [Int64: String]
    ) -> [Markup] {
        let disagreeing = comparison.filter(\.disagrees).count
        return [
            .element("h2", text: "Settle the agreed ratings"),
            .element(
                "p",
                text:
                    "Each statement starts at the level the combined rating reaches. \(disagreeing == 0 ? "No statement" : disagreeing == 1 ? "1 statement" : "\(disagreeing) statements") rated far apart \(disagreeing == 1 ? "is" : "are") marked: agree a level together and say why in the comment. Settling writes the agreed ratings into the draft."
            ),
            .element(
                "form", [("method", "post"), ("action", "\(base)/settle")],
                [
                    Pages.csrfInput(csrf),
                    .void(
                        "input",
                        [("type", "hidden"), ("name", "revision"), ("value", String(revision))]),
                    .group(
                        comparison.map { item in
                            let id = SchemaForm.id(item.statement.path)
                            let chosen =
                                item.suggested
                                ?? RoundService.answer(at: item.statement.path, in: current)
                                .flatMap { RoundService.level($0, scale: item.statement.scale) }
                            let select = Markup.element(
                                "div", [("class", "field")],
                                [
                                    .element(
                                        "label", [("for", "agreed-\(id)")], text: "Agreed level"),
                                    .element(
                                        "select",
                                        [
                                            ("id", "agreed-\(id)"),
                                            ("name", "agreed.\(item.statement.path)"),
                                        ],
                                        item.statement.scale.levels.map { level in
                                            .element(
                                                "option",
                                                [
                                                    ("value", String(level.level)),
                                                    (
                                                        "selected",
                                                        chosen?.level == level.level ? "" : nil
                                                    ),
                                                ], text: "\(level.level) \(level.label)")
                                        } + [
                                            .element(
                                                "option",
                                                [
                                                    ("value", ""),
                                                    ("selected", chosen == nil ? "" : nil),
                                                ], text: "Not known")
                                        ]),
                                ])
                            let comment = Pages.field(
                                id: "comment-\(id)", label: "Comment (optional)",
                                input: [
                                    ("type", "text"), ("name", "comment.\(item.statement.path)"),
                                    ("maxlength", "2000"),
                                ])
                            return statementBlock(
                                item, names: names, controls: .group([select, comment]))
                        }),
                    .element("button", [("type", "submit")], text: "Settle into the draft"),
                ]),
        ]
    }

    private func saveAnswers(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: storage)
        let round = try await Visible.round(context, organisation: organisation, storage: storage)
        guard let identity = context.identity else { throw SignInRequired() }
        let form = try FormData(await Responses.body(request, limit: WebRoutes.formLimit))
        try CSRF.requireSession(form, context)
        var answers = AnswerRecord()
        for field in rounds.respondentSchema.fields {
            answers[field.name] = SchemaForm.answer(field.spec, path: field.name, form: form)
        }
        let submit = form["action"] == "submit"
        do {
            _ = try await rounds.save(answers, round: round, by: identity.user, submit: submit)
        } catch StorageError.conflict(let reason) {
            return try await roundPage(
                request, context, problem: reason, status: .unprocessableContent)
        }
        return Responses.redirect(
            "/organisations/\(organisation.id)/rounds/\(round.id)?done="
                + (submit ? "submitted" : "saved"))
    }

    private func settle(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await Visible.organisation(context, storage: storage)
        let round = try await Visible.round(context, organisation: organisation, storage: storage)
        let lead = try Visible.lead(context, organisation: organisation)
        let form = try FormData(await Responses.body(request, limit: WebRoutes.formLimit))
        try CSRF.requireSession(form, context)
        var agreed: [String: Int] = [:]
        var comments: [String: String] = [:]
        for statement in rounds.statements {
            if let text = form["agreed.\(statement.path)"], !text.isEmpty {
                guard let level = Int(text) else {
                    return try await roundPage(
                        request, context,
                        problem: "“\(statement.label)”: choose a level from the list.",
                        status: .unprocessableContent)
                }
                agreed[statement.path] = level
            }
            comments[statement.path] = form["comment.\(statement.path)"]
        }
        do {
            _ = try await rounds.settle(
                round, agreed: agreed, comments: comments, organisation: organisation,
                revision: Int(form["revision"] ?? "") ?? -1, by: lead)
        } catch StorageError.conflict(let reason) {
            return try await roundPage(
                request, context, problem: reason, status: .unprocessableContent)
        } catch StorageError.staleRevision {
            return try await roundPage(
                request, context,
                problem:
                    "The draft changed after you opened this page: nothing was settled. Check the choices below and settle again.",
                status: .conflict)
        }
        return Responses.redirect("/organisations/\(organisation.id)?done=settled")
    }

    // MARK: Sign-off

    private func review(_ request: Request, _ context: AppContext, accept: Bool) async throws
        -> Response
    {
        let stored = try await Visible.assessment(context, storage: storage)
        guard let organisation = try await storage.organisation(id: stored.organisationID) else {
            throw HTTPError(.notFound, message: "There is no such assessment.")
        }
        let lead = try Visible.lead(context, organisation: organisation)
        let form = try FormData(await Responses.body(request, limit: 64 * 1024))
        try CSRF.requireSession(form, context)
        do {
            _ = try await service.review(stored, accept: accept, note: form["reason"], by: lead)
        } catch StorageError.conflict(let reason) {
            return try await pages.reportPage(
                request, context, problem: reason, status: .conflict)
        }
        return accept
            ? Responses.redirect("/assessments/\(stored.id)?done=accepted")
            : Responses.redirect("/organisations/\(organisation.id)?done=returned")
    }

    /// Whether someone may read the respondents' ratings of a round: once it is settled,
    /// anyone who may see the organisation; while it is open, a respondent once they have
    /// submitted their own, the lead (when not a respondent still to answer) and admins.
    static func seesRatings(_ round: Round, identity: Identity) -> Bool {
        if !round.isOpen { return true }
        if let mine = round.respondent(identity.user.id) { return mine.submittedAt != nil }
        return Access.leads(identity, organisation: round.organisationID)
            || Access.administers(identity)
    }

    // MARK: The audit trail

    private func auditPage(
        _ context: AppContext, title: String, back: (href: String, text: String),
        organisation: String, trail: [AuditEntry]
    ) async throws -> Response {
        let names = try await storage.emails()
        // Ratings given in a round still open stay hidden here from whoever may not read
        // them on the round's page: the trail must not tell a respondent the others' ratings.
        var hiddenRounds: Set<Int64> = []
        if let identity = context.identity, let first = trail.first?.organisationID {
            for round in try await storage.rounds(organisationID: first)
            where !Self.seesRatings(round, identity: identity) {
                hiddenRounds.insert(round.id)
            }
        }
        let rows: [Markup] = trail.map { entry in
            var entry = entry
            if entry.action == "rating.change", entry.userID != context.identity?.user.id,
                let round = Int64(entry.detail.dropFirst("round ".count)),
                hiddenRounds.contains(round)
            {
                let hidden = "hidden until you have rated"
                entry.oldValue = entry.oldValue.map { _ in hidden }
                entry.newValue = entry.newValue.map { _ in hidden }
            }
            let who = entry.userID.flatMap { names[$0] } ?? "the system"
            let cells: [Markup] = [
                .element("td", text: Self.time(entry.at)), .element("td", text: who),
                .element("td", text: Self.actionWords(entry)),
                .element("td", [], [subjectCell(entry.subject)]),
                .element("td", text: entry.oldValue ?? "—"),
                .element("td", text: entry.newValue ?? "—"),
            ]
            return .element("tr", [], cells)
        }
        let table: Markup =
            trail.isEmpty
            ? .element("p", text: "Nothing recorded yet.")
            : .element(
                "div", [("class", "table-scroll")],
                [
                    .element(
                        "table", [("class", "audit")],
                        [
                            .element(
                                "caption", [("class", "visually-hidden")],
                                text: "Every change, oldest first"),
                            .element(
                                "thead", [],
                                [
                                    .element(
                                        "tr", [],
                                        ["When (UTC)", "Who", "What", "Field", "Before", "After"]
                                            .map { .element("th", [("scope", "col")], text: $0) })
                                ]),
                            .element("tbody", [], rows),
                        ])
                ])
        return Responses.html(
            Pages.page(
                title: title, identity: context.identity, csrf: context.session?.csrfToken,
                [
                    .element("p", [], [.element("a", [("href", back.href)], text: back.text)]),
                    .element("h1", text: title),
                    .element(
                        "p",
                        text:
                            "\(organisation): every change of an answer, a rating, a status or a comment, who made it and when. Nothing here can be changed or deleted."
                    ),
                    table,
                ]))
    }

    /// What a line of the trail is about, in words, with its path under them: an answer's
    /// label, a rule's title, an action's field.
    func subjectCell(_ subject: String?) -> Markup {
        guard let subject else { return .empty }
        let schema = WebRoutes.formSchema(service.schema)
        var words: String?
        if subject == "status" {
            words = "Sign-off"
        } else if subject.hasPrefix("rule:") {
            let id = String(subject.dropFirst("rule:".count))
            words = service.ruleSet.rules.first { $0.rule.id == id }.map {
                "\(id): \(service.ruleSet.ruleSet.title(of: $0.rule))"
            }
        } else if subject.hasPrefix("plan:") {
            let rest = subject.dropFirst("plan:".count)
            let field = rest.split(separator: ".").last.map(String.init) ?? ""
            words = "\(rest.dropLast(field.count + 1)): \(field)"
        } else {
            let path = subject.hasPrefix("field:") ? String(subject.dropFirst(6)) : subject
            words = FormMessages.field(at: path, in: schema)?.words
        }
        guard let words, words != subject else { return .text(subject) }
        return .group([
            .text(words), .void("br", []),
            .element("span", [("class", "status")], text: subject),
        ])
    }

    /// An action of the trail in words.
    static func actionWords(_ entry: AuditEntry) -> String {
        switch entry.action {
        case "draft.save": "Saved the draft (\(entry.detail))"
        case "draft.import": "Imported a profile (\(entry.detail))"
        case "answer.change": "Changed an answer"
        case "rating.change": "Changed their own rating (\(entry.detail))"
        case "round.open": "Opened a round (\(entry.detail))"
        case "round.save": "Saved their ratings (\(entry.detail))"
        case "round.submit": "Submitted their ratings (\(entry.detail))"
        case "round.settle": "Settled the agreed ratings (\(entry.detail))"
        case "comment.add": "Commented"
        case "assessment.submit": "Submitted the assessment"
        case "assessment.accept": "Accepted the assessment"
        case "assessment.return": "Returned the assessment"
        case "portfolio.invite": "Invited the organisation into \(entry.detail)'s portfolio"
        case "portfolio.join": "Joined \(entry.detail)'s portfolio"
        case "waiver.request": "Asked for a waiver (\(entry.detail))"
        case "waiver.grant": "Granted a waiver (\(entry.detail))"
        case "waiver.renew": "Renewed a waiver (\(entry.detail))"
        case "waiver.revoke": "Revoked a waiver (\(entry.detail))"
        case "waiver.decline": "Declined a waiver (\(entry.detail))"
        case "contract.set": "Set the contract (\(entry.detail))"
        default: "\(entry.action) (\(entry.detail))"
        }
    }

    // MARK: Words

    /// A role as words: `peer_worker` → "peer worker".
    static func words(_ role: String) -> String {
        role.replacingOccurrences(of: "_", with: " ")
    }

    /// A date as `YYYY-MM-DD`, in UTC.
    static func day(_ date: Date) -> String { PlanService.today(date) }

    /// A moment as `YYYY-MM-DD HH:MM:SS`, in UTC (no formatter made per line of a trail).
    static func time(_ date: Date) -> String {
        ISO8601DateFormatter.string(
            from: date, timeZone: .gmt,
            formatOptions: [
                .withFullDate, .withTime, .withColonSeparatorInTime,
                .withSpaceBetweenDateAndTime,
            ])
    }

    static func notice(_ request: Request) -> String? {
        switch request.uri.queryParameters["done"].map(String.init) {
        case "saved": "Your ratings were saved."
        case "submitted": "Your ratings were submitted. The others' ratings show below."
        default: nil
        }
    }

    /// A refusal's reason as the organisation page lists problems.
    static func refusal(_ reason: String) -> Diagnostic {
        Diagnostic(.error, code: "server.refused", message: reason)
    }
}
