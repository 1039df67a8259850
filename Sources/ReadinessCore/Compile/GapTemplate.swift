import CEL
import SourceDiagnostics

/// Gap messages with `{{ name }}` placeholders: `unmet`, `met`, `total`, `unknown`, `failing`
/// and `percent` (of a `measure` rule), `level` and `rating` (of a `rate` rule: "Adequate",
/// "2"), `score`, `params.NAME`, and the rule's own named
/// `values`. A number can be given a format after a bar: `{{ mean | round(1) }}` (exactly one
/// decimal), `{{ share | percent }}` (a share 0 to 1 as a whole percentage, or with
/// `percent(1)` one decimal).
enum GapTemplate {
    /// The values every gap message has.
    static let scoreValues = ["score"]
    /// Those a `measure` rule's message has.
    static let measureValues = ["unmet", "met", "total", "unknown", "failing", "percent"]
    /// Those a `rate` rule's message has.
    static let rateValues = ["level", "rating"]

    /// The values a rule's gap message may name, besides parameters: its own `values`, the
    /// score, and those of its kind of check.
    static func builtins(for rule: Rule) -> [String] {
        switch rule.check {
        case .measure: scoreValues + measureValues
        case .rate: scoreValues + rateValues
        case .require, .grade: scoreValues
        }
    }

    /// How a placeholder shows a number.
    enum Format: Equatable {
        /// Exactly this many decimals.
        case round(Int)
        /// A share (0 to 1) as a percentage with this many decimals.
        case percent(Int)

        /// The forms, for messages.
        static let forms = "`round(N)` (N decimals, 0 to 6), `percent` or `percent(N)`"

        /// Reads `round(1)`, `percent`, `percent(1)`; `nil` for anything else.
        init?(_ text: Substring) {
            let trimmed = text.trimmingWhitespace(newlines: false)
            func places(after prefix: String) -> Int? {
                guard trimmed.hasPrefix(prefix + "("), trimmed.hasSuffix(")") else { return nil }
                let inner = trimmed.dropFirst(prefix.count + 1).dropLast()
                guard let count = Int(inner.trimmingWhitespace(newlines: false)),
                    (0...6).contains(count)
                else { return nil }
                return count
            }
            if trimmed == "percent" {
                self = .percent(0)
            } else if let count = places(after: "percent") {
                self = .percent(count)
            } else if let count = places(after: "round") {
                self = .round(count)
            } else {
                return nil
            }
        }

        func apply(_ number: Double) -> String {
            switch self {
            case .round(let places): NumberFormat.fixed(number, places: places)
            case .percent(let places): NumberFormat.fixed(number * 100, places: places) + "%"
            }
        }
    }

    /// One placeholder: the name, and the format text after a bar (`nil` without one).
    struct Placeholder {
        let name: String
        let format: Substring?

        init(_ inner: Substring) {
            if let bar = inner.firstIndex(of: "|") {
                name = String(inner[..<bar].trimmingWhitespace(newlines: false))
                format = inner[inner.index(after: bar)...]
            } else {
                name = String(inner.trimmingWhitespace(newlines: false))
                format = nil
            }
        }
    }

    /// The placeholders in a template.
    static func placeholders(_ template: String) -> [Placeholder] {
        var found: [Placeholder] = []
        var rest = Substring(template)
        while let open = rest.firstRange(ofBytes: "{{") {
            guard let close = rest[open.upperBound...].firstRange(ofBytes: "}}") else { break }
            found.append(Placeholder(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func validate(_ rule: Rule, ruleSet: RuleSet, bag: inout DiagnosticBag) {
        guard let gap = rule.gap else { return }
        let known =
            builtins(for: rule) + ruleSet.parameters.map { "params.\($0.name)" }
            + rule.values.map(\.name)
        for placeholder in placeholders(gap) {
            let name = placeholder.name
            if !known.contains(name) {
                // A value another kind of rule has would print as written: say which has it.
                let why =
                    measureValues.contains(name)
                    ? "which only `measure` rules have"
                    : rateValues.contains(name)
                        ? "which only `rate` rules have"
                        : "which names nothing" + Suggestion.didYouMean(name, among: known)
                bag.append(
                    Diagnostic(
                        .error, code: "rule.gap-placeholder",
                        message:
                            "the gap message of rule `\(rule.id)` uses `{{ \(name) }}`, \(why)",
                        at: rule.range,
                        help:
                            "use one of: \(known.joined(separator: ", ")), or define it under the rule's `values:`"
                    ))
            }
            if let format = placeholder.format, Format(format) == nil {
                bag.append(
                    Diagnostic(
                        .error, code: "rule.gap-format",
                        message:
                            "the gap message of rule `\(rule.id)` formats `\(name)` as `\(format.trimmingWhitespace(newlines: false))`, which is not a number format",
                        at: rule.range,
                        help: "write `{{ \(name) | round(1) }}`; the formats are \(Format.forms)"))
            }
        }
    }

    /// A placeholder's value: the text a message shows, and the number behind it where there
    /// is one (for a format: `percent` shows "25%" and holds 0.25).
    struct Value {
        let text: String
        let number: Double?

        init(text: String, number: Double? = nil) {
            self.text = text
            self.number = number
        }

        /// A value as messages show it, with its number.
        init(_ value: CELValue) {
            self.init(text: GapTemplate.display(value), number: GapTemplate.number(value))
        }
    }

    /// The parameters as messages and titles show them, by placeholder (`params.min_hours`).
    static func parameterValues(_ parameters: [Parameter]) -> [String: Value] {
        Dictionary(
            parameters.map { ("params.\($0.name)", Value($0.value)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Fills the placeholders with their values: the text, or where a placeholder has a
    /// format, the number formatted (a value that is not a number, such as "not known", is
    /// shown as its text). A placeholder with no value is left as written.
    static func render(_ template: String, values: (String) -> Value?) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstRange(ofBytes: "{{"),
            let close = rest[open.upperBound...].firstRange(ofBytes: "}}")
        {
            out += rest[..<open.lowerBound]
            let placeholder = Placeholder(rest[open.upperBound..<close.lowerBound])
            let value = values(placeholder.name)
            if let format = placeholder.format.flatMap(Format.init),
                let number = value?.number
            {
                out += format.apply(number)
            } else {
                out += value?.text ?? "{{ \(placeholder.name) }}"
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The number a value holds, for a format; `nil` for anything else.
    static func number(_ value: CELValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .uint(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    /// A value as a gap message shows it: text without quotes, whole numbers without `.0`.
    static func display(_ value: CELValue) -> String {
        switch value {
        case .string(let text): return text
        case .double(let number): return NumberFormat.count(number)
        case .timestamp(let time): return String(time.rfc3339.prefix(10))
        case .list(let items): return items.map(display).joined(separator: ", ")
        // A value a message names but the profile leaves out: plain words, never an error's
        // text.
        case .error(let error) where error.missingField != nil: return "not known"
        case .error: return "not worked out"
        // An answer of none (a field whose `~` means none).
        case .null: return "none"
        default: return value.debugText
        }
    }
}
