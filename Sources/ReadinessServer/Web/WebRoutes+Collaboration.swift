import Foundation
import Hummingbird
import ReadinessCore

/// The parts of the organisation's page and the report that working together adds: the
/// lead's reason when an assessment came back, the rounds, and the sign-off.
extension WebRoutes {
    func collaborationParts(_ organisation: Organisation, context: AppContext) async throws
        -> (returned: Markup, rounds: Markup, evidence: Markup)
    {
        let storage = service.storage
        let names = try await storage.emails()
        var returned = Markup.empty
        let draft = try await storage.draft(organisationID: organisation.id)
        let evidence = try await panel(
            organisation, cycle: draft?.cycle, subjects: evidenceService.ruleSubjects,
            back: "/organisations/\(organisation.id)", names: names, context: context
        ).markup(
            heading: "Evidence and comments on the rules",
            intro:
                "Back the rules with documents or links, and talk them through. Answers have their own, on each section's page."
                + (ruleSetAsksForEvidence
                    ? " The rule set asks for evidence behind: \(evidenceRequiredWords)." : ""))
        if let draft {
            let reasons = try await storage.comments(
                organisationID: organisation.id, cycle: draft.cycle
            ).filter { $0.subject == "assessment" }
            if !reasons.isEmpty {
                returned = .element(
                    "div", [("class", "returned")],
                    [.element("h2", text: "Returned for changes")]
                        + reasons.map { comment in
                            .element(
                                "p",
                                text:
                                    "\(names[comment.authorID ?? 0] ?? "The lead") on \(CollaborationRoutes.day(comment.at)): \(comment.body)"
                            )
                        })
            }
        }
        let rounds = RoundService(assessments: service)
        guard let raters = rounds.raters, let identity = context.identity else {
            return (returned, .empty, evidence)
        }
        let all = try await storage.rounds(organisationID: organisation.id)
        let base = "/organisations/\(organisation.id)"
        var parts: [Markup] = [
            .element("h2", text: "Rounds: rating the statements on your own, then together")
        ]
        parts.append(
            all.isEmpty
                ? .element("p", text: "No round yet.")
                : .element(
                    "ul", [],
                    all.map { round in
                        let submitted = round.respondents.filter { $0.submittedAt != nil }.count
                        let mine = round.respondent(identity.user.id)
                        let state =
                            round.isOpen
                            ? "open, \(submitted) of \(round.respondents.count) submitted"
                                + (mine != nil && mine?.submittedAt == nil
                                    ? " (yours still to give)" : "")
                            : "settled"
                        return .element(
                            "li", [],
                            [
                                .element(
                                    "a", [("href", "\(base)/rounds/\(round.id)")],
                                    text: "Round opened \(CollaborationRoutes.day(round.openedAt))"),
                                .text(" (\(state))"),
                            ])
                    }))
        if Access.leads(identity, organisation: organisation.id), !all.contains(where: \.isOpen) {
            let members = try await storage.members(of: organisation.id)
            parts.append(
                .element(
                    "form", [("method", "post"), ("action", "\(base)/rounds")],
                    [
                        Pages.csrfInput(context.session?.csrfToken),
                        .element(
                            "fieldset", [],
                            [
                                .element("legend", text: "Open a round: who answers, and as what"),
                                .element(
                                    "p", [("class", "hint")],
                                    text:
                                        "Each person invited rates every statement on their own; no one sees the others' ratings before giving theirs."
                                ),
                                .group(
                                    members.map { member in
                                        .element(
                                            "div", [("class", "field")],
                                            [
                                                .element(
                                                    "label", [("for", "role-\(member.id)")],
                                                    text: member.email),
                                                .element(
                                                    "select",
                                                    [
                                                        ("id", "role-\(member.id)"),
                                                        ("name", "role.\(member.id)"),
                                                    ],
                                                    [
                                                        .element(
                                                            "option", [("value", "")],
                                                            text: "Not invited")
                                                    ]
                                                        + raters.roles.map { role in
                                                            .element(
                                                                "option", [("value", role)],
                                                                text: CollaborationRoutes.words(
                                                                    role
                                                                ).capitalizingFirst)
                                                        }),
                                            ])
                                    }),
                            ]),
                        .element(
                            "button", [("type", "submit"), ("class", "secondary")],
                            text: "Open the round"),
                    ]))
        }
        return (returned, .element("section", [("class", "rounds")], parts), evidence)
    }

    var evidenceService: EvidenceService { EvidenceService(assessments: service) }

