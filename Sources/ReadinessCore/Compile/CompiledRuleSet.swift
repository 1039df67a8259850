import CEL
import SourceDiagnostics

/// A rule set whose every expression has been parsed, type-checked against the profile schema
/// and the parameters, and planned, once, when it loaded.
///
/// Immutable, and a class so that handing it on (to an evaluator, into every assessment of a
/// batch) counts one reference rather than one per field of the rule set.
public final class CompiledRuleSet: Sendable {
    /// The rule set as decoded (after tailoring, if any).
    public let ruleSet: RuleSet
    /// The compiled rules, in rule set order.
    public let rules: [CompiledRule]
    /// The tailoring applied, if any.
    public let tailoring: Tailoring?
    /// The rule files and tailoring with their SHA-256, taken once at load.
    public let inputs: [Assessment.Input]
    /// The limits the rule set was compiled within; profiles assessed against it are read and
    /// its rules evaluated within them too.
    public let limits: InputLimits
    /// The parameter values as the `params` map, built once.
    public let parameterValues: CELValue
    /// Every variable a rule can read, in one order: the profile's top-level fields, then
    /// `params` and `as_of`, then the item names of `measure` rules (`w`) not among those.
    /// Every program is planned with this layout (``ProgramOptions/layout``), so a profile's
    /// values are laid out once, in one ``Scope`` (``Evaluator/scope(for:asOf:)``), for all.
    public let variables: [String]
    /// Where each of ``variables`` takes its value from, worked out once: laying a profile's
    /// values out compared every name with `params` and `as_of` for every profile.
    let variableSources: [VariableSource]
    /// Each rule's domain as a position in ``RuleSet/domains`` (-1 for none), in rule order:
    /// scoring looks it up by position, not by comparing ids, for every profile.
    public let domainPositions: [Int]
    /// The conditions of actions' conditional prerequisites, compiled.
    let actionConditions: [ActionCondition]
    /// The profile constraints, compiled.
    let constraints: [CompiledConstraint]
    /// The parameters as gap messages show them, by placeholder (`params.min_hours`): the
    /// same for every message, so worked out once.
    let parameterPlaceholders: [String: GapTemplate.Value]
    /// The words of every path a result can show as evidence, as far as the schema decides
    /// them: the same for every report, so worked out once (they were a tenth of a web
    /// submission's time).
    let evidenceWords: [String: FieldWords.PreparedPath]
    /// Readers of profiles against the schema, lent one at a time.
    let profileReaders: ProfileReaderPool

    /// Where a variable's value comes from.
    enum VariableSource {
        /// The rule set's parameters (`params`).
        case parameters
        /// The assessment date (`as_of`).
        case asOf
        /// The profile's top-level field of that name, with the name's
        /// ``CEL/CELMap/fingerprint(_:)`` (or an item name, bound by its rule).
        case field(String, fingerprint: UInt64)
    }

    init(
        ruleSet: RuleSet, rules: [CompiledRule], tailoring: Tailoring?,
        inputs: [Assessment.Input], limits: InputLimits, parameterValues: CELValue,
        variables: [String], actionConditions: [ActionCondition],
        constraints: [CompiledConstraint] = []
    ) {
        self.actionConditions = actionConditions
        self.constraints = constraints
        self.ruleSet = ruleSet
        self.rules = rules
        self.tailoring = tailoring
        self.inputs = inputs
        self.limits = limits
        self.parameterValues = parameterValues
        self.variables = variables
        variableSources = variables.map { name in
            switch name {
            case "params": .parameters
            case "as_of": .asOf
            default: .field(name, fingerprint: CELMap.fingerprint(name))
            }
        }
        domainPositions = Scores.domainPositions(ruleSet)
        parameterPlaceholders = GapTemplate.parameterValues(ruleSet.parameters)
        var evidenceWords: [String: FieldWords.PreparedPath] = [:]
        for rule in rules {
            for read in rule.evidenceReads where evidenceWords[read.text] == nil {
                evidenceWords[read.text] = FieldWords.PreparedPath(
                    read.text, schema: ruleSet.schema)
            }
        }
        self.evidenceWords = evidenceWords
        profileReaders = ProfileReaderPool(schema: ruleSet.schema, limits: limits)
    }

