import Foundation
import ReadinessCore
import SourceDiagnostics

/// Waivers in the web application: an organisation's lead asks for one, the funder grants it
/// (or declines), renews it with a later expiry, or revokes it; every step a line of the audit
/// trail, with the value before and after.
extension FunderService {
    /// What a waiver form gives, as typed.
    package struct WaiverForm: Sendable {
        package var rule: String
        package var justification: String
        package var approvedBy: String = ""
        package var granted: String = ""
        package var expires: String

        package init(
            rule: String, justification: String, approvedBy: String = "", granted: String = "",
            expires: String
        ) {
            self.rule = rule
            self.justification = justification
            self.approvedBy = approvedBy
            self.granted = granted
            self.expires = expires
        }
    }

    /// The organisation's lead asks its funder to waive a rule until a day.
    ///
    /// - Throws: ``Refusal`` naming the field: a rule not under the funder's contract, no
    ///   justification, an expiry that is not a day after today; a 404-like refusal when the
    ///   organisation is not in the funder's portfolio.
    package func requestWaiver(
        _ form: WaiverForm, organisation: Organisation, funderID: Int64, by user: User,
        today: String
    ) async throws -> StoredWaiver {
        try await requireJoined(organisation: organisation.id, funderID: funderID)
        let rule = try await checkedRule(form.rule, funderID: funderID)
        let justification = try checkedText(form.justification, field: "justification")
        let expires = try checkedDay(form.expires, field: "expires", after: today)
        let now = Date()
        return try await storage.saveWaiver(
            StoredWaiver(
                id: 0, funderID: funderID, organisationID: organisation.id, rule: rule,
                justification: justification, approvedBy: nil, granted: nil, expires: expires,
                status: .requested, requestedBy: user.id, requestedAt: now),
            audit: AuditEntry(
                at: now, userID: user.id, organisationID: organisation.id,
                action: "waiver.request", detail: "asked until \(expires): \(justification)",
                subject: "waiver", newValue: "requested"))
    }

    /// The funder grants a waiver: a new one, or a request (`requestID`) with the dates and
    /// approver the form gives.
    package func grantWaiver(
        _ form: WaiverForm, organisation: Organisation, funder: Funder, requestID: Int64?,
        by user: User
    ) async throws -> StoredWaiver {
        try await requireJoined(organisation: organisation.id, funderID: funder.id)
        var waiver: StoredWaiver
        if let requestID {
            guard let request = try await storage.waiver(id: requestID),
                request.funderID == funder.id, request.organisationID == organisation.id
            else { throw Refusal(field: "waiver", message: "There is no such request.") }
            guard request.status == .requested else {
                throw Refusal(field: "waiver", message: "The request was decided already.")
            }
            waiver = request
        } else {
            waiver = StoredWaiver(
                id: 0, funderID: funder.id, organisationID: organisation.id, rule: "",
                justification: "", expires: "", status: .requested, requestedBy: user.id,
                requestedAt: Date())
        }
        waiver.rule = try await checkedRule(
            form.rule.isEmpty ? waiver.rule : form.rule, funderID: funder.id)
        waiver.justification = try checkedText(
            form.justification.isEmpty ? waiver.justification : form.justification,
            field: "justification")
        waiver.approvedBy = try checkedText(form.approvedBy, field: "approved_by")
        let granted = try checkedDay(form.granted, field: "granted")
        waiver.granted = granted
        waiver.expires = try checkedDay(
            form.expires.isEmpty ? waiver.expires : form.expires, field: "expires", after: granted)
        waiver.status = .granted
        waiver.decidedBy = user.id
        waiver.decidedAt = Date()
        return try await storage.saveWaiver(
            waiver,
            audit: AuditEntry(
                at: waiver.decidedAt ?? Date(), userID: user.id, organisationID: organisation.id,
                action: "waiver.grant",
                detail:
                    "granted \(granted) until \(waiver.expires) by \(waiver.approvedBy ?? ""): \(waiver.justification)",
                oldValue: requestID == nil ? nil : "requested", newValue: "granted"))
    }

    /// Renews a granted waiver to a later expiry.
    package func renewWaiver(
        id: Int64, expires: String, funder: Funder, by user: User
    ) async throws -> StoredWaiver {
        var waiver = try await decidable(id: id, funder: funder)
        guard waiver.status == .granted else {
            throw Refusal(field: "expires", message: "Only a granted waiver is renewed.")
        }
        let old = waiver.expires
        waiver.expires = try checkedDay(expires, field: "expires", after: old)
        waiver.decidedBy = user.id
        waiver.decidedAt = Date()
        return try await storage.saveWaiver(
            waiver,
            audit: AuditEntry(
                at: waiver.decidedAt ?? Date(), userID: user.id,
                organisationID: waiver.organisationID, action: "waiver.renew",
                detail: "renewed until \(waiver.expires)", oldValue: old,
                newValue: waiver.expires))
    }