    /// What needs doing soon, from the latest accepted assessment: its plan's overdue
    /// actions and those due within 30 days, and the rules that stop passing within 30 days
    /// as their answers' dates age (or have stopped already).
    func comingDue(_ assessments: [StoredAssessment], now: Date = Date()) async throws -> Markup {
        // Assessments awaiting the lead come first: nothing else moves until they are signed off.
        let awaiting: [Markup] = assessments.filter { $0.status == .submitted }.map { stored in
            .element(
                "li", [],
                [
                    .element(
                        "a", [("href", "/assessments/\(stored.id)")],
                        text: "The assessment as of \(stored.asOf)"),
                    .text(" awaits the lead's sign-off."),
                ])
        }
        guard let latest = assessments.first(where: { $0.status == .accepted }) else {
            return awaiting.isEmpty
                ? .empty
                : .element(
                    "section", [("class", "coming-due")],
                    [.element("h2", text: "Coming due"), .element("ul", [], awaiting)])
        }
        let today = PlanService.today(now)
        let soon = PlanService.today(now.addingTimeInterval(30 * 86_400))
        let items = try await service.storage.planItems(assessmentID: latest.id)
        let names = try await service.storage.emails()
        let overdue = items.filter { $0.isOverdue(today: today) }
        let dueSoon = items.filter { item in
            guard let due = item.due, item.status == .planned || item.status == .inProgress
            else { return false }
            return due >= today && due <= soon
        }
        let ageing = try await service.ageing(latest, today: now)
        let plan = "/assessments/\(latest.id)/plan"
        func action(_ item: PlanItem, _ words: String) -> Markup {
            .element(
                "li", [],
                [
                    .element(
                        "a", [("href", "\(plan)#action-\(SchemaForm.id(item.actionID))")],
                        text: item.title),
                    .text(
                        " — \(words) \(item.due ?? "")"
                            + (item.ownerID.flatMap { names[$0] }.map { ", \($0)" }
                                ?? ", no owner yet")),
                ])
        }
        let lines: [Markup] =
            awaiting
            + overdue.map { action($0, "overdue: it was due") }
            + dueSoon.map { action($0, "due") }
            + ageing.map { rule in
                .element(
                    "li",
                    text: rule.from <= today
                        ? "\(rule.ruleID) \(rule.title) — no longer passes since \(rule.from): its answers are out of date"
                        : "\(rule.ruleID) \(rule.title) — stops passing on \(rule.from) as its answers age: bring them up to date before then"
                )
            }
        return .element(
            "section", [("class", overdue.isEmpty ? "coming-due" : "coming-due overdue")],
            [
                .element("h2", text: "Coming due"),
                lines.isEmpty
                    ? .element(
                        "p",
                        text:
                            "Nothing is overdue, due in the next 30 days, or going out of date.")
                    : .element("ul", [], lines),
            ])
    }

    /// Whether any rule is marked `evidence: required`.
    var ruleSetAsksForEvidence: Bool {
        service.ruleSet.rules.contains { $0.rule.evidenceRequired }
    }

    /// The rules marked `evidence: required`, in words.
    var evidenceRequiredWords: String {
        service.ruleSet.rules.filter(\.rule.evidenceRequired).map {
            "\($0.rule.id) (\(service.ruleSet.ruleSet.title(of: $0.rule)))"
        }.joined(separator: ", ")
    }

    /// The comments and evidence of a cycle about `subjects`, with the forms to add to it
    /// when `cycle` is given.
    func panel(
        _ organisation: Organisation, cycle: Int64?, subjects: [(value: String, label: String)],
        back: String, names: [Int64: String], context: AppContext, open: Bool = true
    ) async throws -> EvidencePanel {
        let storage = service.storage
        var comments: [Comment] = []
        var evidence: [Evidence] = []
        if let cycle {
            comments = try await storage.comments(organisationID: organisation.id, cycle: cycle)
            evidence = try await storage.evidence(organisationID: organisation.id, cycle: cycle)
        }
        return EvidencePanel(
            subjects: subjects, comments: comments, evidence: evidence, names: names,
            // Only the organisation's own accounts add to it: an admin reads.
            cycle: open && context.identity?.user.organisationID == organisation.id
                ? cycle.map { (organisation.id, $0) } : nil,
            csrf: context.session?.csrfToken, back: back)
    }

    /// A section page's comments and evidence on its answers (after the draft's first save).
    func sectionEvidence(_ organisation: Organisation, section: String, context: AppContext)
        async throws -> Markup
    {
        let subjects = evidenceService.fieldSubjects(section: section)
        guard !subjects.isEmpty else { return .empty }
        let draft = try await service.storage.draft(organisationID: organisation.id)
        let names = try await service.storage.emails()
        guard draft != nil else {
            return .element(
                "p", [("class", "hint")],
                text: "Save this section once to add comments and evidence to its answers.")
        }
        return try await panel(
            organisation, cycle: draft?.cycle, subjects: subjects,
            back: "/organisations/\(organisation.id)/sections/\(section)", names: names,
            context: context
        ).markup(
            heading: "Comments and evidence on these answers",
            intro:
                "A document or a link backs an answer for whoever reviews it; a comment keeps the team's reasons with it."
        )
    }