    /// Loads, validates and compiles a rule set folder, optionally tailored.
    ///
    /// - Throws: ``DiagnosticError`` with every problem found: YAML, structure, references,
    ///   and CEL parse and type errors at the expression's position in its file.
    public static func load(
        folder: String, tailoringPath: String? = nil, limits: InputLimits = .default
    ) throws(DiagnosticError) -> CompiledRuleSet {
        try load(folder: folder, memory: nil, tailoringPath: tailoringPath, limits: limits)
    }

    /// Loads, validates and compiles a rule set held in memory: `files` by path (their folder
    /// is `folder`; `extends` looks among them too), nothing read from disk but the tailoring
    /// when one is named.
    ///
    /// - Throws: ``DiagnosticError`` as ``load(folder:tailoringPath:limits:)``, at the given
    ///   paths.
    public static func load(
        files: RuleSetDecoder.Files, folder: String, tailoringPath: String? = nil,
        limits: InputLimits = .default
    ) throws(DiagnosticError) -> CompiledRuleSet {
        try load(folder: folder, memory: files, tailoringPath: tailoringPath, limits: limits)
    }

    private static func load(
        folder: String, memory: RuleSetDecoder.Files?, tailoringPath: String?,
        limits: InputLimits
    ) throws(DiagnosticError) -> CompiledRuleSet {
        var (ruleSet, problems) = try RuleSetDecoder.loadCollecting(
            folder: folder, loader: limits.loader, memory: memory)
        guard !problems.contains(where: { $0.severity == .error }) else {
            // Still type-check what decoded, so one run reports structure and CEL errors; unless
            // a file could not be read, when its fields and functions would be reported unknown.
            let unreadable = problems.contains {
                $0.code.rawValue.hasPrefix("file.") || $0.code.rawValue.hasPrefix("yaml.")
            }
            if !unreadable { problems += compileDiagnostics(ruleSet, limits: limits) }
            throw DiagnosticError(problems)
        }
        var tailoring: Tailoring?
        if let tailoringPath {
            let loaded = try TailoringDecoder.load(
                path: tailoringPath, ruleSet: ruleSet, limits: limits)
            ruleSet = loaded.apply(to: ruleSet)
            tailoring = loaded
        }
        return try compile(ruleSet, tailoring: tailoring, limits: limits)
    }

    /// This rule set tailored by a tailoring held in memory (a funder's contract, uploaded):
    /// checked and applied as `--tailoring` does, `name` standing for its path.
    ///
    /// - Throws: ``DiagnosticError`` as ``TailoringDecoder/decode(_:name:ruleSet:limits:)``,
    ///   or a `tailoring.twice` error when this rule set is tailored already.
    public func tailored(bytes: [UInt8], name: String) throws(DiagnosticError) -> CompiledRuleSet {
        guard tailoring == nil else {
            throw DiagnosticError([
                Diagnostic(
                    .error, code: "tailoring.twice",
                    message:
                        "the rule set is tailored already; a tailoring applies to the rule set as written",
                    path: name)
            ])
        }
        let loaded = try TailoringDecoder.decode(
            bytes, name: name, ruleSet: ruleSet, limits: limits)
        return try Self.compile(loaded.apply(to: ruleSet), tailoring: loaded, limits: limits)
    }

    private static func compileDiagnostics(_ ruleSet: RuleSet, limits: InputLimits)
        -> [Diagnostic]
    {
        do {
            _ = try compile(ruleSet, limits: limits)
            return []
        } catch {
            // Cross-reference errors were already reported by the decoder.
            return error.diagnostics.filter {
                $0.code.rawValue.hasPrefix("cel.") || $0.code.rawValue.hasPrefix("rule.")
            }
        }
    }

