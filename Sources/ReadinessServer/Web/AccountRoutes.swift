import Foundation
import HTTPTypes
import Hummingbird

/// The signed-in person's own account: who they are, and changing their password (the
/// current one checked, attempts limited as signing in is; their other sessions end).
package struct AccountRoutes: Sendable {
    let accounts: AccountService

    package func register(on router: Router<AppContext>) {
        router.get("/account") { request, context in try await accountPage(request, context) }
        router.post("/account/password") { request, context in
            try await changePassword(request, context)
        }
    }

    /// A problem with one of the form's fields.
    private struct FieldProblem {
        var field: String
        var message: String
    }

    private func accountPage(
        _ request: Request, _ context: AppContext, problem: FieldProblem? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let identity = context.identity else { throw SignInRequired() }
        let organisation = try await identity.user.organisationID.asyncMap {
            try await accounts.storage.organisation(id: $0)?.name
        }
        let done =
            request.uri.queryParameters.get("done") == "password"
            ? "Your password was changed. Anywhere else you were signed in, you are now signed out."
            : nil
        let content: [Markup] = [
            .element("h1", text: "Your account"),
            Pages.notice(problem == nil ? done : nil),
            Pages.errorSummary(problem.map { [($0.field, $0.message)] } ?? []),
            .element(
                "dl", [("class", "facts")],
                [
                    .element("dt", text: "Email address"),
                    .element("dd", text: identity.user.email),
                    .element("dt", text: "Role"),
                    .element(
                        "dd",
                        text: identity.user.role == .admin
                            ? "Admin (sees every organisation, invites people)"
                            : "Member"),
                    .element("dt", text: "Organisation"),
                    .element("dd", text: (organisation ?? nil) ?? "None"),
                ]),
            .element("h2", text: "Change your password"),
            .element(
                "form", [("method", "post"), ("action", "/account/password")],
                [
                    Pages.csrfInput(context.session?.csrfToken),
                    passwordField(
                        "current", "Current password", autocomplete: "current-password",
                        problem: problem),
                    passwordField(
                        "new", "New password", autocomplete: "new-password",
                        hint:
                            "At least \(Passwords.minimumLength) characters; a few words are easy to remember.",
                        problem: problem),
                    passwordField(
                        "repeat", "New password again", autocomplete: "new-password",
                        problem: problem),
                    .element("button", [("type", "submit")], text: "Change my password"),
                ]),
        ]
        return Responses.html(
            Pages.page(
                title: "Your account", identity: identity, csrf: context.session?.csrfToken,
                content), status: status)
    }

    /// A password input with its label, hint and error.
    private func passwordField(
        _ name: String, _ label: String, autocomplete: String, hint: String? = nil,
        problem: FieldProblem?
    ) -> Markup {
        Pages.field(
            id: SchemaForm.id(name), label: label, hint: hint,
            error: problem?.field == name ? problem?.message : nil,
            input: [
                ("type", "password"), ("name", name), ("autocomplete", autocomplete),
                ("maxlength", "200"),
            ])
    }

    private func changePassword(_ request: Request, _ context: AppContext) async throws
        -> Response
    {
        guard let identity = context.identity, let session = context.session else {
            throw SignInRequired()
        }
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireSession(form, context)
        do {
            try await accounts.changePassword(
                user: identity.user, session: session, current: form["current"] ?? "",
                new: form["new"] ?? "", repeated: form["repeat"] ?? "",
                address: context.addressText)
        } catch let failure as AccountService.PasswordChangeFailure {
            let (problem, status): (FieldProblem, HTTPResponse.Status) =
                switch failure {
                case .wrongCurrent:
                    (
                        FieldProblem(
                            field: "current", message: "The current password is not right."),
                        .unprocessableContent
                    )
                case .tooManyAttempts(let wait):
                    (
                        FieldProblem(
                            field: "current",
                            message:
                                "Too many attempts: try again in \(Int(wait / 60) + 1) minutes."),
                        .tooManyRequests
                    )
                case .unusable(let why):
                    (
                        FieldProblem(field: "new", message: "Choose another password: \(why)."),
                        .unprocessableContent
                    )
                case .mismatch:
                    (
                        FieldProblem(
                            field: "repeat", message: "Type the same new password twice."),
                        .unprocessableContent
                    )
                }
            return try await accountPage(request, context, problem: problem, status: status)
        }
        return Responses.redirect("/account?done=password")
    }
}
