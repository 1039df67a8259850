import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport

/// `readiness-bench report`: what one web submission costs the processor in the library, stage
/// by stage, on one thread over generated profiles (best of the rounds): decoding the YAML,
/// assessing it (rules, scores, plan), the report model, and its JSON. Steadier than the load
/// test's latency on a shared machine, and it says where the time goes.
enum ReportBenchmark {
    static func run(rules: String?, count: Int, rounds: Int) throws {
        let ruleSet =
            try rules.map { try CompiledRuleSet.load(folder: $0) } ?? BuiltInRuleSet.load()
        var random = SplitMix(seed: 7)
        let texts = (0..<count).map { Array(ProfileGenerator.profile($0, random: &random).utf8) }
        let schema = ruleSet.ruleSet.schema
        let clock = ContinuousClock()
        var best: [String: Double] = [:]
        func time(_ stage: String, _ body: () throws -> Void) rethrows {
            let elapsed = try clock.measure(body)
            best[stage] = min(best[stage] ?? .infinity, seconds(elapsed) / Double(count))
        }
        for _ in 0..<rounds {
            var profiles: [Profile] = []
            var assessments: [Assessment] = []
            var reports: [AssessmentReport] = []
            try time("decode the YAML and validate it") {
                profiles = try texts.map {
                    try ProfileDecoder.decode($0, name: "profile.yaml", schema: schema)
                }
            }
            time("assess: rules, scores, plan") {
                assessments = profiles.map { Assessment.assess(ruleSet: ruleSet, profile: $0) }
            }
            time("the report model") { reports = assessments.map(AssessmentReport.init) }
            time("its JSON") { for report in reports { _ = JSONRenderer().render(report) } }
        }
        print("profiles\t\(count)\tone thread, best of \(rounds) rounds")
        let stages = [
            "decode the YAML and validate it", "assess: rules, scores, plan", "the report model",
            "its JSON",
        ]
        for stage in stages {
            print(String(format: "%@\t%.0f µs a profile", stage, (best[stage] ?? 0) * 1e6))
        }
        let total = stages.compactMap { best[$0] }.reduce(0, +)
        print(String(format: "in all\t%.0f µs a profile", total * 1e6))
    }
}
