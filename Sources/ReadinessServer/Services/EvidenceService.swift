import Crypto
import Foundation
import ReadinessCore

/// Comments and evidence on the answers and rules of an assessment cycle: checked (who may
/// add to what, file names, sizes and types), stored, and matched to the rules they support.
/// Nothing is added to an accepted assessment: it is final.
package struct EvidenceService: Sendable {
    package let assessments: AssessmentService

    package init(assessments: AssessmentService) {
        self.assessments = assessments
    }

    var storage: any Storage { assessments.storage }

    /// The most one file may hold: policies, minutes and photos of a whiteboard fit; a video
    /// does not belong here.
    package static let fileByteLimit = 10 * 1_048_576
    /// The most a comment or a note may hold, in characters.
    package static let textLimit = 4000

    /// The kinds of file taken, by extension: what each is served as, and the bytes it starts
    /// with (`nil`: text, checked to be UTF-8 without NUL bytes). Office files are zip
    /// archives. Nothing a browser would run (HTML, SVG, scripts) is taken, and every file is
    /// served as a download.
    package static let fileKinds: [String: (type: String, magic: [UInt8]?)] = [
        "pdf": ("application/pdf", Array("%PDF-".utf8)),
        "png": ("image/png", [0x89, 0x50, 0x4E, 0x47]),
        "jpg": ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        "jpeg": ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        "docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [0x50, 0x4B, 0x03, 0x04]
        ),
        "xlsx": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            [0x50, 0x4B, 0x03, 0x04]
        ),
        "pptx": (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            [0x50, 0x4B, 0x03, 0x04]
        ),
        "odt": ("application/vnd.oasis.opendocument.text", [0x50, 0x4B, 0x03, 0x04]),
        "ods": ("application/vnd.oasis.opendocument.spreadsheet", [0x50, 0x4B, 0x03, 0x04]),
        "txt": ("text/plain; charset=utf-8", nil),
        "csv": ("text/csv; charset=utf-8", nil),
    ]

    /// The extensions taken, for hints and messages: "csv, docx, jpeg, …".
    package static var extensions: String { fileKinds.keys.sorted().joined(separator: ", ") }

    /// Why evidence or a comment is refused: a code, the words, what to do, and the status.
    package struct Refusal: Error, Sendable {
        package var code: String
        package var message: String
        package var help: String
        package var status: Int
    }

    /// What a comment or evidence may be about: each answer (`field:PATH`, records and lists
    /// as a whole) and each rule (`rule:ID`), with its words.
    package var subjects: [(value: String, label: String)] {
        fieldSubjects(assessments.schema, prefix: "")
            + assessments.ruleSet.rules.map { compiled in
                (
                    "rule:\(compiled.rule.id)",
                    "\(compiled.rule.id): \(assessments.ruleSet.ruleSet.title(of: compiled.rule))"
                )
            }
    }

    /// The rules as subjects.
    package var ruleSubjects: [(value: String, label: String)] {
        subjects.filter { $0.value.hasPrefix("rule:") }
    }

    /// The subjects of one top-level section's answers.
    package func fieldSubjects(section: String) -> [(value: String, label: String)] {
        subjects.filter {
            $0.value == "field:\(section)" || $0.value.hasPrefix("field:\(section).")
        }
    }

    private func fieldSubjects(_ object: ObjectSpec, prefix: String) -> [(
        value: String, label: String
    )] {
        object.fields.flatMap { name, spec -> [(value: String, label: String)] in
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            let own = ("field:\(path)", SchemaForm.label(name, spec))
            if case .object(let inner) = spec.type {
                return [own] + fieldSubjects(inner, prefix: path)
            }
            return [own]
        }
    }

    /// Whether things may still be added to a cycle: its draft, or an assessment awaiting
    /// sign-off.
    package func requireOpen(organisation: Organisation, cycle: Int64) async throws {
        switch try await storage.cycleState(organisationID: organisation.id, cycle: cycle) {
        case .draft, .submitted: return
        case .accepted:
            throw Refusal(
                code: "server.final", message: "This assessment was accepted: it is final.",
                help: "Add it to the next assessment's draft instead.", status: 409)
        case .unknown:
            throw Refusal(
                code: "server.refused", message: "There is no such assessment in progress.",
                help: "Go back to the organisation's page.", status: 404)
        }
    }

    private func checkSubject(_ subject: String) throws {
        guard subjects.contains(where: { $0.value == subject }) else {
            throw Refusal(
                code: "server.refused", message: "Choose what it is about from the list.",
                help: "Reload the page if the list is empty.", status: 422)
        }
    }

    private func checkText(_ text: String, what: String) throws -> String {
        let trimmed = String(text.trimmingWhitespace())
        guard trimmed.count <= Self.textLimit else {
            throw Refusal(
                code: "server.refused",
                message:
                    "The \(what) is \(trimmed.count) characters long; the most is \(Self.textLimit).",
                help: "Shorten it, or attach a document.", status: 422)
        }
        return trimmed
    }

    /// Adds a comment to a cycle.
    package func comment(
        _ body: String, about subject: String, organisation: Organisation, cycle: Int64,
        by user: User
    ) async throws -> Comment {
        try await requireOpen(organisation: organisation, cycle: cycle)
        try checkSubject(subject)
        let text = try checkText(body, what: "comment")
        guard !text.isEmpty else {
            throw Refusal(
                code: "server.refused", message: "The comment is empty.",
                help: "Write the comment, then add it.", status: 422)
        }
        return try await storage.addComment(
            organisationID: organisation.id, cycle: cycle, subject: subject, body: text,
            by: user.id, at: Date())
    }

    /// Checks and stores a file.
    package func attachFile(
        named rawName: String, bytes: [UInt8], note: String, about subject: String,
        organisation: Organisation, cycle: Int64, by user: User
    ) async throws -> Evidence {
        try await requireOpen(organisation: organisation, cycle: cycle)
        try checkSubject(subject)
        let name = try Self.checkFileName(rawName)
        guard !bytes.isEmpty else {
            throw Refusal(
                code: "server.evidence-empty", message: "The file `\(name)` is empty.",
                help: "Choose the document itself.", status: 422)
        }
        guard bytes.count <= Self.fileByteLimit else { throw Self.tooLarge }
        let type = try Self.checkType(name: name, bytes: bytes)
        return try await storage.addEvidence(
            NewEvidence(
                token: Secrets.newToken(), organisationID: organisation.id, cycle: cycle,
                subject: subject, kind: .file, fileName: name, contentType: type,
                sha256: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(),
                bytes: bytes, url: nil,
                note: try checkText(note, what: "note").nilIfEmpty, addedBy: user.id,
                addedAt: Date()))
    }

    /// Checks and stores a link.
    package func attachLink(
        _ address: String, note: String, about subject: String, organisation: Organisation,
        cycle: Int64, by user: User
    ) async throws -> Evidence {
        try await requireOpen(organisation: organisation, cycle: cycle)
        try checkSubject(subject)
        let text = String(address.trimmingWhitespace())
        guard text.count <= 2000, let url = URL(string: text),
            let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else {
            throw Refusal(
                code: "server.evidence-link",
                message: "The link is not a web address.",
                help: "Give the address as it starts in the browser, with https://.", status: 422)
        }
        return try await storage.addEvidence(
            NewEvidence(
                token: Secrets.newToken(), organisationID: organisation.id, cycle: cycle,
                subject: subject, kind: .link, fileName: nil, contentType: nil, sha256: nil,
                bytes: nil, url: text, note: try checkText(note, what: "note").nilIfEmpty,
                addedBy: user.id, addedAt: Date()))
    }

    /// Removes evidence from a cycle still open.
    package func remove(_ evidence: Evidence, organisation: Organisation, by user: User)
        async throws
    {
        try await requireOpen(organisation: organisation, cycle: evidence.cycle)
        try await storage.removeEvidence(token: evidence.token, by: user.id, at: Date())
    }

    /// A file's name as uploaded, refused when it holds a folder (a browser sends the name
    /// alone: anything else was made by hand), control characters, or is too long.
    static func checkFileName(_ name: String) throws -> String {
        let trimmed = String(name.trimmingWhitespace())
        if trimmed.contains("/") || trimmed.contains("\\") || trimmed == ".." || trimmed == "." {
            throw Refusal(
                code: "server.evidence-name",
                message: "The file's name has a folder in it.",
                help: "Choose the file itself; its name must not name a folder.", status: 422)
        }
        guard !trimmed.isEmpty, trimmed.count <= 200,
            !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw Refusal(
                code: "server.evidence-name",
                message: "The file's name is empty, too long or has control characters in it.",
                help: "Rename the file (200 characters at most) and choose it again.", status: 422)
        }
        return trimmed
    }

    /// The type a file is served as, when its extension is one taken and its bytes are what
    /// the extension says.
    static func checkType(name: String, bytes: [UInt8]) throws -> String {
        let fileExtension = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard name.contains("."), let kind = fileKinds[fileExtension] else {
            throw Refusal(
                code: "server.evidence-type",
                message: "`\(name)` is not a kind of file taken as evidence.",
                help: "Attach one of: \(extensions); or save it as a PDF.", status: 415)
        }
        let matches =
            if let magic = kind.magic {
                bytes.starts(with: magic)
            } else {
                String(validating: bytes, as: UTF8.self) != nil && !bytes.contains(0)
            }
        guard matches else {
            throw Refusal(
                code: "server.evidence-type",
                message: "`\(name)` is not the kind of file its name says (.\(fileExtension)).",
                help: "Save the document again in that format, or as a PDF.", status: 415)
        }
        return kind.type
    }

    static let tooLarge = Refusal(
        code: "server.evidence-too-large",
        message:
            "The file is larger than \(fileByteLimit / 1_048_576) MB, the most evidence may be.",
        help: "Attach a smaller file (a PDF of the pages that matter), or a link to it.",
        status: 413)

    // MARK: Evidence and rules

    /// The evidence backing a rule: attached to the rule itself, or to an answer it reads
    /// (the answer, the record holding it, or a field inside it).
    package static func evidence(
        for rule: AssessmentReport.RuleEntry, in all: [Evidence]
    ) -> [Evidence] {
        let read = rule.evidence.map(\.path)
        return all.filter { item in
            if item.subject == "rule:\(rule.id)" { return true }
            guard item.subject.hasPrefix("field:") else { return false }
            let path = String(item.subject.dropFirst("field:".count))
            return read.contains { reads in
                reads == path || reads.hasPrefix(path + ".") || reads.hasPrefix(path + "[")
                    || path.hasPrefix(reads + ".")
            }
        }
    }

    /// The rules marked `evidence: required` that pass (in whole or in part) with no
    /// evidence behind them: what the lead may not accept.
    package static func missingEvidence(_ report: AssessmentReport, evidence: [Evidence])
        -> [AssessmentReport.RuleEntry]
    {
        report.rules.filter { rule in
            rule.evidenceRequired == true && (rule.outcome == .pass || rule.outcome == .partial)
                && Self.evidence(for: rule, in: evidence).isEmpty
        }
    }
}

extension String {
    /// `nil` for empty text.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
