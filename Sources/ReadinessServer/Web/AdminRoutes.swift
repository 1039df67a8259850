import Foundation
import HTTPTypes
import Hummingbird

/// Accounts from the web: an admin lists them and invites people; an invitation is a link,
/// shown once to the admin (there is no mail server), that lets its holder choose a password.
package struct AdminRoutes: Sendable {
    let accounts: AccountService
    /// How long an invitation link stays good.
    static let invitationLength: TimeInterval = 7 * 24 * 60 * 60

    package func register(on router: Router<AppContext>) {
        router.get("/admin") { _, context in try await adminPage(context) }
        router.post("/admin/invitations") { request, context in
            try await invite(request, context)
        }
        router.get("/invitations/:token") { _, context in try await invitationPage(context) }
        router.post("/invitations/:token") { request, context in
            try await acceptInvitation(request, context)
        }
    }

    /// The admin's page; a 404 for anyone else, as for anything a caller may not see.
    private func requireAdmin(_ context: AppContext) throws -> Identity {
        guard let identity = context.identity else { throw SignInRequired() }
        guard Access.administers(identity) else {
            throw HTTPError(.notFound, message: "There is no such page.")
        }
        return identity
    }

    private func adminPage(
        _ context: AppContext, link: String? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let identity = try requireAdmin(context)
        let users = try await accounts.storage.users()
        var names: [Int64: String] = [:]
        for organisation in try await accounts.storage.organisations() {
            names[organisation.id] = organisation.name
        }
        let rows: [Markup] = users.map { user in
            .element(
                "tr", [],
                [
                    .element("td", text: user.email), .element("td", text: user.role.rawValue),
                    .element("td", text: user.organisationID.flatMap { names[$0] } ?? "—"),
                ])
        }
        let content: [Markup] = [
            .element("h1", text: "Accounts"),
            Pages.errorSummary(problem.map { [(nil, $0)] } ?? []),
            link.map { link in
                .element(
                    "div", [("class", "notice"), ("role", "status")],
                    [
                        .element(
                            "p",
                            text:
                                "Invitation made. Send this link to the person; it works once, for 7 days, and is not shown again:"
                        ),
                        .element("p", [], [.element("code", text: link)]),
                    ])
            } ?? .empty,
            .element(
                "div", [("class", "table-scroll")],
                [
                    .element(
                        "table", [],
                        [
                            .element(
                                "thead", [],
                                [
                                    .element(
                                        "tr", [],
                                        ["Email", "Role", "Organisation"].map {
                                            .element("th", [("scope", "col")], text: $0)
                                        })
                                ]), .element("tbody", [], rows),
                        ])
                ]),
            .element("h2", text: "Invite someone"),
            .element(
                "form", [("method", "post"), ("action", "/admin/invitations")],
                [
                    Pages.csrfInput(context.session?.csrfToken),
                    field("email", "Email address", type: "email"),
                    .element(
                        "div", [("class", "field")],
                        [
                            .element("label", [("for", "role")], text: "Role"),
                            .element(
                                "select", [("id", "role"), ("name", "role")],
                                [
                                    .element(
                                        "option", [("value", "member")],
                                        text: "Member of one organisation"),
                                    .element(
                                        "option", [("value", "lead")],
                                        text:
                                            "Lead of one organisation (runs rounds, signs off)"),
                                    .element(
                                        "option", [("value", "admin")],
                                        text: "Admin (sees everything)"),
                                ]),
                        ]),
                    field(
                        "organisation", "Organisation (for a member or a lead)", type: "text",
                        hint: "As its assessments name it; a new name makes a new organisation."),
                    .element("button", [("type", "submit")], text: "Make an invitation link"),
                ]),
        ]
        return Responses.html(
            Pages.page(
                title: "Accounts", identity: identity, csrf: context.session?.csrfToken, content),
            status: status)
    }

    private func field(_ name: String, _ label: String, type: String, hint: String? = nil)
        -> Markup
    {
        Pages.field(
            id: name, label: label, hint: hint,
            input: [("type", type), ("name", name), ("maxlength", "254")])
    }

    private func invite(_ request: Request, _ context: AppContext) async throws -> Response {
        let identity = try requireAdmin(context)
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireSession(form, context)
        let email = AccountService.normalised(email: form["email"] ?? "")
        let role = Role(rawValue: form["role"] ?? "") ?? .member
        let organisationName = (form["organisation"] ?? "").trimmingCharacters(in: .whitespaces)
        guard email.split(separator: "@").count == 2, email.contains(".") else {
            return try await adminPage(
                context, problem: "Give the email address of the person to invite.",
                status: .unprocessableContent)
        }
        guard role != .funder else {
            return try await adminPage(
                context,
                problem:
                    "A funder's account is added with `readiness admin add-user --role funder --funder NAME`.",
                status: .unprocessableContent)
        }
        guard role == .admin || !organisationName.isEmpty else {
            return try await adminPage(
                context, problem: "A member or a lead belongs to an organisation: give its name.",
                status: .unprocessableContent)
        }
        if try await accounts.storage.user(email: email) != nil {
            return try await adminPage(
                context, problem: "An account with that email address exists already.",
                status: .unprocessableContent)
        }
        let organisationID =
            organisationName.isEmpty
            ? nil : try await accounts.storage.ensureOrganisation(named: organisationName).id
        let token = Secrets.newToken()
        try await accounts.storage.createInvitation(
            Invitation(
                tokenHash: Secrets.hash(token), email: email, role: role,
                organisationID: role.belongsToOrganisation ? organisationID : nil,
                expiresAt: Date().addingTimeInterval(Self.invitationLength)))
        try await accounts.storage.audit(
            AuditEntry(
                at: Date(), userID: identity.user.id, organisationID: organisationID,
                action: "user.invite", detail: "\(email) as \(role.rawValue)"))
        return try await adminPage(context, link: "/invitations/\(token)")
    }

    private func invitationPage(
        _ context: AppContext, problem: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        // The anonymous CSRF cookie's token, as on the sign-in page.
        let csrf = Secrets.newToken()
        var response = Responses.html(
            Pages.page(
                title: "Choose a password", identity: nil, csrf: csrf,
                [
                    .element("h1", text: "Choose a password"),
                    Pages.errorSummary(problem.map { [(nil, $0)] } ?? []),
                    .element(
                        "form", [("method", "post"), ("action", "/invitations/\(token)")],
                        [
                            Pages.csrfInput(csrf),
                            .element("label", [("for", "password")], text: "Password"),
                            .element(
                                "p", [("class", "hint"), ("id", "password-hint")],
                                text:
                                    "At least \(Passwords.minimumLength) characters; a few words are easy to remember."
                            ),
                            .void(
                                "input",
                                [
                                    ("type", "password"), ("id", "password"), ("name", "password"),
                                    ("autocomplete", "new-password"), ("maxlength", "200"),
                                    ("aria-describedby", "password-hint"),
                                ]),
                            .element("button", [("type", "submit")], text: "Make my account"),
                        ]),
                ]), status: status)
        response.setCookie(
            Cookie(
                name: WebRoutes.csrfCookie, value: csrf, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    private func acceptInvitation(_ request: Request, _ context: AppContext) async throws
        -> Response
    {
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireCookie(form, request)
        let password = form["password"] ?? ""
        if let why = Passwords.problem(with: password) {
            return try await invitationPage(
                context, problem: "Choose another password: \(why).", status: .unprocessableContent)
        }
        let token = context.parameters.get("token") ?? ""
        guard
            let invitation = try await accounts.storage.redeemInvitation(
                tokenHash: Secrets.hash(token)),
            invitation.expiresAt > Date()
        else {
            throw HTTPError(
                .notFound,
                message: "This invitation link has been used or has expired: ask for a new one.")
        }
        let organisation =
            try await invitation.organisationID.asyncMap {
                try await accounts.storage.organisation(id: $0)?.name
            } ?? nil
        do {
            _ = try await accounts.addUser(
                email: invitation.email, password: password, role: invitation.role,
                organisation: organisation)
        } catch let problem as AccountService.AccountProblem {
            throw HTTPError(.conflict, message: "The account cannot be made: \(problem).")
        }
        return Responses.redirect("/sign-in")
    }
}

extension Optional {
    /// The async transform of the wrapped value, or `nil`.
    func asyncMap<Other>(_ transform: (Wrapped) async throws -> Other) async rethrows -> Other? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
