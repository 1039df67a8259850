import Hummingbird

/// The one check every posted form passes: its `csrf` field must be the signed-in session's
/// token, or, on the pages a visitor posts before having a session (sign-in, an invitation),
/// the token of the visitor's own CSRF cookie (double submit).
enum CSRF {
    /// What a refused form is told.
    static let message =
        "This form has expired or did not come from this site. Go back, reload the page and try again."

    /// Refuses a form without the session's token.
    static func requireSession(_ form: FormData, _ context: AppContext) throws {
        guard let session = context.session, let sent = form["csrf"],
            Secrets.same(session.csrfToken, sent)
        else { throw HTTPError(.forbidden, message: message) }
    }

    /// Refuses a visitor's form without the token of its CSRF cookie.
    static func requireCookie(_ form: FormData, _ request: Request) throws {
        guard let cookie = request.cookies[WebRoutes.csrfCookie]?.value, let sent = form["csrf"],
            Secrets.same(cookie, sent)
        else { throw HTTPError(.forbidden, message: message) }
    }
}