    /// Compiles a decoded rule set within `limits`.
    public static func compile(
        _ ruleSet: RuleSet, tailoring: Tailoring? = nil, limits: InputLimits = .default
    ) throws(DiagnosticError) -> CompiledRuleSet {
        var bag = DiagnosticBag()
        let environment = environment(for: ruleSet, limits: limits)
        // `params` and `as_of` shadow profile fields of the same names, as in the environment.
        var variables =
            ruleSet.schema.fields.map(\.name).filter { $0 != "params" && $0 != "as_of" }
            + ["params", "as_of"]
        for rule in ruleSet.rules {
            if case .measure(let measure) = rule.check, !variables.contains(measure.variable) {
                variables.append(measure.variable)
            }
        }
        for constraint in ruleSet.constraints
        where constraint.each != nil && !variables.contains(constraint.variable) {
            variables.append(constraint.variable)
        }
        let parameterValues = CELValue.map(
            CELMap(ruleSet.parameters.map { ($0.name, $0.value) }))
        var options = limits.programOptions()
        options.layout = variables
        // Parameters are fixed once the rule set is compiled: `params.x` is planned as its value.
        options.constants = ["params": parameterValues]
        // The schema's own strings, which key the maps profiles are decoded into.
        options.fieldNames = ruleSet.schema.allFieldNames
        // Each definition on its own, so a problem in one is shown once, where it is written,
        // and not again at every rule that uses it.
        var broken: [String: [Diagnostic]] = [:]
        for definition in ruleSet.definitions {
            var own = DiagnosticBag()
            if ExpressionCompiler.compileAny(
                definition.expression, environment: environment, options: options, bag: &own)
                == nil
            {
                broken[definition.name] = own.diagnostics
            }
        }
        for definition in ruleSet.definitions {
            // A definition broken only through another it uses says nothing of its own.
            if let problems = broken[definition.name],
                definition.expression.definitionsUsed.allSatisfy({ broken[$0] == nil })
            {
                bag.append(contentsOf: problems)
            }
        }
        var rules: [CompiledRule] = []
        for rule in ruleSet.rules {
            var own = DiagnosticBag()
            if let compiled = CompiledRule.compile(
                rule, ruleSet: ruleSet, environment: environment, options: options, bag: &own)
            {
                rules.append(compiled)
            }
            let usesBroken = rule.expressions.contains {
                $0.definitionsUsed.contains { broken[$0] != nil }
            }
            if !usesBroken { bag.append(contentsOf: own.diagnostics) }
        }
        let constraints = ruleSet.constraints.compactMap { constraint in
            CompiledConstraint.compile(
                constraint, ruleSet: ruleSet, environment: environment, options: options,
                bag: &bag)
        }
        var conditions: [ActionCondition] = []
        for action in ruleSet.actions {
            for dependency in action.conditionalDependsOn {
                if let program = ActionCondition.compile(
                    dependency.when, of: action.id, environment: environment, options: options,
                    bag: &bag)
                {
                    conditions.append(
                        ActionCondition(
                            action: action.id, dependency: dependency.action.value,
                            program: program))
                }
            }
        }
        try bag.throwIfErrors()
        var inputs = ruleSet.files.map {
            Assessment.Input(role: "rules", path: $0, sha256: ruleSet.fileDigests[$0] ?? "")
        }
        if let tailoring {
            inputs.append(
                Assessment.Input(
                    role: "tailoring", path: tailoring.path,
                    sha256: tailoring.digest))
        }
        var titled = ruleSet
        for index in titled.rules.indices {
            titled.rules[index].renderedTitle = ruleSet.title(of: ruleSet.rules[index])
        }
        return CompiledRuleSet(
            ruleSet: titled, rules: rules, tailoring: tailoring, inputs: inputs, limits: limits,
            parameterValues: parameterValues, variables: variables,
            actionConditions: conditions, constraints: constraints)
    }

    /// The CEL environment rules are checked in: one variable per top-level profile field,
    /// `params`, `as_of`, and the readiness functions, parsing within `limits`. Without a rule
    /// set, a plain CEL environment with those limits.
    public static func environment(for ruleSet: RuleSet?, limits: InputLimits = .default)
        -> Environment
    {
        var environment = Environment()
        environment.parserLimits = limits.parser
        guard let ruleSet else { return environment }
        for field in ruleSet.schema.fields {
            environment.declare(field.name, SchemaTypes.type(field.spec, path: field.name))
        }
        environment.declare(
            "params",
            .object(
                ObjectType(
                    name: "params",
                    fields: Dictionary(
                        ruleSet.parameters.map { ($0.name, SchemaTypes.parameterType($0)) },
                        uniquingKeysWith: { first, _ in first }))))
        environment.declare("as_of", .timestamp)
        for function in ReadinessFunctions.declarations { environment.declare(function) }
        environment.macros += ReadinessFunctions.macros
        return environment
    }

}

