import Foundation
import ReadinessCore

/// The self-assessment form, generated from the rule set's schema: each field an input of its
/// type (yes/no, a whole or decimal number with its unit and bounds, a choice among allowed
/// values, a date, text), records as fieldsets, lists of records as repeatable groups with add
/// and remove buttons, lists of allowed values as checkboxes. Every optional field offers
/// "Not known" (written `~`). Input names are the profile's paths (`staff.total`,
/// `peer_workers[0].supervision.interval_days`), so the decoder's messages, which name paths,
/// land beside their inputs.
package struct SchemaForm: Sendable {
    /// The problems to show, by the path of the field they are about.
    package var errors: [String: [String]] = [:]

    package init(errors: [String: [String]] = [:]) {
        self.errors = errors
    }

    /// The suffix of the checkbox that answers "not known" for an input.
    static let notKnownSuffix = "~"
    /// The suffix of the hidden input that says how many items a list shows.
    static let countSuffix = "#count"
    /// Most items a list may have in the form (the decoder has its own limits too).
    package static let maximumItems = 200
    /// Longest text a field may hold.
    package static let maximumLength = 2_000

    // MARK: Rendering

    /// The inputs of one field (a whole section, for a top-level field).
    package func render(name: String, spec: FieldSpec, path: String, answer: Answer?) -> Markup {
        switch spec.type {
        case .object(let object):
            let record = answer?.record ?? AnswerRecord()
            return fieldset(
                legend: Self.label(name, spec), path: path, spec: spec,
                object.fields.map { field in
                    render(
                        name: field.name, spec: field.spec, path: "\(path).\(field.name)",
                        answer: record[field.name])
                })
        case .list(let item):
            return list(name: name, spec: spec, item: item, path: path, answer: answer)
        default:
            return scalar(name: name, spec: spec, path: path, answer: answer)
        }
    }

    private func fieldset(legend: String, path: String, spec: FieldSpec, _ children: [Markup])
        -> Markup
    {
        .element(
            "fieldset", [("class", "record"), ("id", Self.id(path))],
            [
                .element("legend", text: legend),
                spec.description.map { .element("p", [("class", "hint")], text: $0) } ?? .empty,
                problems(path),
            ] + children)
    }

    private func list(name: String, spec: FieldSpec, item: FieldSpec, path: String, answer: Answer?)
        -> Markup
    {
        var items: [Answer] = []
        if case .list(let given) = answer { items = given }
        let legend = Self.label(name, spec)
        switch item.type {
        case .object(let object):
            let itemWord = spec.itemName ?? "item"
            var parts: [Markup] = [
                .element("legend", text: legend),
                spec.description.map { .element("p", [("class", "hint")], text: $0) } ?? .empty,
                problems(path),
                .void(
                    "input",
                    [
                        ("type", "hidden"), ("name", path + Self.countSuffix),
                        ("value", String(items.count)),
                    ]),
            ]
            if items.isEmpty {
                parts.append(.element("p", [("class", "empty")], text: "None yet."))
            }
            for (index, element) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                let record = element.record ?? AnswerRecord()
                let heading = Self.itemHeading(itemWord, index: index, record: record, spec: spec)
                parts.append(
                    .element(
                        "fieldset", [("class", "item"), ("id", Self.id(itemPath))],
                        [.element("legend", text: heading), problems(itemPath)]
                            + object.fields.map { field in
                                render(
                                    name: field.name, spec: field.spec,
                                    path: "\(itemPath).\(field.name)", answer: record[field.name])
                            } + [
                                .element(
                                    "button",
                                    [
                                        ("type", "submit"), ("name", "action"),
                                        ("value", "remove:\(itemPath)"), ("class", "secondary"),
                                        ("formnovalidate", ""),
                                    ], text: "Remove \(heading.lowercasedFirst)")
                            ]))
            }
            parts.append(
                .element(
                    "button",
                    [
                        ("type", "submit"), ("name", "action"), ("value", "add:\(path)"),
                        ("class", "secondary"), ("formnovalidate", ""),
                    ], text: "Add \(Self.article(itemWord)) \(itemWord)"))
            return .element("fieldset", [("class", "list"), ("id", Self.id(path))], parts)
        default:
            let chosen = items.compactMap { answer -> String? in
                if case .text(let text) = answer { return text }
                if case .number(let text) = answer { return text }
                return nil
            }
            if let allowed = item.allowedValues {
                // A checkbox per allowed value; the hidden count says the list was shown, so
                // none ticked is an empty list, not a list left unanswered.
                let boxes = allowed.enumerated().map { offset, value in
                    let id = Self.id(path) + "-\(offset)"
                    return Markup.element(
                        "div", [("class", "choice")],
                        [
                            .void(
                                "input",
                                [
                                    ("type", "checkbox"), ("id", id), ("name", path),
                                    ("value", value),
                                    ("checked", chosen.contains(value) ? "" : nil),
                                ]),
                            .element("label", [("for", id)], text: Self.words(value)),
                        ])
                }
                return .element(
                    "fieldset", [("class", "choices"), ("id", Self.id(path))],
                    [
                        .element("legend", text: legend),
                        spec.description.map { .element("p", [("class", "hint")], text: $0) }
                            ?? .empty,
                        problems(path),
                        .void(
                            "input",
                            [("type", "hidden"), ("name", path + Self.countSuffix), ("value", "0")]),
                    ] + boxes)
            }
            // Free text: one item a line.
            let id = Self.id(path)
            return .element(
                "div", [("class", "field")],
                [
                    .element("label", [("for", id)], text: legend),
                    .element(
                        "p", [("class", "hint"), ("id", id + "-hint")],
                        text: (spec.description.map { $0 + " " } ?? "") + "One a line."),
                    problems(path),
                    .element(
                        "textarea",
                        [
                            ("id", id), ("name", path), ("rows", "4"),
                            ("aria-describedby", id + "-hint"),
                        ], text: chosen.joined(separator: "\n")),
                ])
        }
    }

    private func scalar(name: String, spec: FieldSpec, path: String, answer: Answer?) -> Markup {
        let id = Self.id(path)
        let label = Self.label(name, spec) + (spec.required ? "" : " (optional)")
        let hint = Self.hint(spec)
        let errorsHere = errors[path] ?? []
        let described = [
            hint.isEmpty ? nil : id + "-hint", errorsHere.isEmpty ? nil : id + "-error",
        ].compactMap { $0 }.joined(separator: " ")
        var common: [(String, String?)] = [
            ("aria-describedby", described.isEmpty ? nil : described),
            ("aria-invalid", errorsHere.isEmpty ? nil : "true"),
        ]
        let notKnown = answer == .notKnown
        // What `~` says: "not known", or for a field whose `~` means none, "None" (left
        // blank, such a field is not known).
        let tilde = spec.nullable ? "None" : "Not known"
        var control: Markup
        switch spec.type {
        case .bool:
            // Yes, no and (for an optional field) not known, as radio buttons in a group.
            var options: [RadioOption] = [.init("true", "Yes"), .init("false", "No")]
            if !spec.required { options.append(.init("~", tilde)) }
            let current: String? =
                switch answer {
                case .bool(let flag): flag ? "true" : "false"
                case .notKnown: "~"
                default: nil
                }
            return radios(
                id: id, label: label, hint: hint, path: path, common: common, options: options,
                current: current)
        case .rating(let scale):
            // Each level a radio button, its description under its label, so whoever rates
            // sees what each level looks like in practice.
            var options = scale.levels.map { level in
                RadioOption(
                    String(level.level), "\(level.level) \(level.label)",
                    detail: level.description)
            }
            if !spec.required { options.append(.init("~", tilde)) }
            let current: String? =
                switch answer {
                case .number(let text): text
                case .text(let text): scale.level(labelled: text).map { String($0.level) } ?? text
                case .notKnown: "~"
                default: nil
                }
            return radios(
                id: id, label: label, hint: hint, path: path, common: common, options: options,
                current: current)
        case .string where spec.allowedValues != nil:
            let current: String? = {
                if case .text(let text) = answer { return text }
                return notKnown ? "~" : nil
            }()
            var options: [Markup] = [
                .element(
                    "option", [("value", ""), ("selected", current == nil ? "" : nil)],
                    text: "Choose…")
            ]
            for value in spec.allowedValues ?? [] {
                options.append(
                    .element(
                        "option", [("value", value), ("selected", current == value ? "" : nil)],
                        text: Self.words(value)))
            }
            if !spec.required {
                options.append(
                    .element(
                        "option", [("value", "~"), ("selected", notKnown ? "" : nil)],
                        text: tilde))
            }
            control = .element("select", [("id", id), ("name", path)] + common, options)
            return field(id: id, label: label, hint: hint, path: path, control: control)
        default:
            let value: String? =
                switch answer {
                case .number(let text), .text(let text): text
                default: nil
                }
            var attributes: [(String, String?)] = [
                ("id", id), ("name", path), ("value", value),
                ("maxlength", String(Self.maximumLength)),
            ]
            switch spec.type {
            case .int:
                attributes += [("inputmode", "numeric"), ("class", "number")]
            case .number:
                attributes += [("inputmode", "decimal"), ("class", "number")]
            case .date:
                attributes += [("type", "date")]
            default:
                attributes += [("type", "text")]
            }
            if spec.required { common.append(("required", "")) }
            control = .void("input", attributes + common)
            if !spec.required {
                let boxID = id + "-not-known"
                control = .group([
                    control,
                    .element(
                        "div", [("class", "choice not-known")],
                        [
                            .void(
                                "input",
                                [
                                    ("type", "checkbox"), ("id", boxID),
                                    ("name", path + Self.notKnownSuffix), ("value", "1"),
                                    ("checked", notKnown ? "" : nil),
                                ]),
                            .element("label", [("for", boxID)], text: tilde),
                        ]),
                ])
            }
            return field(id: id, label: label, hint: hint, path: path, control: control)
        }
    }

    /// One choice of a radio group: the value sent, its label, and words under the label.
    private struct RadioOption {
        let value: String
        let label: String
        var detail: String? = nil

        init(_ value: String, _ label: String, detail: String? = nil) {
            self.value = value
            self.label = label
            self.detail = detail
        }
    }

    /// A question answered by one of a few choices, as radio buttons in a fieldset.
    private func radios(
        id: String, label: String, hint: String, path: String, common: [(String, String?)],
        options: [RadioOption], current: String?
    ) -> Markup {
        .element(
            "fieldset", [("class", "field radios"), ("id", id)] + common,
            [
                .element("legend", text: label),
                hint.isEmpty
                    ? .empty
                    : .element("p", [("class", "hint"), ("id", id + "-hint")], text: hint),
                problems(path, id: id + "-error"),
                .group(
                    options.enumerated().map { offset, option in
                        let optionID = id + "-\(offset)"
                        let detailID = optionID + "-detail"
                        return .element(
                            "div", [("class", "choice")],
                            [
                                .void(
                                    "input",
                                    [
                                        ("type", "radio"), ("id", optionID), ("name", path),
                                        ("value", option.value),
                                        ("checked", current == option.value ? "" : nil),
                                        ("aria-describedby", option.detail == nil ? nil : detailID),
                                    ]),
                                .element("label", [("for", optionID)], text: option.label),
                                option.detail.map {
                                    .element(
                                        "p", [("class", "level-detail"), ("id", detailID)],
                                        text: $0)
                                } ?? .empty,
                            ])
                    }),
            ])
    }

    private func field(id: String, label: String, hint: String, path: String, control: Markup)
        -> Markup
    {
        .element(
            "div", [("class", "field")],
            [
                .element("label", [("for", id)], text: label),
                hint.isEmpty
                    ? .empty
                    : .element("p", [("class", "hint"), ("id", id + "-hint")], text: hint),
                problems(path, id: id + "-error"),
                control,
            ])
    }

    /// The problems about `path`, announced with their field.
    private func problems(_ path: String, id: String? = nil) -> Markup {
        guard let messages = errors[path], !messages.isEmpty else { return .empty }
        return .element(
            "p", [("class", "error"), ("id", id ?? Self.id(path) + "-error")],
            [.element("span", [("class", "visually-hidden")], text: "Error: ")]
                + [.text(messages.joined(separator: " "))])
    }

    // MARK: Reading the form back

    /// What the form says for a field at `path`; `nil` for a field left blank. `action`
    /// adds an item to a list (`add:PATH`) or removes one (`remove:PATH[INDEX]`).
    package static func answer(
        _ spec: FieldSpec, path: String, form: FormData, action: String? = nil
    ) -> Answer? {
        switch spec.type {
        case .object(let object):
            var record = AnswerRecord()
            for field in object.fields {
                record[field.name] = answer(
                    field.spec, path: "\(path).\(field.name)", form: form, action: action)
            }
            return record.isEmpty ? nil : .record(record)
        case .list(let item):
            switch item.type {
            case .object:
                let shown = min(Int(form[path + countSuffix] ?? "") ?? 0, maximumItems)
                var items: [Answer] = []
                for index in 0..<shown where action != "remove:\(path)[\(index)]" {
                    items.append(
                        answer(item, path: "\(path)[\(index)]", form: form, action: action)
                            ?? .record(AnswerRecord()))
                }
                if action == "add:\(path)", items.count < maximumItems {
                    items.append(.record(AnswerRecord()))
                }
                return form[path + countSuffix] == nil && items.isEmpty ? nil : .list(items)
            default:
                let values: [String]
                if item.allowedValues != nil {
                    values = form.all(path)
                    if values.isEmpty && form[path + countSuffix] == nil { return nil }
                } else {
                    guard let text = form[path] else { return nil }
                    values = text.split(whereSeparator: \.isNewline).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }.filter { !$0.isEmpty }
                }
                return .list(
                    values.prefix(maximumItems).map {
                        item.type == .int || item.type == .number ? .number($0) : .text($0)
                    })
            }
        default:
            if form[path + notKnownSuffix] != nil { return .notKnown }
            guard let raw = form[path] else { return nil }
            let text = String(
                raw.trimmingCharacters(in: .whitespacesAndNewlines).prefix(maximumLength))
            if text.isEmpty { return nil }
            if text == "~" { return .notKnown }
            switch spec.type {
            case .bool:
                return text == "true" ? .bool(true) : (text == "false" ? .bool(false) : .text(text))
            case .int, .number, .rating: return .number(text)
            default: return .text(text)
            }
        }
    }

    // MARK: Words

    /// A field's label: the schema's, else its name in words (`training_hours` → "Training
    /// hours").
    package static func label(_ name: String, _ spec: FieldSpec) -> String {
        if let label = spec.label { return label }
        // A name that is its unit's abbreviation reads as the unit spells it: `fte` in FTE
        // is "FTE", not "Fte".
        if let unit = spec.unit, unit.lowercased() == name.lowercased() { return unit }
        return words(name)
    }

    /// A snake_case name in words, first letter capital.
    package static func words(_ name: String) -> String {
        let spaced = name.replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    /// The hint under an input: its description, unit and bounds.
    static func hint(_ spec: FieldSpec) -> String {
        var parts: [String] = []
        if let description = spec.description { parts.append(description) }
        var bounds: [String] = []
        if let unit = spec.unit { bounds.append("In \(unit).") }
        switch (spec.minimum, spec.maximum) {
        case (let low?, let high?):
            bounds.append("From \(NumberFormat.count(low)) to \(NumberFormat.count(high)).")
        case (let low?, nil): bounds.append("At least \(NumberFormat.count(low)).")
        case (nil, let high?): bounds.append("At most \(NumberFormat.count(high)).")
        default: break
        }
        if spec.type == .date { bounds.append("A date, such as 2026-06-30.") }
        if spec.nullable { bounds.append("Leave it blank if not known.") }
        return (parts + bounds).joined(separator: " ")
    }

    /// An HTML id for a path: letters, digits and hyphens.
    package static func id(_ path: String) -> String {
        "f-" + String(path.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func itemHeading(_ word: String, index: Int, record: AnswerRecord, spec: FieldSpec)
        -> String
    {
        let base = word.prefix(1).uppercased() + word.dropFirst() + " \(index + 1)"
        if let nameField = spec.itemLabel, case .text(let name)? = record[nameField] {
            return base + ": " + name
        }
        return base
    }

    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}

extension String {
    /// The text with its first letter lower-cased ("Peer worker 2" → "peer worker 2").
    var lowercasedFirst: String {
        prefix(1).lowercased() + dropFirst()
    }
}
