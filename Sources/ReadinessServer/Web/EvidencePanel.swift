import Foundation
import ReadinessCore

/// Comments and evidence on a page: the threads by what they are about, and the forms to add
/// to them. The same on a section page (its answers), the organisation's page (the rules) and
/// the report (the rules, while it awaits sign-off).
struct EvidencePanel {
    /// The subjects shown, in order, with their words.
    var subjects: [(value: String, label: String)]
    var comments: [Comment]
    var evidence: [Evidence]
    /// Account emails, by id.
    var names: [Int64: String]
    /// The organisation and cycle things are added to; `nil` when nothing may be added (an
    /// accepted assessment, or a draft not yet saved).
    var cycle: (organisation: Int64, cycle: Int64)?
    var csrf: String?
    /// The page to come back to after adding or removing.
    var back: String

    /// The element id of a subject's thread.
    static func id(_ subject: String) -> String {
        "about-" + SchemaForm.id(subject.replacingOccurrences(of: ":", with: "-"))
    }

    /// The threads with something in them, then the forms.
    func markup(heading: String, intro: String) -> Markup {
        let shown = subjects.filter { subject in
            comments.contains { $0.subject == subject.value }
                || evidence.contains { $0.subject == subject.value }
        }
        return .element(
            "section", [("class", "evidence-panel")],
            [
                .element("h2", text: heading),
                .element("p", [("class", "hint")], text: intro),
                shown.isEmpty
                    ? .element("p", text: "Nothing added yet.")
                    : .group(shown.map(thread)),
                cycle == nil
                    ? .empty
                    : .element(
                        "details", [],
                        [.element("summary", text: "Add a comment or evidence"), forms]),
            ])
    }

    /// One subject's comments and evidence, oldest first.
    func thread(_ subject: (value: String, label: String)) -> Markup {
        let items = evidence.filter { $0.subject == subject.value }
        let notes = comments.filter { $0.subject == subject.value }
        return .element(
            "div", [("class", "thread"), ("id", Self.id(subject.value))],
            [
                .element("h3", text: subject.label),
                items.isEmpty
                    ? .empty
                    : .element("ul", [("class", "evidence-list")], items.map(item)),
                notes.isEmpty
                    ? .empty
                    : .element(
                        "ul", [("class", "comments")],
                        notes.map { comment in
                            .element(
                                "li", [],
                                [
                                    .element(
                                        "span", [("class", "status")],
                                        text:
                                            "\(names[comment.authorID ?? 0] ?? "someone"), \(CollaborationRoutes.time(comment.at)) UTC: "
                                    ),
                                    .text(comment.body),
                                ])
                        }),
            ])
    }

    /// One file or link, with who added it, and a button to take it out while it may be.
    func item(_ item: Evidence) -> Markup {
        let added =
            "added by \(names[item.addedBy ?? 0] ?? "someone"), \(CollaborationRoutes.day(item.addedAt))"
        let what: Markup =
            switch item.kind {
            case .file:
                .group([
                    .element(
                        "a", [("href", "/evidence/\(item.token)")],
                        text: item.fileName ?? "a file"),
                    .text(" (\(Self.size(item.size ?? 0)), \(added))"),
                ])
            case .link:
                .group([
                    .element(
                        "a",
                        [("href", item.url ?? "#"), ("rel", "noopener noreferrer nofollow")],
                        text: item.url ?? "a link"),
                    .text(" (link, \(added))"),
                ])
            }
        return .element(
            "li", [],
            [
                what,
                item.note.map { .element("p", [("class", "hint")], text: $0) } ?? .empty,
                cycle == nil
                    ? .empty
                    : .element(
                        "form",
                        [
                            ("method", "post"), ("action", "/evidence/\(item.token)/remove"),
                            ("class", "inline"),
                        ],
                        [
                            Pages.csrfInput(csrf),
                            .void(
                                "input", [("type", "hidden"), ("name", "back"), ("value", back)]),
                            .element(
                                "button", [("type", "submit"), ("class", "link")],
                                text: "Remove \(item.fileName ?? item.url ?? "it")"),
                        ]),
            ])
    }

