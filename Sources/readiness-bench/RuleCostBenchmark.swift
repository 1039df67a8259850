import Foundation
import ReadinessCore

/// `readiness-bench rules FOLDER`: the time each rule takes to evaluate, over the profiles in
/// a folder, most expensive first; the share of the whole evaluation each rule takes.
enum RuleCostBenchmark {
    static func run(folder: String, rules: String, rounds: Int) throws {
        let ruleSet = try CompiledRuleSet.load(folder: rules)
        let reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
        let profiles = try Batch.profilePaths([folder]).map { try reader.load(path: $0) }
        guard !profiles.isEmpty else { throw BenchmarkError("\(folder): no .yaml profiles here") }
        let evaluator = Evaluator(ruleSet, describes: false)
        let scopes = profiles.map { evaluator.scope(for: $0) }
        let clock = ContinuousClock()
        var costs: [(id: String, seconds: Double)] = []
        for rule in ruleSet.rules {
            var best = Double.infinity
            for _ in 0..<rounds {
                let elapsed = clock.measure {
                    for index in profiles.indices {
                        _ = evaluator.evaluate(rule, profile: profiles[index], in: scopes[index])
                    }
                }
                best = min(best, seconds(elapsed))
            }
            costs.append((rule.rule.id, best / Double(profiles.count)))
        }
        let total = costs.reduce(0) { $0 + $1.seconds }
        print("rules\t\(costs.count)\tprofiles\t\(profiles.count)")
        print(String(format: "all rules\t%.1f µs per profile", total * 1e6))
        for cost in costs.sorted(by: { $0.seconds > $1.seconds }) {
            print(
                String(
                    format: "%@\t%.2f µs\t%.1f%%", cost.id, cost.seconds * 1e6,
                    cost.seconds / total * 100))
        }
    }
}
