import Foundation
import ReadinessCore

/// Accounts: sign-in with rate limiting, sessions, API tokens, and adding users.
package struct AccountService: Sendable {
    package let storage: any Storage
    package let passwords: Passwords
    package let limiter: SignInLimiter
    /// How long a session lasts.
    package var sessionLength: TimeInterval = 12 * 60 * 60

    package init(storage: any Storage, passwords: Passwords, limiter: SignInLimiter? = nil) {
        self.storage = storage
        self.passwords = passwords
        self.limiter = limiter ?? SignInLimiter(storage: storage)
    }

    /// An email address as accounts are kept and looked up by: without surrounding spaces,
    /// in lower case.
    package static func normalised(email: String) -> String {
        email.trimmingWhitespace(newlines: false).lowercased()
    }

    /// Why a sign-in failed, in words safe to show (never which of email or password).
    package enum SignInFailure: Error, Equatable {
        case wrongCredentials
        case tooManyAttempts(retryAfter: TimeInterval)
    }

    /// Signs in: a new session and the secret for its cookie.
    package func signIn(email: String, password: String, address: String) async throws
        -> (session: Session, cookie: String, user: User)
    {
        let email = Self.normalised(email: email)
        if let wait = try await limiter.wait(email: email, address: address) {
            throw SignInFailure.tooManyAttempts(retryAfter: wait)
        }
        guard let user = try await storage.user(email: email),
            passwords.verify(password, hash: user.passwordHash)
        else {
            try await limiter.failed(email: email, address: address)
            throw SignInFailure.wrongCredentials
        }
        try await limiter.succeeded(email: email)
        // Sessions past their time are refused when read; each sign-in also clears them out,
        // so the table holds only live ones.
        _ = try await storage.deleteExpiredSessions(now: Date())
        let cookie = Secrets.newToken()
        let session = Session(
            tokenHash: Secrets.hash(cookie), userID: user.id, csrfToken: Secrets.newToken(),
            expiresAt: Date().addingTimeInterval(sessionLength))
        try await storage.createSession(session)
        try await storage.audit(
            AuditEntry(
                at: Date(), userID: user.id, organisationID: user.organisationID,
                action: "session.sign-in", detail: user.email))
        return (session, cookie, user)
    }

    package func signOut(_ session: Session) async throws {
        try await storage.deleteSession(tokenHash: session.tokenHash)
    }

    /// Why a password was not changed, in words safe to show.
    package enum PasswordChangeFailure: Error, Equatable {
        case wrongCurrent
        case tooManyAttempts(retryAfter: TimeInterval)
        case unusable(String)
        case mismatch
    }

    /// Changes a signed-in user's password: the current one is checked (attempts limited as
    /// signing in is), the new one must be usable and typed the same twice. Every other
    /// session of the user ends.
    package func changePassword(
        user: User, session: Session, current: String, new: String, repeated: String,
        address: String
    ) async throws {
        if let wait = try await limiter.wait(email: user.email, address: address) {
            throw PasswordChangeFailure.tooManyAttempts(retryAfter: wait)
        }
        guard passwords.verify(current, hash: user.passwordHash) else {
            try await limiter.failed(email: user.email, address: address)
            throw PasswordChangeFailure.wrongCurrent
        }
        if let why = Passwords.problem(with: new) { throw PasswordChangeFailure.unusable(why) }
        guard new == repeated else { throw PasswordChangeFailure.mismatch }
        try await storage.setPasswordHash(
            userID: user.id, passwordHash: passwords.hash(new), keeping: session.tokenHash)
        try await storage.audit(
            AuditEntry(
                at: Date(), userID: user.id, organisationID: user.organisationID,
                action: "user.password-change", detail: user.email))
    }

    /// Sets a new password for the account with `email` (`readiness admin set-password`, for
    /// one forgotten) and ends all its sessions; `nil` when there is no such account.
    package func resetPassword(email: String, password: String) async throws -> User? {
        let email = Self.normalised(email: email)
        guard let user = try await storage.user(email: email) else { return nil }
        if let why = Passwords.problem(with: password) { throw AccountProblem.badPassword(why) }
        try await storage.setPasswordHash(
            userID: user.id, passwordHash: passwords.hash(password), keeping: nil)
        try await limiter.succeeded(email: email)
        try await storage.audit(
            AuditEntry(
                at: Date(), userID: nil, organisationID: user.organisationID,
                action: "user.password-reset", detail: email))
        return user
    }

    /// Why a new account cannot be made, in words.
    package enum AccountProblem: Error, Equatable, CustomStringConvertible {
        case badEmail
        case badPassword(String)
        case memberWithoutOrganisation
        case funderWithoutFunder
        case funderMisplaced
        case emailTaken

        package var description: String {
            switch self {
            case .badEmail: "the email address is not one (it needs an @ and a domain)"
            case .badPassword(let why): "the password cannot be used: \(why)"
            case .memberWithoutOrganisation:
                "a member or a lead belongs to an organisation: give --organisation"
            case .funderWithoutFunder: "a funder's account works for a funder: give --funder"
            case .funderMisplaced:
                "--funder is for a funder's account (--role funder), which has no --organisation"
            case .emailTaken: "an account with that email address exists already"
            }
        }
    }

    /// Adds an account (and its organisation or funder, when it does not exist yet).
    package func addUser(
        email: String, password: String, role: Role, organisation: String?, funder: String? = nil
    ) async throws -> User {
        let email = Self.normalised(email: email)
        let parts = email.split(separator: "@")
        guard parts.count == 2, parts[1].contains("."), email.count <= 254 else {
            throw AccountProblem.badEmail
        }
        if let why = Passwords.problem(with: password) { throw AccountProblem.badPassword(why) }
        let organisationName = organisation?.trimmingCharacters(in: .whitespaces)
        if role.belongsToOrganisation, organisationName?.isEmpty ?? true {
            throw AccountProblem.memberWithoutOrganisation
        }
        let funderName = funder?.trimmingCharacters(in: .whitespaces)
        if role == .funder, funderName?.isEmpty ?? true { throw AccountProblem.funderWithoutFunder }
        if (role == .funder) != (funderName.map { !$0.isEmpty } ?? false)
            || (role == .funder && !(organisationName?.isEmpty ?? true))
        {
            throw AccountProblem.funderMisplaced
        }
        var organisationID: Int64?
        if let organisationName, !organisationName.isEmpty {
            organisationID = try await storage.ensureOrganisation(named: organisationName).id
        }
        var funderID: Int64?
        if let funderName, !funderName.isEmpty {
            funderID = try await storage.ensureFunder(named: funderName).id
        }
        do {
            let user = try await storage.createUser(
                email: email, passwordHash: passwords.hash(password), role: role,
                organisationID: organisationID, funderID: funderID)
            try await storage.audit(
                AuditEntry(
                    at: Date(), userID: nil, organisationID: organisationID,
                    action: "user.add",
                    detail: "\(email) as \(role.rawValue)"
                        + (funderName.map { $0.isEmpty ? "" : " of \($0)" } ?? "")))
            return user
        } catch StorageError.duplicate {
            throw AccountProblem.emailTaken
        }
    }

    /// A new API token for an account: the token itself, shown once; its hash is stored.
    package func addToken(email: String) async throws -> String? {
        guard let user = try await storage.user(email: email.lowercased()) else { return nil }
        let token = Secrets.newToken()
        try await storage.createToken(
            userID: user.id, tokenHash: Secrets.hash(token), createdAt: Date())
        try await storage.audit(
            AuditEntry(
                at: Date(), userID: user.id, organisationID: user.organisationID,
                action: "token.add", detail: user.email))
        return token
    }
}
