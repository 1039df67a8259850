/// Rule, domain and overall scores, the maturity band and the compliance verdict.
///
/// - rule score s in [0, 1]: `require` 0 or 1; `measure` min(1, share meeting / target);
///   `grade` the expression's value. `not_applicable` rules are left out; `unknown` count as
///   0, or are left out when the rule set says `scoring: {unknown: exclude}`; `error` counts 0.
/// - domain score = 100 × Σ w·s / Σ w over the domain's counted rules.
/// - overall = Σ W·D / Σ W over the domains that have a score (W the domain weight).
/// - band = the highest band whose `min` the overall reaches.
/// - compliant = every applicable mandatory rule passes, no rule ended in `error` (fail closed),
///   and overall ≥ the minimum score.
public struct Scores: Sendable {
    /// One domain's score.
    public struct DomainScore: Sendable {
        /// Its id.
        public var id: String
        /// Its title.
        public var title: String
        /// Its weight in its score.
        public var weight: Double
        /// `nil` when no rule of the domain counts.
        public var score: Double?
        /// How many rules count in its score.
        public var counted: Int
    }

    /// The overall score, 0 to 100.
    public var overall: Double
    /// The band.
    public var band: String
    /// Each domain, in rule set order.
    public var domains: [DomainScore]
    /// Whether it complies.
    public var compliant: Bool
    /// Why the verdict is what it is, in plain words.
    public var reasons: [String]
    /// The rules that would count against compliance but for a waiver that holds: mandatory
    /// ones, then those that could not be evaluated, each in rule order.
    public var waived: [String] = []

    /// What waivers do to a verdict: the rules whose waiver holds (they do not count against
    /// compliance), and the expiry of those whose waiver has lapsed (they count again, and
    /// the reasons say so).
    public struct Waived: Sendable {
        /// The rules whose waiver holds.
        public var holding: Set<String> = []
        /// Each rule whose waiver has expired, with its expiry (`YYYY-MM-DD`).
        public var expired: [String: String] = [:]

        /// No waivers.
        public static let none = Waived()

        /// What these waivers do.
        public init(_ applied: [Waiver.Applied] = []) {
            for entry in applied {
                switch entry.state {
                case .active: holding.insert(entry.waiver.rule)
                case .expired: expired[entry.waiver.rule] = entry.waiver.expires
                }
            }
        }

        /// Whether no waiver bears on the verdict.
        public var isEmpty: Bool { holding.isEmpty && expired.isEmpty }
    }

    /// The formulas, as a report of this rule set prints them: each part of scoring the
    /// rule set uses (ratings, rules and domains that inform, partial credit that is enough),
    /// and compliance where it gives a verdict.
    public static func formulas(_ ruleSet: RuleSet) -> [String] {
        let rated = ruleSet.rules.contains { if case .rate = $0.check { true } else { false } }
        let informing =
            ruleSet.rules.contains { !$0.scored } || ruleSet.domains.contains { !$0.scored }
        let leastScores = ruleSet.rules.contains { $0.mandatoryMinimum != nil }
        var formulas = [
            "rule score s: require 1 or 0; measure min(1, (items meeting ÷ items) ÷ target); grade the expression's value (0 to 1)"
                + (rated
                    ? "; rate (rating − the scale's lowest level) ÷ (highest − lowest)" : ""),
            "domain score = 100 × Σ(rule weight × s) ÷ Σ(rule weight), over the domain's applicable rules"
                + (informing ? " that score" : ""),
            "overall score = Σ(domain weight × domain score) ÷ Σ(domain weight), over domains with a score"
                + (informing
                    ? " that count (a domain that informs has a score of its own, left out here)"
                    : ""),
            "band = the highest band whose minimum the overall score reaches",
        ]
        if ruleSet.judgesCompliance {
            formulas.append(
                "compliant = every applicable mandatory rule passes"
                    + (leastScores ? " (or reaches the least score it states)" : "")
                    + ", no rule ended in error, and the overall score reaches the minimum")
        }
        return formulas
    }

    /// Each rule's domain as a position in `ruleSet.domains` (-1 for none), in rule order.
    public static func domainPositions(_ ruleSet: RuleSet) -> [Int] {
        ruleSet.rules.indices.map { index in
            ruleSet.domains.firstIndex { $0.id == ruleSet.rules[index].domain } ?? -1
        }
    }

