import CEL
import SourceDiagnostics

/// `readiness check`: everything a rule set's author should fix or look at. Errors are what
/// loading reports (YAML, structure, references, CEL parse and type errors); warnings are
/// parameters never used, schema fields no rule reads, domains without rules, and rules no
/// test covers.
public enum RuleSetCheck {
    /// The findings: errors (the rule set cannot be used) and warnings.
    public struct Findings: Sendable {
        /// What makes the rule set unusable.
        public var errors: [Diagnostic]
        /// What its author should look at.
        public var warnings: [Diagnostic]
    }

    /// Checks a rule set folder and its tests.
    public static func run(
        folder: String, tailoringPath: String? = nil, limits: InputLimits = .default
    ) -> Findings {
        let compiled: CompiledRuleSet
        do {
            compiled = try CompiledRuleSet.load(
                folder: folder, tailoringPath: tailoringPath, limits: limits)
        } catch {
            return Findings(
                errors: error.diagnostics.filter { $0.severity == .error },
                warnings: error.diagnostics.filter { $0.severity != .error })
        }
        var warnings: [Diagnostic] = []
        let ruleSet = compiled.ruleSet
        // Parameters never used: no expression, title or gap message names them.
        var texts: [String] = []
        for rule in ruleSet.rules {
            texts +=
                [rule.title, rule.gap ?? ""] + rule.values.map(\.expression.text) + [
                    rule.appliesIf?.text ?? ""
                ]
            switch rule.check {
            case .require(let expression), .grade(let expression), .rate(let expression):
                texts.append(expression.text)
            case .measure(let measure): texts += [measure.each.text, measure.meets.text]
            }
        }
        let allText = texts.joined(separator: "\n")
        for parameter in ruleSet.parameters where !allText.contains("params.\(parameter.name)") {
            warnings.append(
                Diagnostic(
                    .warning, code: "check.unused-parameter",
                    message: "the parameter `\(parameter.name)` is not used by any rule",
                    at: parameter.range,
                    help: "use it as `params.\(parameter.name)` in a rule, or remove it"))
        }
        // Schema fields no rule reads.
        // A list's item label is read by every report that names an item; a field a rule
        // tests the presence of (`has()`) is used too.
        let reads = Set(compiled.rules.flatMap { $0.reads + $0.presenceTests }).union(
            itemLabels(ruleSet.schema, prefix: ""))
        for (path, spec) in leaves(ruleSet.schema, prefix: "")
        where !reads.contains(path) && !reads.contains(where: { $0.hasPrefix(path + ".") }) {
            warnings.append(
                Diagnostic(
                    .warning, code: "check.unread-field",
                    message: "no rule reads the schema field `\(path)`", at: spec.range,
                    help: "write a rule that uses it, or remove it so profiles are not asked for it"
                ))
        }
        // Gap-message values that read optional fields the rule's condition does not.
        let specs = Dictionary(
            leaves(ruleSet.schema, prefix: ""), uniquingKeysWith: { first, _ in first })
        for rule in compiled.rules {
            for (name, paths) in rule.valueOnlyReads {
                for path in paths {
                    guard let spec = specs[path], !spec.required else { continue }
                    warnings.append(
                        Diagnostic(
                            .warning, code: "check.value-reads-optional",
                            message:
                                "the value `\(name)` of rule `\(rule.rule.id)` reads `\(path)`, which a profile may leave out and the rule's condition does not read",
                            at: rule.rule.values.first { $0.name == name }?.expression.range,
                            help:
                                "where it is missing the gap message says \"not known\"; make the field required, or read it in the condition too"
                        ))
                }
            }
        }
        // Fields whose `~` means none, read by a rule that never compares them with null: a
        // profile answering none makes the rule end in error.
        for rule in compiled.rules {
            let text = rule.rule.expressions.map(\.text).joined(separator: "\n")
            for path in rule.reads where specs[path]?.nullable == true {
                let tested = [
                    "\(path) != null", "\(path) == null", "null != \(path)", "null == \(path)",
                ]
                .contains { text.contains($0) }
                guard !tested else { continue }
                warnings.append(
                    Diagnostic(
                        .warning, code: "check.nullable-unguarded",
                        message:
                            "rule `\(rule.rule.id)` reads `\(path)`, whose `~` means none, without comparing it with null",
                        at: SourceRange(start: rule.rule.range.start),
                        help:
                            "a profile answering none would make the rule end in error: write `\(path) != null && …`"
                    ))
            }
        }
        for domain in ruleSet.domains
        where !ruleSet.rules.contains(where: { $0.domain == domain.id }) {
            warnings.append(
                Diagnostic(
                    .warning, code: "check.empty-domain",
                    message: "the domain `\(domain.id)` has no rules", at: domain.range,
                    help: "add rules to it, or remove it"))
        }
        // Rules no test covers.
        let testFiles = RuleTestDecoder.files(forRuleSet: folder)
        do {
            let tests =
                try RuleTestDecoder.load(files: testFiles, ruleSet: compiled, limits: limits)
                + RuleTestDecoder.loadInherited(ruleSet: compiled, limits: limits)
            let mentioned = Set(tests.flatMap { $0.outcomes.map(\.rule.value) })
            for rule in ruleSet.rules where !mentioned.contains(rule.id) {
                warnings.append(
                    Diagnostic(
                        .warning, code: "check.untested-rule",
                        message: "no test checks the outcome of rule `\(rule.id)`",
                        at: SourceRange(start: rule.range.start),
                        help:
                            "add tests in \(folder)/tests/ that make it pass and fail (see docs/testing-rules.md)"
                    ))
            }
        } catch {
            return Findings(errors: error.diagnostics, warnings: warnings)
        }
        return Findings(errors: [], warnings: warnings)
    }

    /// The paths of the fields that name list items (`peer_workers[].name`).
    private static func itemLabels(_ object: ObjectSpec, prefix: String) -> [String] {
        object.fields.flatMap { field -> [String] in
            let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
            switch field.spec.type {
            case .object(let inner): return itemLabels(inner, prefix: path)
            case .list(let item):
                let own = field.spec.itemLabel.map { ["\(path)[].\($0)"] } ?? []
                if case .object(let inner) = item.type {
                    return own + itemLabels(inner, prefix: path + "[]")
                }
                return own
            default: return []
            }
        }
    }

    private static func leaves(_ object: ObjectSpec, prefix: String) -> [(String, FieldSpec)] {
        object.fields.flatMap { field -> [(String, FieldSpec)] in
            let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
            switch field.spec.type {
            case .object(let inner): return leaves(inner, prefix: path)
            case .list(let item):
                if case .object(let inner) = item.type { return leaves(inner, prefix: path + "[]") }
                return [(path, field.spec)]
            default: return [(path, field.spec)]
            }
        }
    }
}
