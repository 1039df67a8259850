extension Batch {
    /// Running totals, kept as counts so memory does not grow with the batch. Rules and
    /// domains are counted by position (from each row's ``Tally``) and named at the end.
    struct Accumulator {
        let ruleSet: RuleSet
        var assessed = 0
        var failed = 0
        var compliant = 0
        var bands: [String: Int] = [:]
        /// By domain position: the sum of the rows' scores, and how many rows had one.
        var domainTotals: [Double]
        var domainCounts: [Int]
        /// By rule position: how many rows failed the rule (or were partial).
        var ruleFailures: [Int]

        init(ruleSet: RuleSet) {
            self.ruleSet = ruleSet
            for band in ruleSet.bands { bands[band.label] = 0 }
            domainTotals = Array(repeating: 0, count: ruleSet.domains.count)
            domainCounts = Array(repeating: 0, count: ruleSet.domains.count)
            ruleFailures = Array(repeating: 0, count: ruleSet.rules.count)
        }

        mutating func add(_ row: Row, _ tally: Tally) {
            guard row.errors.isEmpty else {
                failed += 1
                return
            }
            assessed += 1
            if row.compliant == true { compliant += 1 }
            if let band = row.band { bands[band, default: 0] += 1 }
            for (position, score) in tally.domainScores.enumerated() {
                guard let score else { continue }
                domainTotals[position] += score
                domainCounts[position] += 1
            }
            for position in tally.failedRules { ruleFailures[position] += 1 }
        }

        func totals(profiles: Int) -> Totals {
            var averages: [String: Double] = [:]
            for position in ruleSet.domains.indices where domainCounts[position] > 0 {
                averages[ruleSet.domains[position].id] = AssessmentReport.round(
                    domainTotals[position] / Double(domainCounts[position]))
            }
            let failures = ruleSet.rules.indices.filter { ruleFailures[$0] > 0 }.map { position in
                let rule = ruleSet.rules[position]
                return Totals.RuleFailure(
                    rule: rule.id, title: ruleSet.title(of: rule),
                    organisations: ruleFailures[position],
                    share: AssessmentReport.round(
                        Double(ruleFailures[position]) / Double(max(1, assessed))),
                    percent: (Double(ruleFailures[position]) * 1000 / Double(max(1, assessed)))
                        .rounded() / 10)
            }
            .sorted { ($1.organisations, $0.rule) < ($0.organisations, $1.rule) }
            return Totals(
                profiles: profiles, assessed: assessed, failedToLoad: failed, compliant: compliant,
                bands: bands,
                domainAverages: averages, mostFailedRules: Array(failures.prefix(10)),
                superseded: [])
        }
    }
}