/// One rule, compiled.
///
/// A class, so that handing a rule to the evaluator for each profile of a batch costs one
/// reference count instead of a copy of every field of the rule.
public final class CompiledRule: Sendable {
    /// The rule.
    public let rule: Rule
    let appliesIf: Program?
    let check: Check
    let values: [(name: String, program: Program)]
    /// The schema paths the rule's expressions read (`peer_workers[].supervision.interval_days`).
    public let reads: [String]
    /// The schema paths the rule's expressions test the presence of (`has(staff.trained)`):
    /// not reads (absence is handled), but the rule uses those fields.
    public let presenceTests: [String]
    /// The deepest of `reads`, whose values a result shows as evidence (found once here, not
    /// for every profile).
    let evidenceReads: [SchemaPath]
    /// Per named value of the gap message, the paths it reads that the rule's condition does
    /// not: when one is missing the rule can still be decided, and the message says "not
    /// known" there (`check` warns about optional ones).
    public let valueOnlyReads: [(name: String, paths: [String])]
    /// The number fields the rule's condition reads only by comparing them with constants,
    /// with those constants (``ReadAnalysis/comparisonThresholds(_:parameters:)``): where one
    /// is missing, the values either side of each constant stand for all it could be.
    let thresholds: [String: [Double]]

    init(
        rule: Rule, appliesIf: Program?, check: Check,
        values: [(name: String, program: Program)], reads: [String],
        presenceTests: [String] = [], valueOnlyReads: [(name: String, paths: [String])] = [],
        thresholds: [String: [Double]] = [:]
    ) {
        self.valueOnlyReads = valueOnlyReads
        self.thresholds = thresholds
        self.rule = rule
        self.appliesIf = appliesIf
        self.check = check
        self.values = values
        self.reads = reads
        self.presenceTests = presenceTests
        evidenceReads = Evidence.leaves(of: reads).map(SchemaPath.init)
    }

    /// How the rule decides its score.
    enum Check: Sendable {
        case require(Program)
        /// `position` is where the item variable is in the rule set's layout.
        case measure(each: Program, meets: Program, position: Int, target: Double)
        case grade(Program)
        /// A rating field's program and its scale.
        case rate(Program, RatingScale)
    }