    /// Revokes a granted waiver (from today it no longer holds) or declines a request.
    package func endWaiver(id: Int64, funder: Funder, by user: User, today: String) async throws
        -> StoredWaiver
    {
        var waiver = try await decidable(id: id, funder: funder)
        let before = waiver.status
        switch waiver.status {
        case .granted:
            waiver.status = .revoked
            // It holds up to, not including, its expiry: from today, no longer.
            if waiver.expires > today { waiver.expires = max(today, waiver.granted ?? today) }
        case .requested: waiver.status = .declined
        case .declined, .revoked:
            throw Refusal(field: "waiver", message: "The waiver was ended already.")
        }
        waiver.decidedBy = user.id
        waiver.decidedAt = Date()
        return try await storage.saveWaiver(
            waiver,
            audit: AuditEntry(
                at: waiver.decidedAt ?? Date(), userID: user.id,
                organisationID: waiver.organisationID,
                action: before == .granted ? "waiver.revoke" : "waiver.decline",
                detail: before == .granted ? "revoked from \(today)" : "request declined",
                oldValue: before.rawValue, newValue: waiver.status.rawValue))
    }

    /// The trail of a funder's dealings with one organisation: its invitation and joining,
    /// and every step of the waivers between them, oldest first.
    package func trail(funder: Funder, organisationID: Int64) async throws -> [AuditEntry] {
        let ids = Set(
            try await storage.waivers(funderID: funder.id, organisationID: organisationID).map {
                "waiver:\($0.id)"
            })
        return try await storage.auditTrail(organisationID: organisationID).filter { entry in
            entry.action.hasPrefix("portfolio.")
                ? entry.detail == funder.name : ids.contains(entry.subject ?? "")
        }
    }

    /// A waiver of the funder's, for an organisation still in its portfolio.
    private func decidable(id: Int64, funder: Funder) async throws -> StoredWaiver {
        guard let waiver = try await storage.waiver(id: id), waiver.funderID == funder.id else {
            throw Refusal(field: "waiver", message: "There is no such waiver.")
        }
        try await requireJoined(organisation: waiver.organisationID, funderID: funder.id)
        return waiver
    }

    /// Refuses an organisation that has not joined the funder's portfolio.
    private func requireJoined(organisation: Int64, funderID: Int64) async throws {
        let memberships = try await storage.memberships(
            funderID: funderID, organisationID: organisation)
        guard memberships.contains(where: { $0.status == .joined }) else {
            throw Refusal(
                field: "funder", message: "The organisation is not in that funder's portfolio.")
        }
    }

    /// A rule of the rule set as the funder's contract tailors it.
    /// Typed without regard to case (`sup-02`), given back as the rule set writes it: ids are
    /// not upper case in every rule set.
    private func checkedRule(_ text: String, funderID: Int64) async throws -> String {
        let typed = String(text.trimmingWhitespace())
        let ids = try await ruleSet(under: try await storage.contract(funderID: funderID)).rules
            .map(\.rule.id)
        guard let rule = ids.first(where: { $0.lowercased() == typed.lowercased() }) else {
            throw Refusal(
                field: "rule",
                message: typed.isEmpty
                    ? "Name the rule to waive, such as \(ids.first ?? "SUP-01")."
                    : "No rule of the contract is \(typed)."
                        + (Suggestion.closest(
                            to: typed.lowercased(), among: ids.map { $0.lowercased() }
                        ).flatMap { near in ids.first { $0.lowercased() == near } }.map {
                            " Did you mean \($0)?"
                        } ?? ""))
        }
        return rule
    }

    private func checkedText(_ text: String, field: String) throws -> String {
        let trimmed = String(text.trimmingWhitespace())
        guard !trimmed.isEmpty else {
            throw Refusal(
                field: field,
                message: field == "justification"
                    ? "Say why the rule should be waived, in a sentence."
                    : "Name who approved the waiver.")
        }
        guard trimmed.count <= 2_000 else {
            throw Refusal(field: field, message: "Keep it under 2,000 characters.")
        }
        return trimmed
    }

    /// A `YYYY-MM-DD` day that exists, after `after` when given.
    private func checkedDay(_ text: String, field: String, after: String? = nil) throws -> String {
        let day = String(text.trimmingWhitespace())
        guard Self.isDay(day) else {
            throw Refusal(field: field, message: "Give the day as YYYY-MM-DD, such as 2026-09-30.")
        }
        if let after, day <= after {
            throw Refusal(field: field, message: "Give a day after \(after).")
        }
        return day
    }
}
