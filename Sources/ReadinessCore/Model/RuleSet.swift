import CEL
import SourceDiagnostics

/// A rule set: metadata, scoring settings, parameters, domains, the profile schema, rules and
/// actions, decoded and validated from a folder of YAML files.
public struct RuleSet: Sendable {
    /// Identity and description.
    public var metadata: Metadata
    /// Maturity bands, ascending by `min`.
    public var bands: [Band]
    /// The minimum overall score for compliance.
    public var minimumScore: Double
    /// Whether the rule set gives a verdict of compliance (`compliance: none`: a
    /// self-assessment instrument that gives scores, bands and feedback, and says nothing of
    /// compliance).
    public var judgesCompliance = true
    /// How `unknown` outcomes count in scores.
    public var unknownScoring: UnknownScoring
    /// The phases of the action plan, in order.
    public var phases: [String]
    /// Parameters by name, in declaration order.
    public var parameters: [Parameter]
    /// Domains in declaration order.
    public var domains: [Domain]
    /// The profile schema.
    public var schema: ObjectSpec
    /// Rules in declaration order.
    public var rules: [Rule]
    /// Actions in declaration order.
    public var actions: [Action]
    /// Cross-field constraints a profile must meet to be read at all.
    public var constraints: [Constraint] = []
    /// Named expressions (`definitions:`), already put in place in every expression that
    /// uses them; kept to be checked on their own and listed in the catalogue.
    public var definitions: [Definition] = []
    /// Named rating scales (`scales:`), which rating fields name.
    public var scales: [String: RatingScale] = [:]
    /// The folder the rule set was read from.
    public var folder: String
    /// The folders of the rule sets it extends, the nearest first (their tests are inherited).
    public var baseFolders: [String] = []
    /// Each base rule set's parameter values, by its folder: its tests, inherited, run with
    /// them, so they test the base's rules as the base wrote them.
    public var baseParameterValues: [String: [String: CELValue]] = [:]
    /// Every file read, for provenance.
    public var files: [String]
    /// Each file's SHA-256 (hex), from the bytes decoded.
    public var fileDigests: [String: String] = [:]

    /// A parameter by name.
    public func parameter(_ name: String) -> Parameter? { parameters.first { $0.name == name } }
    /// A domain by id.
    public func domain(_ id: String) -> Domain? { domains.first { $0.id == id } }
    /// A rule by id.
    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }
    /// An action by id.
    public func action(_ id: String) -> Action? { actions.first { $0.id == id } }

    /// Gives parameters new values (a tailoring's, a rule test's), each by name; titles that
    /// name parameters are worded again when the rule set is compiled.
    public mutating func replaceParameterValues(_ values: [(name: String, value: CELValue)]) {
        for (name, value) in values {
            if let index = parameters.firstIndex(where: { $0.name == name }) {
                parameters[index].value = value
            }
        }
        for index in rules.indices { rules[index].renderedTitle = nil }
    }

    /// A rule's title with its `{{ params.NAME }}` placeholders filled in.
    public func title(of rule: Rule) -> String {
        if let rendered = rule.renderedTitle { return rendered }
        guard rule.title.contains(bytes: "{{") else { return rule.title }
        let values = GapTemplate.parameterValues(parameters)
        return GapTemplate.render(rule.title) { values[$0] }
    }
}

/// A rule set's identity.
public struct Metadata: Sendable {
    /// Its id.
    public var id: String
    /// The rule set's version.
    public var version: String
    /// Its title.
    public var title: String
    /// Where it comes from (a citation).
    public var source: String?
    /// What it is about, in words.
    public var description: String?
}

/// A maturity band: the label an overall score at or above `min` earns.
public struct Band: Sendable, Equatable {
    /// The lowest overall score that earns the band.
    public var min: Double
    /// Its label.
    public var label: String
    /// What the band means for the organisation, in a paragraph (a domain's bands).
    public var feedback: String? = nil

    /// The highest of `bands` whose `min` a score reaches (the first for a lower score).
    public static func of(_ score: Double, in bands: [Band]) -> Band? {
        bands.last { score + 1e-9 >= $0.min } ?? bands.first
    }
}

/// How `unknown` outcomes count.
public enum UnknownScoring: String, Sendable {
    /// As a score of 0 (the default): missing evidence costs points.
    case zero
    /// Left out of the scores, like `not_applicable`.
    case exclude
}

/// A typed, documented threshold a rule may read as `params.NAME`.
public struct Parameter: Sendable {
    /// A parameter's type.
    public enum Kind: String, Sendable, CaseIterable {
        /// `list` is a list of ``Parameter/itemKind`` (role names, recognised trainings), so a
        /// tailoring can change it rather than an expression spelling it out.
        case int, number, bool, string, list
    }

    /// Its name.
    public var name: String
    /// Its type.
    public var kind: Kind
    /// The type of a list's items: `string` (the default), `int` or `number`; `nil` for a
    /// parameter that is not a list.
    public var itemKind: Kind? = nil
    /// Its value.
    public var value: CELValue
    /// What it is about, in words.
    public var description: String
    /// Where the default comes from (a citation).
    public var source: String?
    /// The unit of its value (`days`, `hours`).
    public var unit: String?
    /// The lowest value allowed.
    public var minimum: Double?
    /// The highest value allowed.
    public var maximum: Double?
    /// Where it was declared.
    public var range: SourceRange
}

