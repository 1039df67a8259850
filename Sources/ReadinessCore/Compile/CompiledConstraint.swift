import CEL
import SourceDiagnostics
import YAMLNode

/// A profile constraint, compiled: its condition (and list) planned once, checked for every
/// profile read against the rule set.
struct CompiledConstraint: Sendable {
    let constraint: Constraint
    let require: Program
    let each: Program?
    /// The item variable's position in the layout, for `each`.
    let position: Int
    /// The list's path in the profile (`peer_workers`), when `each` is a plain path.
    let eachPath: String?

    /// Compiles a constraint: `require` must give a bool, `each` a list, `at` a schema field.
    static func compile(
        _ constraint: Constraint, ruleSet: RuleSet, environment: Environment,
        options: ProgramOptions, bag: inout DiagnosticBag
    ) -> CompiledConstraint? {
        var itemEnvironment = environment
        var each: Program?
        var itemSpec: FieldSpec?
        let eachPath = constraint.each.map { String($0.text.trimmingWhitespace()) }.flatMap {
            text in MissingData.steps(text) != nil ? text : nil
        }
        if let expression = constraint.each {
            each = ExpressionCompiler.compileAny(
                expression, environment: environment, options: options, bag: &bag)
            guard let each else { return nil }
            guard case .list(let element) = each.resultType else {
                bag.append(
                    Diagnostic(
                        .error, code: "rule.type",
                        message:
                            "the `each` of a constraint must give a list, but gives \(each.resultType)",
                        at: SourceRange(start: expression.locate(0))))
                return nil
            }
            itemEnvironment.declare(constraint.variable, element)
            if let eachPath, let steps = MissingData.steps(eachPath),
                case .list(let item) = MissingData.spec(at: steps, in: ruleSet.schema)?.type
            {
                itemSpec = item
            }
        }
        guard
            let require = ExpressionCompiler.compileBool(
                constraint.require, what: "the `require` of a constraint",
                environment: itemEnvironment, options: options, bag: &bag)
        else { return nil }
        // `at` names a field of the profile (or of the item): checked where it can be.
        let schema: ObjectSpec? =
            constraint.each == nil
            ? ruleSet.schema
            : {
                if case .object(let object) = itemSpec?.type { return object } else { return nil }
            }()
        if let schema {
            let steps = MissingData.steps(constraint.at.value)
            if steps == nil || MissingData.spec(at: steps ?? [], in: schema) == nil {
                bag.append(
                    Diagnostic(
                        .error, code: "decode.unknown-reference",
                        message:
                            "the `at` of a constraint, `\(constraint.at.value)`, is not a field of the \(constraint.each == nil ? "profile" : "list's items")",
                        at: constraint.at.range,
                        help: "name the field a violation should be reported at"))
                return nil
            }
        }
        let position =
            options.layout.firstIndex(of: constraint.variable) ?? options.layout.count
        return CompiledConstraint(
            constraint: constraint, require: require, each: each, position: position,
            eachPath: eachPath)
    }

    /// The instance paths where a profile breaks the constraint (`staff.readiness_trained`,
    /// `peer_workers[2].supervision.hours_received`). Missing data breaks nothing: what is not
    /// known cannot be implausible.
    func violations(in scope: Scope) -> [String] {
        guard let each else {
            return Self.isFalse(require.evaluate(in: scope)) ? [constraint.at.value] : []
        }
        guard case .list(let items) = each.evaluate(in: scope) else { return [] }
        var broken: [String] = []
        var index = 0
        require.evaluateEach(items, binding: position, in: scope) { value in
            if Self.isFalse(value) {
                broken.append("\(eachPath ?? "item")[\(index)].\(constraint.at.value)")
            }
            index += 1
            return true
        }
        return broken
    }

    private static func isFalse(_ value: CELValue) -> Bool {
        if case .bool(false) = value { return true }
        return false
    }
}

extension CompiledRuleSet {
    /// Checks a profile against the rule set's constraints.
    ///
    /// - Throws: ``DiagnosticError`` naming each field that breaks one, at its position in the
    ///   profile's file, with the constraint's message.
    public func checkConstraints(_ profile: Profile) throws(DiagnosticError) {
        guard !constraints.isEmpty else { return }
        try checkConstraints(profile, in: Evaluator(self, describes: false).scope(for: profile))
    }

    /// Checks a profile against the rule set's constraints in a scope of its values already
    /// made (``Evaluator/scope(for:asOf:)``), as a batch does once for constraints and rules.
    ///
    /// - Throws: ``DiagnosticError`` as ``checkConstraints(_:)``.
    public func checkConstraints(_ profile: Profile, in scope: Scope) throws(DiagnosticError) {
        guard !constraints.isEmpty else { return }
        var broken: [(path: String, constraint: Constraint)] = []
        for constraint in constraints {
            for path in constraint.violations(in: scope) {
                broken.append((path, constraint.constraint))
            }
        }
        guard !broken.isEmpty else { return }
        // Positions only now, for the message, from the bytes the profile was decoded from:
        // its tree is not kept while it is assessed, and its file is not read again.
        let root = profile.sourceBytes.flatMap { bytes in
            try? limits.loader.loadDocument(SourceFile(path: profile.path, bytes: bytes))
        }
        var bag = DiagnosticBag()
        for (path, constraint) in broken {
            var node = root
            for step in MissingData.steps(path) ?? [] {
                switch step {
                case .field(let name): node = node?[name]
                case .index(let index):
                    node = node?.sequence.flatMap { index < $0.count ? $0[index] : nil }
                }
            }
            let value = node.flatMap { $0.scalar?.text }.map { " is \($0)" } ?? ""
            bag.append(
                Diagnostic(
                    .error, code: "profile.constraint",
                    message: "`\(path)`\(value): \(constraint.message)",
                    at: node?.range, path: profile.path,
                    help:
                        "check the answer against the others it must agree with (\(constraint.require.text.trimmingWhitespace()))"
                ))
        }
        try bag.throwIfErrors()
    }
}