    /// The report's evidence, rule by rule: every rule backed by a document or a link (its
    /// own, or an answer's it reads), and every rule the rule set asks evidence for that
    /// passes; while the assessment awaits sign-off, the forms to add more.
    func reportEvidence(_ stored: StoredAssessment, report: AssessmentReport, context: AppContext)
        async throws -> Markup
    {
        guard let cycle = stored.cycle,
            let organisation = try await service.storage.organisation(id: stored.organisationID)
        else { return .empty }
        let names = try await service.storage.emails()
        let panel = try await panel(
            organisation, cycle: cycle, subjects: evidenceService.ruleSubjects,
            back: "/assessments/\(stored.id)", names: names, context: context,
            open: stored.status == .submitted)
        let rows: [Markup] = report.rules.compactMap { rule in
            let backing = EvidenceService.evidence(for: rule, in: panel.evidence)
            let comments = panel.comments.filter { $0.subject == "rule:\(rule.id)" }
            let claims = rule.outcome == .pass || rule.outcome == .partial
            let required = rule.evidenceRequired == true && claims
            guard !backing.isEmpty || !comments.isEmpty || required else { return nil }
            return .element(
                "div", [("class", "thread"), ("id", EvidencePanel.id("rule:\(rule.id)"))],
                [
                    .element("h3", text: "\(rule.id): \(rule.title) (\(rule.outcome.words))"),
                    required && backing.isEmpty
                        ? .element(
                            "p", [("class", "missing")],
                            text: "Evidence required, and none attached yet.") : .empty,
                    backing.isEmpty
                        ? .empty
                        : .element("ul", [("class", "evidence-list")], backing.map(panel.item)),
                    comments.isEmpty
                        ? .empty
                        : panel.thread(("rule:\(rule.id)", "Comments")),
                ])
        }
        // Comments and evidence on the answers (made while drafting, or settling a round).
        let answers = evidenceService.subjects.filter { subject in
            subject.value.hasPrefix("field:")
                && (panel.comments.contains { $0.subject == subject.value }
                    || panel.evidence.contains { $0.subject == subject.value })
        }
        let open = stored.status == .submitted && panel.cycle != nil
        guard !rows.isEmpty || !answers.isEmpty || open else { return .empty }
        return .element(
            "section", [("class", "evidence-panel")],
            [
                .element("h2", text: "Evidence and comments, rule by rule"),
                rows.isEmpty ? .element("p", text: "No evidence attached.") : .group(rows),
                answers.isEmpty
                    ? .empty
                    : .group(
                        [.element("h2", text: "Comments and evidence on the answers")]
                            + answers.map(panel.thread)),
                open
                    ? .element(
                        "details", [],
                        [
                            .element("summary", text: "Add evidence or a comment"),
                            .element(
                                "p", [("class", "hint")],
                                text:
                                    "While the assessment awaits sign-off, evidence and comments may still be added."
                            ),
                            panel.forms,
                        ])
                    : .empty,
            ])
    }

    /// The sign-off: where the assessment is, and for the organisation's lead while it
    /// awaits sign-off, accepting it or returning it with a reason.
    func signOffPart(_ stored: StoredAssessment, context: AppContext) async throws -> Markup {
        let names = try await service.storage.emails()
        var status = "Sign-off: \(stored.status.words)"
        if let by = stored.reviewedBy, let at = stored.reviewedAt {
            status += " by \(names[by] ?? "someone") on \(CollaborationRoutes.day(at))"
        }
        if let note = stored.reviewNote { status += ": \(note)" }
        var parts: [Markup] = [.element("p", [("class", "sign-off")], text: status + ".")]
        if stored.status == .submitted,
            Access.leads(context.identity, organisation: stored.organisationID)
        {
            let base = "/assessments/\(stored.id)"
            let csrf = context.session?.csrfToken
            parts.append(
                .element(
                    "div", [("class", "sign-off-actions")],
                    [
                        .element(
                            "form", [("method", "post"), ("action", "\(base)/accept")],
                            [
                                Pages.csrfInput(csrf),
                                .element(
                                    "button", [("type", "submit")], text: "Accept: it is final"),
                            ]),
                        .element(
                            "form", [("method", "post"), ("action", "\(base)/return")],
                            [
                                Pages.csrfInput(csrf),
                                .element(
                                    "div", [("class", "field")],
                                    [
                                        .element(
                                            "label", [("for", "reason")],
                                            text: "Or return it, saying what to change"),
                                        .element(
                                            "textarea",
                                            [
                                                ("id", "reason"), ("name", "reason"),
                                                ("rows", "3"), ("maxlength", "4000"),
                                            ], text: ""),
                                    ]),
                                .element(
                                    "button", [("type", "submit"), ("class", "secondary")],
                                    text: "Return it as a draft"),
                            ]),
                    ]))
        }
        return .group(parts)
    }
}

extension String {
    /// The text with its first letter in capitals ("peer worker" → "Peer worker").
    var capitalizingFirst: String { prefix(1).uppercased() + dropFirst() }
}
