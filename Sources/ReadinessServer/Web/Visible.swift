import Hummingbird

/// The records a page's path names, when the caller may see them (``Access``): otherwise a
/// 404, as if they did not exist, or the sign-in page for nobody signed in.
enum Visible {
    /// The organisation of the path's `:organisation`.
    static func organisation(_ context: AppContext, storage: any Storage) async throws
        -> Organisation
    {
        guard context.identity != nil else { throw SignInRequired() }
        guard let id = context.parameters.get("organisation", as: Int64.self),
            Access.allows(context.identity, organisation: id),
            let organisation = try await storage.organisation(id: id)
        else { throw HTTPError(.notFound, message: "There is no such organisation.") }
        return organisation
    }

    /// The assessment of the path's `:assessment`.
    static func assessment(_ context: AppContext, storage: any Storage) async throws
        -> StoredAssessment
    {
        guard context.identity != nil else { throw SignInRequired() }
        guard let id = context.parameters.get("assessment", as: Int64.self),
            let stored = try await storage.assessment(id: id),
            Access.allows(context.identity, organisation: stored.organisationID)
        else { throw HTTPError(.notFound, message: "There is no such assessment.") }
        return stored
    }

    /// The round of the path's `:round`, of the organisation given.
    static func round(_ context: AppContext, organisation: Organisation, storage: any Storage)
        async throws -> Round
    {
        guard let id = context.parameters.get("round", as: Int64.self),
            let round = try await storage.round(id: id), round.organisationID == organisation.id
        else { throw HTTPError(.notFound, message: "There is no such round.") }
        return round
    }

    /// The caller, when they lead the organisation; a 403 for anyone else who may see it.
    static func lead(_ context: AppContext, organisation: Organisation) throws -> User {
        guard let identity = context.identity, Access.leads(identity, organisation: organisation.id)
        else {
            throw HTTPError(
                .forbidden, message: "Only the organisation's lead may do this.")
        }
        return identity.user
    }
}
