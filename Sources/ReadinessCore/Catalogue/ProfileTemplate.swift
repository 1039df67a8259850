/// A fill-in profile generated from a rule set's schema: every field with its description,
/// type, unit and allowed values as comments, and a `<placeholder>` that fails validation
/// until it is replaced.
public enum ProfileTemplate {
    /// Whether a value is still a template placeholder (`<int>`, `<YYYY-MM-DD>`, ...).
    public static func isPlaceholder(_ text: String) -> Bool {
        text.hasPrefix("<") && text.hasSuffix(">") && text.count > 2
    }

    /// The template for a rule set. With `schema`, the location of the profile's JSON Schema
    /// (``ProfileJSONSchema``), it starts with the line that points editors at it.
    public static func render(_ ruleSet: RuleSet, schema: String? = nil) -> String {
        var out = schema.map { ProfileJSONSchema.modeline($0) + "\n" } ?? ""
        out += """
            # Self-assessment profile for: \(ruleSet.metadata.title) (\(ruleSet.metadata.id) \(ruleSet.metadata.version))
            #
            # Replace every <placeholder> with your organisation's answer, then run
            #   readiness assess this-file.yaml
            # Fields marked REQUIRED must be answered. Any other field you cannot answer yet may be
            # set to ~ ("not known"): the report lists it under "Data to collect" instead of guessing.
            # Write dates as YYYY-MM-DD and yes/no answers as true or false.
            \(schema.map { editorNote($0) } ?? "")
            assessment:
              organisation: <organisation name>  # REQUIRED
              as_of: <YYYY-MM-DD>  # REQUIRED: the date your answers describe
              assessor: <your name or role>

            """
        if !ruleSet.schema.headerFields.isEmpty {
            // The fields the rule set adds to the header, inside it.
            for (name, spec) in ruleSet.schema.headerFields {
                out += render(name: name, spec: spec, indent: "  ")
            }
        }
        guard let raters = ruleSet.schema.raters else {
            for field in ruleSet.schema.fields {
                out += "\n"
                out += render(name: field.name, spec: field.spec, indent: "")
            }
            return out
        }
        // Several raters: the questions answered once first, then one entry a respondent with
        // the statements they rate (described in full for the first only).
        for field in ProfileDecoder.withoutRatings(ruleSet.schema).fields {
            out += "\n"
            out += render(name: field.name, spec: field.spec, indent: "")
        }
        let roles = raters.roles.isEmpty ? ["<role>"] : raters.roles
        out += """

            # Each respondent rates the statements on their own; rules see the \(raters.combine.words)
            # of their ratings, and the report shows where two are \(raters.disagreement) or more levels apart.
            # Copy an entry for each further respondent; leave out a statement someone cannot rate.
            respondents:

            """
        let statements = ProfileDecoder.ratingsOnly(ruleSet.schema).fields
        for (index, role) in roles.enumerated() {
            out +=
                "  - role: \(role)\(raters.roles.isEmpty ? "  # REQUIRED: e.g. leadership" : "")\n"
            out += "    # name: <their name, if you wish>\n"
            out += "    answers:\n"
            for field in statements {
                out += render(
                    name: field.name, spec: field.spec, indent: "      ", comments: index == 0)
            }
        }
        return out
    }

    /// What the first line is for, for whoever opens the file in a plain editor.
    private static func editorNote(_ schema: String) -> String {
        """
        # The first line lets editors (VS Code, Neovim…) check and complete your answers as you
        # type, from \(schema) beside this file: leave it in.

        """
    }