    static func compile(
        _ rule: Rule, ruleSet: RuleSet, environment: Environment, options: ProgramOptions,
        bag: inout DiagnosticBag
    ) -> CompiledRule? {
        var reads: Set<String> = []
        var presenceTests: Set<String> = []
        // What the last expression compiled read.
        var lastReads: Set<String> = []
        // Each condition program's fields read only in comparisons with constants.
        var conditions: [(thresholds: [String: [Double]], reads: Set<String>)] = []
        func program(
            _ expression: Expression, in environment: Environment, expecting: [CELType],
            role: String, options: ProgramOptions = options
        ) -> Program? {
            do {
                let ast = try environment.parse(expression.text)
                let checked = try environment.check(ast)
                let type = checked.resultType
                if !expecting.isEmpty, type != .dyn,
                    !expecting.contains(where: { Self.fits(type, $0) })
                {
                    bag.append(
                        Diagnostic(
                            .error, code: "rule.type",
                            message:
                                "\(role) of rule `\(rule.id)` must give \(expecting.map(\.description).joined(separator: " or ")), but gives \(type)",
                            at: SourceRange(start: expression.locate(0))))
                }
                lastReads = ReadAnalysis.paths(checked)
                reads.formUnion(lastReads)
                presenceTests.formUnion(ReadAnalysis.presenceTests(checked))
                if !expecting.isEmpty {
                    // The condition's programs (not the gap message's values).
                    conditions.append(
                        (
                            ReadAnalysis.comparisonThresholds(
                                checked, parameters: ruleSet.parameters), lastReads
                        ))
                }
                return environment.program(ast, checked: checked, options: options)
            } catch {
                bag.append(contentsOf: error.diagnostics(locate: expression.locate))
                return nil
            }
        }
        let appliesIf = rule.appliesIf.map {
            program($0, in: environment, expecting: [.bool], role: "`applies_if`")
        }
        var check: Check?
        switch rule.check {
        case .require(let expression):
            check = program(expression, in: environment, expecting: [.bool], role: "`require`").map(
                Check.require)
        case .grade(let expression):
            check = program(
                expression, in: environment, expecting: [.double, .int], role: "`grade`"
            ).map(Check.grade)
        case .rate(let expression):
            // The field first: a path that names no rating is one mistake, said once.
            if let scale = ratingScale(expression, rule: rule, schema: ruleSet.schema, bag: &bag),
                let program = program(
                    expression, in: environment, expecting: [.double], role: "`rate`")
            {
                check = .rate(program, scale)
            }
        case .measure(let measure):
            let each = program(
                measure.each, in: environment, expecting: [.list(.dyn)], role: "`each`")
            var itemEnvironment = environment
            var itemType = CELType.dyn
            if let each, case .list(let element) = each.resultType { itemType = element }
            itemEnvironment.declare(measure.variable, itemType)
            // The item shadows whatever else has its name, a constant included (`as: params`).
            var itemOptions = options
            itemOptions.constants[measure.variable] = nil
            let meets = program(
                measure.meets, in: itemEnvironment, expecting: [.bool], role: "`meets`",
                options: itemOptions)
            if let each, let meets {
                // Always in the layout (every item name is added to it); were it not, each
                // evaluation would give an error naming it, never a silent result.
                let position =
                    options.layout.firstIndex(of: measure.variable) ?? options.layout.count
                check = .measure(
                    each: each, meets: meets, position: position, target: measure.target)
            }
        }
        var values: [(name: String, program: Program)] = []
        let conditionReads = reads
        var valueOnlyReads: [(name: String, paths: [String])] = []
        for (name, expression) in rule.values {
            if let compiled = program(
                expression, in: environment, expecting: [], role: "the value `\(name)`")
            {
                values.append((name, compiled))
                let own = lastReads.subtracting(conditionReads)
                if !own.isEmpty { valueOnlyReads.append((name, own.sorted())) }
            }
        }
        GapTemplate.validate(rule, ruleSet: ruleSet, bag: &bag)
        guard let check, appliesIf ?? nil != nil || rule.appliesIf == nil else { return nil }
        return CompiledRule(
            rule: rule, appliesIf: appliesIf ?? nil, check: check, values: values,
            reads: reads.sorted(), presenceTests: presenceTests.sorted(),
            valueOnlyReads: valueOnlyReads, thresholds: mergedThresholds(conditions))
    }

    /// Thresholds over several programs: a field each program that reads it compares only with
    /// constants, with all their constants; a field one of them reads otherwise is left out.
    private static func mergedThresholds(
        _ programs: [(thresholds: [String: [Double]], reads: Set<String>)]
    ) -> [String: [Double]] {
        var merged: [String: Set<Double>] = [:]
        for program in programs {
            for (path, values) in program.thresholds {
                merged[path, default: []].formUnion(values)
            }
        }
        return merged.filter { path, _ in
            programs.allSatisfy { !$0.reads.contains(path) || $0.thresholds[path] != nil }
        }.mapValues { $0.sorted() }
    }

    /// The scale of the rating field a `rate` names: it names one field, by its path.
    private static func ratingScale(
        _ expression: Expression, rule: Rule, schema: ObjectSpec, bag: inout DiagnosticBag
    ) -> RatingScale? {
        if let scale = schema.ratingScale(ratedBy: expression) { return scale }
        let path = String(expression.text.trimmingWhitespace())
        let spec = schema.field(ratedBy: expression)
        let ratings = ProfileDecoder.ratingFields(schema).map { $0.path.joined(separator: ".") }
        bag.append(
            Diagnostic(
                .error, code: "rule.rate",
                message:
                    "`rate` of rule `\(rule.id)` must name a rating field, but `\(path)` "
                    + (spec.map { "is a field of type \($0.type.name)" } ?? "is not a field")
                    + Suggestion.didYouMean(path, among: ratings),
                at: expression.range,
                help: ratings.isEmpty
                    ? "declare the field with `type: rating` and a `scale`, or use `grade:` for a score worked out from other fields"
                    : "the rating fields are: \(ratings.prefix(8).joined(separator: ", "))\(ratings.count > 8 ? ", …" : "")"
            ))
        return nil
    }

    private static func fits(_ type: CELType, _ expected: CELType) -> Bool {
        switch (type, expected) {
        case (.list, .list): true
        default: type == expected
        }
    }
}
