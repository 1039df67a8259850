import Foundation
import Hummingbird
import ReadinessCore

/// The parts of the organisation's page and the report that working together adds: the
/// lead's reason when an assessment came back, the rounds, and the sign-off.
extension WebRoutes {
    func collaborationParts(_ organisation: Organisation, context: AppContext) async throws
        -> (returned: Markup, rounds: Markup)
    {
        let storage = service.storage
        let names = Dictionary(
            uniqueKeysWithValues: try await storage.users().map { ($0.id, $0.email) })
        var returned = Markup.empty
        if let draft = try await storage.draft(organisationID: organisation.id) {
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
            return (returned, .empty)
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
            let members = try await storage.users().filter {
                $0.organisationID == organisation.id
            }
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
        return (returned, .element("section", [("class", "rounds")], parts))
    }

    /// The sign-off: where the assessment is, and for the organisation's lead while it
    /// awaits sign-off, accepting it or returning it with a reason.
    func signOffPart(_ stored: StoredAssessment, context: AppContext) async throws -> Markup {
        let names = Dictionary(
            uniqueKeysWithValues: try await service.storage.users().map { ($0.id, $0.email) })
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