    private static func render(name: String, spec: FieldSpec, indent: String, comments: Bool = true)
        -> String
    {
        var out = comments ? comment(spec, indent: indent) : ""
        switch spec.type {
        case .object(let object):
            out += "\(indent)\(name):\n"
            for field in object.fields {
                out += render(
                    name: field.name, spec: field.spec, indent: indent + "  ", comments: comments)
            }
        case .list(let item):
            switch item.type {
            case .object(let object):
                out += "\(indent)\(name):\(spec.required ? "" : "")\n"
                out +=
                    "\(indent)  # One entry per item; copy the entry for each. If there are none, write `\(name): []`.\n"
                var first = true
                for field in object.fields {
                    let block = render(name: field.name, spec: field.spec, indent: indent + "    ")
                    if first {
                        // The first field opens the list entry with "- ".
                        let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
                        let comments = lines.prefix {
                            $0.trimmingWhitespace(newlines: false).hasPrefix("#")
                        }
                        out += comments.map { $0 + "\n" }.joined()
                        let rest = lines.dropFirst(comments.count).joined(separator: "\n")
                        out += indent + "  - " + rest.dropFirst(indent.count + 4)
                        if !rest.hasSuffix("\n") { out += "\n" }
                        first = false
                    } else {
                        out += block
                    }
                }
            default:
                out += "\(indent)\(name):\n"
                out +=
                    "\(indent)  # A list, one item a line (or `\(name): []` for none). Each item: \(describe(item))\n"
                out += "\(indent)  - \(placeholder(item))\n"
            }
        default:
            out += "\(indent)\(name): \(placeholder(spec))\n"
        }
        return out
    }

    private static func comment(_ spec: FieldSpec, indent: String) -> String {
        if case .rating(let scale) = spec.type {
            // The statement, then each level on a line of its own, so whoever rates reads the
            // whole scale before answering.
            var out = spec.description.map { wrap($0, indent: indent + "# ") } ?? ""
            for level in scale.levels {
                out += wrap(
                    "\(level.level) \(level.label)"
                        + (level.description.map { " — \($0.trimmingWhitespace())" } ?? ""),
                    indent: indent + "#   ")
            }
            return out
                + wrap(
                    describe(spec) + (spec.required ? " REQUIRED" : ""), indent: indent + "#   ")
        }
        var parts: [String] = []
        if let description = spec.description { parts.append(description) }
        switch spec.type {
        case .object, .list: break
        default: parts.append(describe(spec))
        }
        if spec.nullable { parts.append("Write ~ for none (leave the line out if not known).") }
        if spec.required { parts.append("REQUIRED") }
        guard !parts.isEmpty else { return "" }
        return wrap(parts.joined(separator: " "), indent: indent + "# ")
    }

    static func describe(_ spec: FieldSpec) -> String {
        var text: String
        switch spec.type {
        case .string:
            text = spec.allowedValues.map { "One of: \($0.joined(separator: ", "))." } ?? "Text."
        case .int: text = "A whole number"
        case .number: text = "A number"
        case .bool: text = "true or false."
        case .date: text = "A date, YYYY-MM-DD."
        case .rating(let scale):
            text = "Rate it \(scale.lowest) to \(scale.highest): the number or the label."
        case .list: text = "A list."
        case .object: text = "A record."
        }
        if case .int = spec.type { text += bounds(spec) }
        if case .number = spec.type { text += bounds(spec) }
        return text
    }

    private static func bounds(_ spec: FieldSpec) -> String {
        var text = ""
        if let unit = spec.unit { text += " (\(unit))" }
        switch (spec.minimum, spec.maximum) {
        case (let low?, let high?):
            text += ", \(RuleDecoder.format(low)) to \(RuleDecoder.format(high))"
        case (let low?, nil): text += ", at least \(RuleDecoder.format(low))"
        case (nil, let high?): text += ", at most \(RuleDecoder.format(high))"
        default: break
        }
        return text + "."
    }

    private static func placeholder(_ spec: FieldSpec) -> String {
        switch spec.type {
        case .string:
            spec.allowedValues.map { "<one of \($0.joined(separator: ", "))>" } ?? "<text>"
        case .int: "<whole number>"
        case .number: "<number>"
        case .bool: "<true or false>"
        case .date: "<YYYY-MM-DD>"
        case .rating(let scale): "<\(scale.lowest) to \(scale.highest)>"
        case .list: "<list>"
        case .object: "<record>"
        }
    }

    private static func wrap(_ text: String, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > 96 && line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