    /// Scores results; `assumingPassed` lists rules to count as passed (for projections).
    /// Without `explains` (a batch, which keeps the verdict but not its wording) `reasons` is
    /// left empty. `domainPositions` is ``domainPositions(_:)`` of the rule set when the
    /// caller has it at hand (``CompiledRuleSet/domainPositions``).
    public static func compute(
        _ ruleSet: RuleSet, results: [RuleResult], assumingPassed: Set<String> = [],
        explains: Bool = true, domainPositions: [Int]? = nil, waivers: Waived = .none
    ) -> Scores {
        // Indices throughout: iterating `rules` (or zipping them) would copy each rule, every
        // field of it, for every profile of a batch.
        let rules = ruleSet.rules
        // The position of each rule's result: its fields are then read in place, not copied.
        let positions = resultPositions(ruleSet, results)
        // A projection assumes a few rules passed: compared one by one (rule ids are short
        // texts, compared in a word or two), not hashed for every rule of every projection.
        let assumed = assumingPassed.count <= 16 ? Array(assumingPassed) : nil
        func isAssumedPassed(_ id: String) -> Bool {
            assumed.map { $0.contains(id) } ?? assumingPassed.contains(id)
        }
        let domainOf = domainPositions ?? Self.domainPositions(ruleSet)
        var sums = DomainSums(domainCount: ruleSet.domains.count)
        for index in rules.indices where rules[index].scored {
            let domain = domainOf[index]
            guard domain >= 0,
                let position = positions[index],
                let score = countedScore(
                    results[position].outcome, results[position].score,
                    assumedPassed: isAssumedPassed(rules[index].id), ruleSet: ruleSet)
            else { continue }
            sums.add(domain: domain, weight: rules[index].weight, score: score)
        }
        // By position: mapping over the domains copied each one, every field of it.
        let domains = ruleSet.domains.indices.map { index in
            DomainScore(
                id: ruleSet.domains[index].id, title: ruleSet.domains[index].title,
                weight: ruleSet.domains[index].weight, score: sums.score(index),
                counted: sums.counted[index])
        }
        let counts = ruleSet.domains.map { $0.scored ? $0.weight : nil }
        let scored = ruleSet.domains.indices.contains { counts[$0] != nil && sums.score($0) != nil }
        let overall = sums.overall(domainWeights: counts)
        let band =
            Band.of(overall, in: ruleSet.bands)?.label
            ?? ""
        var reasons: [String] = []
        var waived: [String] = []
        var compliant = true
        // A lapsed waiver is named beside the rule it no longer excuses.
        func lapsed(_ id: String) -> String {
            waivers.expired[id].map { "; its waiver expired on \($0)" } ?? ""
        }
        // An instrument with no verdict: nothing here stands in the way of one, and reports
        // say nothing of compliance.
        guard ruleSet.judgesCompliance else {
            return Scores(
                overall: overall, band: band, domains: domains, compliant: true, reasons: [])
        }
        for index in rules.indices where rules[index].mandatory {
            guard let position = positions[index], results[position].outcome != .notApplicable,
                results[position].outcome != .pass,
                !isAssumedPassed(rules[index].id)
            else { continue }
            // Partial credit is enough where the rule says how much.
            let minimum = rules[index].mandatoryMinimum
            if let minimum, [.partial, .fail].contains(results[position].outcome),
                let score = results[position].score, score + 1e-9 >= minimum
            {
                continue
            }
            if waivers.holding.contains(rules[index].id) {
                waived.append(rules[index].id)
                continue
            }
            compliant = false
            guard explains else { continue }
            // Neither `not_applicable` nor `pass` reaches here.
            var needs =
                minimum.map {
                    " (\(NumberFormat.percent(results[position].score ?? 0)), and needs at least \(NumberFormat.percent($0)))"
                } ?? ""
            // A rated rule's least level, in its scale's words.
            if let level = rules[index].mandatoryLevel?.value, minimum != nil {
                needs =
                    results[position].rating.map {
                        " (rated \($0.label), and needs at least \(level))"
                    } ?? " (it needs at least \(level))"
            }
            let state =
                switch results[position].outcome {
                case .unknown: "cannot be decided: data is missing"
                case .error: notEvaluated(results[position])
                case .partial: "is only partly met" + needs
                default: "is not met" + needs
                }
            reasons.append(
                "mandatory rule \(rules[index].id) (\(rules[index].renderedTitle ?? ruleSet.title(of: rules[index]))) \(state)\(lapsed(rules[index].id))"
            )
        }
        // Fail closed: a verdict never rests on a rule that could not be evaluated, mandatory
        // or not (mandatory ones were named above).
        for index in rules.indices where !rules[index].mandatory {
            guard let position = positions[index], results[position].outcome == .error else {
                continue
            }
            if waivers.holding.contains(rules[index].id) {
                waived.append(rules[index].id)
                continue
            }
            compliant = false
            guard explains else { continue }
            reasons.append(
                "rule \(rules[index].id) (\(rules[index].renderedTitle ?? ruleSet.title(of: rules[index]))) \(notEvaluated(results[position])), so no verdict of compliance can rest on it\(lapsed(rules[index].id))"
            )
        }
        if !scored {
            compliant = false
            if explains { reasons.append("no rule applies, so there is no score") }
        } else if overall + 1e-9 < ruleSet.minimumScore {
            compliant = false
            if explains {
                reasons.append(
                    "the overall score \(NumberFormat.oneDecimal(overall)) is below the minimum of \(NumberFormat.oneDecimal(ruleSet.minimumScore))"
                )
            }
        }
        return Scores(
            overall: overall, band: band, domains: domains, compliant: compliant,
            reasons: reasons, waived: waived)
    }