/// A weighted group of rules.
public struct Domain: Sendable {
    /// Its id.
    public var id: String
    /// Its title.
    public var title: String
    /// Its weight in its score.
    public var weight: Double
    /// What it is about, in words.
    public var description: String?
    /// Where it was declared.
    public var range: SourceRange
    /// Whether its score counts in the overall score (`scored: false`: the domain informs,
    /// with a score of its own that the overall score leaves out).
    public var scored = true
    /// Its own bands, each with feedback for the organisation; empty when it has none.
    public var bands: [Band] = []
}

/// How a rule decides its score.
public enum RuleCheck: Sendable {
    /// A boolean expression: 1 when true, 0 when false.
    case require(Expression)
    /// The share of a list's items meeting a condition, against a target share.
    case measure(Measure)
    /// An expression giving a score in [0, 1] directly.
    case grade(Expression)
    /// A rating field, scored by the level it reaches: 0 at the scale's lowest, 1 at its
    /// highest, in equal steps between; reports name the level ("Adequate").
    case rate(Expression)

    /// The key that declares it in a rule.
    public var keyword: String {
        switch self {
        case .require: "require"
        case .measure: "measure"
        case .grade: "grade"
        case .rate: "rate"
        }
    }
}

/// A CEL expression from a rule set file, with where its text starts.
public struct Expression: Sendable {
    /// The expression as written.
    public var text: String
    /// Where it was declared.
    public var range: SourceRange
    /// Maps an offset in `text` to its position in the file.
    var locate: @Sendable (Int) -> SourceLocation
    /// The definitions put in place in `text`.
    var definitionsUsed: Set<String> = []
    /// The expression as its author wrote it, naming definitions (`text` has them in place).
    var written: String? = nil

    /// The expression as its author wrote it, for the catalogue.
    public var asWritten: String { written ?? text }
}

/// `measure: {each, as, meets, target}`.
public struct Measure: Sendable {
    /// The list whose items are measured.
    public var each: Expression
    /// The item's name in `meets`.
    public var variable: String
    /// What an item must satisfy.
    public var meets: Expression
    /// The share of items that earns full credit.
    public var target: Double
    /// The outcome when the list is empty: `not_applicable` (the default), `pass` or `fail`.
    public var whenEmpty: Outcome = .notApplicable
}

/// One rule.
public struct Rule: Sendable {
    /// Its id.
    public var id: String
    /// The id of the rule's domain.
    public var domain: String
    /// Its title.
    public var title: String
    /// Why the rule matters.
    public var rationale: String?
    /// The line of the strategy or model the rule encodes.
    public var source: String?
    /// Further sources (standards, credentials).
    public var references: [String]
    /// Its weight in its score.
    public var weight: Double
    /// Whether compliance requires it to pass.
    public var mandatory: Bool
    /// For a mandatory rule whose partial credit is enough: the least score (0 to 1) it needs
    /// (`mandatory: {at_least: 0.5}`); `nil` when it must pass.
    public var mandatoryMinimum: Double? = nil
    /// For a mandatory `rate` rule: the least level it needs, by label
    /// (`mandatory: {at_least: Adequate}`), turned into ``mandatoryMinimum`` once the scale is
    /// known.
    public var mandatoryLevel: Located<String>? = nil
    /// Whether a claim that it passes must be backed by a document or a link
    /// (`evidence: required`): the web application refuses to submit a passing rule without
    /// evidence attached; reports mark it.
    public var evidenceRequired = false
    /// Whether it counts in its domain's score (`scored: false`: it informs, is reported with
    /// its gap and actions, and counts in no score).
    public var scored = true
    /// The condition under which the rule applies.
    public var appliesIf: Expression?
    /// How the rule is decided: `require`, `grade` or `measure`.
    public var check: RuleCheck
    /// Named values, computed for gap messages.
    public var values: [(name: String, expression: Expression)]
    /// The gap message template, shown when the rule is not met.
    public var gap: String?
    /// The actions that close the rule.
    public var actions: [Located<String>]
    /// Where it was declared.
    public var range: SourceRange
    /// The title with parameters filled in, set when the rule set is compiled.
    public var renderedTitle: String?

    /// Every expression of the rule: its condition, its check, its values.
    var expressions: [Expression] {
        var all = appliesIf.map { [$0] } ?? []
        switch check {
        case .require(let expression), .grade(let expression), .rate(let expression):
            all.append(expression)
        case .measure(let measure): all += [measure.each, measure.meets]
        }
        return all + values.map(\.expression)
    }
}

/// One action of the plan.
public struct Action: Sendable {
    /// Its id.
    public var id: String
    /// Its title.
    public var title: String
    /// What it is about, in words.
    public var description: String?
    /// The steps, in order.
    public var steps: [String]
    /// Who does it.
    public var owner: String?
    /// The effort, in days.
    public var effortDays: Double?
    /// The phase it belongs to.
    public var timeframe: String
    /// The actions that must be done first.
    public var dependsOn: [Located<String>]
    /// Actions that must be done first only for profiles where a condition holds
    /// (`depends_on: [{action: ACT-FUND-POSITIONS, when: "size(peer_workers) == 0"}]`).
    public var conditionalDependsOn: [ConditionalDependency]
    /// Where it was declared.
    public var range: SourceRange

    /// Every action it can depend on, with or without a condition.
    public var allDependencies: [Located<String>] {
        dependsOn + conditionalDependsOn.map(\.action)
    }
}

/// A prerequisite that applies only to the profiles where its condition holds.
public struct ConditionalDependency: Sendable {
    /// The action that must be done first.
    public var action: Located<String>
    /// The CEL condition over the profile, `params` and `as_of`.
    public var when: Expression
}