    /// A size in words: "840 bytes", "12 KB", "3.4 MB".
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        if bytes < 1_048_576 { return "\(bytes / 1024) KB" }
        return NumberFormat.oneDecimal(Double(bytes) / 1_048_576) + " MB"
    }

    private func subjectSelect(id: String) -> Markup {
        .element(
            "div", [("class", "field")],
            [
                .element("label", [("for", id)], text: "About"),
                .element(
                    "select", [("id", id), ("name", "subject")],
                    subjects.map { .element("option", [("value", $0.value)], text: $0.label) }),
            ])
    }

    /// The forms: a comment, and a file or a link.
    var forms: Markup {
        guard let cycle, !subjects.isEmpty else { return .empty }
        let base = "/organisations/\(cycle.organisation)/cycles/\(cycle.cycle)"
        let prefix = Self.id(back)
        return .element(
            "div", [("class", "evidence-forms")],
            [
                .element(
                    "form", [("method", "post"), ("action", "\(base)/comments")],
                    [
                        .element("h3", text: "Add a comment"),
                        Pages.csrfInput(csrf),
                        .void("input", [("type", "hidden"), ("name", "back"), ("value", back)]),
                        subjectSelect(id: "\(prefix)-comment-subject"),
                        .element(
                            "div", [("class", "field")],
                            [
                                .element(
                                    "label", [("for", "\(prefix)-comment")], text: "Comment"),
                                .element(
                                    "textarea",
                                    [
                                        ("id", "\(prefix)-comment"), ("name", "body"),
                                        ("rows", "3"),
                                        ("maxlength", String(EvidenceService.textLimit)),
                                    ], text: ""),
                            ]),
                        .element(
                            "button", [("type", "submit"), ("class", "secondary")],
                            text: "Add the comment"),
                    ]),
                .element(
                    "form",
                    [
                        ("method", "post"), ("action", "\(base)/evidence"),
                        ("enctype", "multipart/form-data"),
                    ],
                    [
                        .element("h3", text: "Add evidence"),
                        Pages.csrfInput(csrf),
                        .void("input", [("type", "hidden"), ("name", "back"), ("value", back)]),
                        subjectSelect(id: "\(prefix)-evidence-subject"),
                        .element(
                            "div", [("class", "field")],
                            [
                                .element(
                                    "label", [("for", "\(prefix)-file")], text: "A document"),
                                .element(
                                    "p", [("class", "hint"), ("id", "\(prefix)-file-hint")],
                                    text:
                                        "At most \(EvidenceService.fileByteLimit / 1_048_576) MB: \(EvidenceService.extensions)."
                                ),
                                .void(
                                    "input",
                                    [
                                        ("type", "file"), ("id", "\(prefix)-file"),
                                        ("name", "file"),
                                        (
                                            "accept",
                                            EvidenceService.fileKinds.keys.sorted().map {
                                                ".\($0)"
                                            }.joined(separator: ",")
                                        ),
                                        ("aria-describedby", "\(prefix)-file-hint"),
                                    ]),
                            ]),
                        Pages.field(
                            id: "\(prefix)-url", label: "Or a link",
                            hint: "Used when no document is chosen: where the team keeps it.",
                            input: [("type", "url"), ("name", "url"), ("maxlength", "2000")]),
                        Pages.field(
                            id: "\(prefix)-note", label: "What it shows (optional)",
                            input: [
                                ("type", "text"), ("name", "note"),
                                ("maxlength", String(EvidenceService.textLimit)),
                            ]),
                        .element(
                            "button", [("type", "submit"), ("class", "secondary")],
                            text: "Add the evidence"),
                    ]),
            ])
    }
}
