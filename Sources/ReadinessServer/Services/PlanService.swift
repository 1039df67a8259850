import Foundation
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// An accepted assessment's plan, tracked: each action's owner (a member), due date, status
/// and notes, changed one at a time on the page or many at once from a CSV the team edited in
/// a spreadsheet. Every change is in the audit trail.
package struct PlanService: Sendable {
    package let storage: any Storage

    package init(storage: any Storage) {
        self.storage = storage
    }

    /// The columns of the tracked plan's CSV, in order. `action` names the row; `owner`,
    /// `due`, `status` and `notes` are read back; the rest are there to read.
    package static let columns = [
        "action", "title", "phase", "rules", "owner", "due", "status", "notes", "overdue",
        "verified_by_assessment", "still_failing_in_assessment",
    ]

    /// A change refused: the words, and where (a CSV's line and column, or a form's field).
    package struct Problem: Error, Sendable, Equatable {
        package var message: String
        /// The form field or CSV column it is about.
        package var field: String
        package var line: Int? = nil
        package var column: Int? = nil

        /// As a page lists it: "Line 3, column 7 (status): …".
        package var words: String {
            guard let line else { return message }
            return "Line \(line), column \(column ?? 1) (\(field)): \(message)"
        }
    }

    /// What a form or a CSV row asks to change.
    package struct Change: Sendable {
        package var owner: String?
        package var due: String?
        package var status: String
        package var notes: String
    }

    /// Today, as the plan's dates are written.
    package static func today(_ now: Date = Date()) -> String {
        ISO8601DateFormatter.string(from: now, timeZone: .gmt, formatOptions: [.withFullDate])
    }

    /// The item with `change` applied, checked: the owner one of `members` (by email), the due
    /// date a date, the status one of the four (`verified` only from the lead), notes not too
    /// long.
    package static func applying(
        _ change: Change, to item: PlanItem, members: [User], byLead: Bool
    ) throws(Problem) -> PlanItem {
        var updated = item
        let owner = change.owner?.trimmingWhitespace().lowercased() ?? ""
        if owner.isEmpty {
            updated.ownerID = nil
        } else if let member = members.first(where: { $0.email == owner }) {
            updated.ownerID = member.id
        } else {
            throw Problem(
                message:
                    "`\(owner)` is not a member of this organisation: give a member's email address, or leave it empty.",
                field: "owner")
        }
        let due = change.due?.trimmingWhitespace() ?? ""
        if due.isEmpty {
            updated.due = nil
        } else {
            let text = String(due)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            formatter.timeZone = .gmt
            // Read and written again, so a day that does not exist (31 February) is refused.
            guard text.count == 10, let date = formatter.date(from: text),
                formatter.string(from: date) == text
            else {
                throw Problem(
                    message: "`\(text)` is not a date: write it as YYYY-MM-DD.", field: "due")
            }
            updated.due = text
        }
        guard let status = PlanItem.Status(words: change.status) else {
            throw Problem(
                message:
                    "`\(change.status)` is not a status: planned, in progress, done or verified.",
                field: "status")
        }
        if status == .verified, item.status != .verified, !byLead {
            throw Problem(
                message:
                    "An action is verified by the next assessment, or by the lead: mark it done.",
                field: "status")
        }
        updated.status = status
        let notes = String(change.notes.trimmingWhitespace())
        guard notes.count <= EvidenceService.textLimit else {
            throw Problem(
                message: "The notes are longer than \(EvidenceService.textLimit) characters.",
                field: "notes")
        }
        updated.notes = notes
        return updated
    }

    /// Saves one action's change.
    package func update(
        _ item: PlanItem, change: Change, members: [User], by user: User, byLead: Bool
    ) async throws -> PlanItem {
        let updated = try Self.applying(change, to: item, members: members, byLead: byLead)
        if updated != item { try await storage.updatePlanItems([updated], by: user.id, at: Date()) }
        return updated
    }

    /// The tracked plan as CSV (RFC 4180), one action a row.
    package static func csv(_ items: [PlanItem], members: [User], today: String) -> String {
        let emails = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.email) })
        return CSVRenderer.row(columns)
            + items.map { item in
                CSVRenderer.row([
                    item.actionID, item.title, item.phase, item.closes.joined(separator: " "),
                    item.ownerID.flatMap { emails[$0] } ?? "", item.due ?? "",
                    item.status.words, item.notes, item.isOverdue(today: today) ? "yes" : "",
                    item.verifiedBy.map(String.init) ?? "",
                    item.stillFailingIn.map(String.init) ?? "",
                ])
            }.joined()
    }

    /// Reads a tracked plan's CSV back against the plan: every problem (with its line and
    /// column), or the items it changes. Nothing is saved here.
    package static func read(
        csv text: String, plan: [PlanItem], members: [User], byLead: Bool
    ) -> (changed: [PlanItem], problems: [Problem]) {
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.rows(text)
        } catch {
            return (
                [],
                [
                    Problem(
                        message: "A quoted field is never closed.", field: "file",
                        line: error.line, column: 1)
                ]
            )
        }
        guard let header = rows.first else {
            return ([], [Problem(message: "The file is empty.", field: "file")])
        }
        let names = header.fields.map { $0.trimmingWhitespace().lowercased() }
        let needed = ["action", "owner", "due", "status", "notes"]
        let missing = needed.filter { !names.contains($0) }
        guard missing.isEmpty else {
            return (
                [],
                [
                    Problem(
                        message:
                            "The first line must name the columns; \(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing. Start from the plan's CSV download.",
                        field: "file", line: header.line, column: 1)
                ]
            )
        }
        func column(_ name: String) -> Int { names.firstIndex(of: name) ?? 0 }
        var problems: [Problem] = []
        var changed: [PlanItem] = []
        var seen: Set<String> = []
        for row in rows.dropFirst() {
            func value(_ name: String) -> String {
                let index = column(name)
                return index < row.fields.count ? row.fields[index] : ""
            }
            let id = value("action").trimmingWhitespace()
            guard let item = plan.first(where: { $0.actionID == id }) else {
                problems.append(
                    Problem(
                        message:
                            "`\(id)` is not an action of this plan"
                            + (Suggestion.closest(to: String(id), among: plan.map(\.actionID))
                                .map { ": did you mean `\($0)`?" } ?? "."),
                        field: "action", line: row.line, column: column("action") + 1))
                continue
            }
            guard seen.insert(item.actionID).inserted else {
                problems.append(
                    Problem(
                        message: "`\(id)` is given twice.", field: "action", line: row.line,
                        column: column("action") + 1))
                continue
            }
            do {
                let updated = try applying(
                    Change(
                        owner: value("owner"), due: value("due"), status: value("status"),
                        notes: value("notes")), to: item, members: members, byLead: byLead)
                if updated != item { changed.append(updated) }
            } catch {
                var problem = error
                problem.line = row.line
                problem.column = column(error.field) + 1
                problems.append(problem)
            }
        }
        return problems.isEmpty ? (changed, []) : ([], problems)
    }
}