    /// Where each rule's result is in `results`, in rule order (`nil` for a rule without one).
    /// Results come in rule order from the evaluator; matched by id otherwise.
    static func resultPositions(_ ruleSet: RuleSet, _ results: [RuleResult]) -> [Int?] {
        let rules = ruleSet.rules
        if results.count == rules.count,
            results.indices.allSatisfy({ results[$0].ruleID == rules[$0].id })
        {
            return Array(results.indices)
        }
        let positionByID = Dictionary(
            results.indices.map { (results[$0].ruleID, $0) },
            uniquingKeysWith: { first, _ in first })
        return rules.indices.map { positionByID[rules[$0].id] }
    }

    /// Per domain, Σ w·s, Σ w and the rules counted. Rules are added in rule order and the
    /// domains summed in domain order, by full scoring and projections alike: the order fixes
    /// the rounding, and a projection must come out exactly as full scoring would.
    struct DomainSums {
        private(set) var weighted: [Double]
        private(set) var weights: [Double]
        private(set) var counted: [Int]

        init(domainCount: Int) {
            weighted = [Double](repeating: 0, count: domainCount)
            weights = [Double](repeating: 0, count: domainCount)
            counted = [Int](repeating: 0, count: domainCount)
        }

        mutating func add(domain: Int, weight: Double, score: Double) {
            weighted[domain] += weight * score
            weights[domain] += weight
            counted[domain] += 1
        }

        /// A domain's score, `nil` when no rule of it counts.
        func score(_ domain: Int) -> Double? {
            weights[domain] > 0 ? 100 * weighted[domain] / weights[domain] : nil
        }

        /// The overall score: Σ W·D ÷ Σ W over the domains with a score, 0 when none has one;
        /// a domain whose weight is `nil` (it does not score) is left out.
        func overall(domainWeights: [Double?]) -> Double {
            var totalWeight = 0.0
            var total = 0.0
            for domain in weights.indices {
                guard let weight = domainWeights[domain], let score = score(domain) else {
                    continue
                }
                totalWeight += weight
                total += weight * score
            }
            return totalWeight > 0 ? total / totalWeight : 0
        }
    }

    /// The overall score with chosen rules counted as passed, for an action plan's many
    /// projections: what each rule contributes, as it is and if passed, is worked out once,
    /// and a projection only adds up. The same figure as ``compute(_:results:assumingPassed:explains:domainPositions:)``'s,
    /// to the last bit.
    struct Projection {
        private let domainOf: [Int]
        private let weights: [Double]
        /// Each rule's counted score as its result stands, and if assumed passed.
        private let asIs: [Double?]
        private let ifPassed: [Double?]
        private let domainWeights: [Double?]

        init(_ ruleSet: RuleSet, results: [RuleResult], domainPositions: [Int]) {
            let rules = ruleSet.rules
            let positions = Scores.resultPositions(ruleSet, results)
            func counted(_ index: Int, passed: Bool) -> Double? {
                guard rules[index].scored, let position = positions[index] else { return nil }
                return Scores.countedScore(
                    results[position].outcome, results[position].score, assumedPassed: passed,
                    ruleSet: ruleSet)
            }
            domainOf = domainPositions
            weights = rules.indices.map { rules[$0].weight }
            asIs = rules.indices.map { counted($0, passed: false) }
            ifPassed = rules.indices.map { counted($0, passed: true) }
            domainWeights = ruleSet.domains.map { $0.scored ? $0.weight : nil }
        }

        /// The overall score with the rules at these positions (in rule set order) passed.
        func overall(passing positions: [Int]) -> Double {
            var sums = DomainSums(domainCount: domainWeights.count)
            for index in weights.indices {
                let domain = domainOf[index]
                guard domain >= 0,
                    let score = positions.contains(index) ? ifPassed[index] : asIs[index]
                else { continue }
                sums.add(domain: domain, weight: weights[index], score: score)
            }
            return sums.overall(domainWeights: domainWeights)
        }
    }

    /// Why a rule in `error` counts against the verdict, in words.
    private static func notEvaluated(_ result: RuleResult) -> String {
        "could not be evaluated" + (result.message.map { ": \($0)" } ?? "")
    }

    /// The score a rule's outcome and score contribute (1 when it is assumed passed, unless
    /// it does not apply), or `nil` when it is left out.
    static func countedScore(
        _ outcome: Outcome, _ score: Double?, assumedPassed: Bool, ruleSet: RuleSet
    ) -> Double? {
        if assumedPassed && outcome != .notApplicable { return 1 }
        switch outcome {
        case .pass, .partial, .fail: return score ?? 0
        case .notApplicable: return nil
        case .unknown: return ruleSet.unknownScoring == .zero ? 0 : nil
        case .error: return 0
        }
    }
}
