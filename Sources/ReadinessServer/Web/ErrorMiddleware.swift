import Hummingbird
import Logging

/// Turns every error into an answer a person (or a program, under `/api`) can use: the
/// sign-in page for a page that needs it, a plain error page with its status, JSON for the
/// API. Nothing of a trace or of a profile reaches the answer or the log.
package struct ErrorMiddleware: RouterMiddleware {
    package typealias Context = AppContext

    package func handle(
        _ request: Request, context: AppContext,
        next: (Request, AppContext) async throws -> Response
    ) async throws -> Response {
        let isAPI = request.uri.path.hasPrefix("/api/")
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch is SignInRequired {
            return Responses.redirect("/sign-in")
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            if isAPI {
                return APIError(error.status, code: "api.http", message: message).response
            }
            return Responses.errorPage(
                error.status, message, identity: context.identity,
                csrf: context.session?.csrfToken)
        } catch {
            // Only the error's type: its description might quote what was sent.
            context.logger.error(
                "request failed",
                metadata: [
                    "path": .string(request.uri.path),
                    "error": .string(String(describing: type(of: error))),
                ])
            if isAPI {
                return APIError(
                    .internalServerError, code: "internal",
                    message: "something went wrong on the server"
                ).response
            }
            return Responses.errorPage(
                .internalServerError,
                "Something went wrong on the server. Nothing you sent was lost: go back and try again.",
                identity: context.identity, csrf: context.session?.csrfToken)
        }
    }
}
