import CEL
import Dispatch
import Foundation
import SourceDiagnostics

/// One rule set over many organisations: per-organisation summaries and sector totals.
///
/// Profiles are evaluated in parallel, in chunks, and each chunk's summaries are handed on in
/// input order before the next chunk starts, so memory holds one chunk of assessments at a time
/// however many profiles there are. Only small per-organisation summaries and running totals
/// are kept.
public struct Batch: Sendable {
    /// One organisation's line in the batch.
    public struct Row: Sendable, Codable, Equatable {
        public var file: String
        public var organisation: String?
        public var score: Double?
        public var band: String?
        public var compliant: Bool?
        public var mandatoryFailed: [String]
        public var unknowns: Int
        public var domainScores: [String: Double]
        /// For a profile that could not be assessed: its problems.
        public var errors: [String]
        /// The rules that failed or were partial (for the sector's weakest rules).
        public var failedRules: [String]
    }

    /// Sector totals.
    public struct Totals: Sendable, Codable, Equatable {
        public struct RuleFailure: Sendable, Codable, Equatable {
            public var rule: String
            public var title: String
            public var organisations: Int
            public var share: Double
        }

        public var profiles: Int
        public var assessed: Int
        public var failedToLoad: Int
        public var compliant: Int
        public var bands: [String: Int]
        public var domainAverages: [String: Double]
        public var mostFailedRules: [RuleFailure]
    }

    public let ruleSet: CompiledRuleSet
    public var asOf: CELTimestamp?
    /// Reads every profile against the rule set's schema.
    private let reader: ProfileReader
    /// Whether each rule, in order, is mandatory (looked up once, not per profile).
    private let mandatory: [Bool]
    /// How many profiles are assessed between hand-offs.
    public var chunkSize = 256

    /// Creates a batch over a compiled rule set.
    public init(ruleSet: CompiledRuleSet, asOf: CELTimestamp? = nil) {
        self.ruleSet = ruleSet
        self.asOf = asOf
        reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
        mandatory = ruleSet.rules.map(\.rule.mandatory)
    }

    /// Every `*.yaml`/`*.yml` file under the paths (folders searched recursively), sorted.
    public static func profilePaths(_ paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                let enumerator = FileManager.default.enumerator(atPath: path)
                while let relative = enumerator?.nextObject() as? String {
                    if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                        found.append((path as NSString).appendingPathComponent(relative))
                    }
                }
            } else {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// Assesses every profile, calling `emit` with each row in input order and `progress` with
    /// the count done; returns the totals.
    public func run(
        _ paths: [String], emit: (Row) -> Void, progress: ((Int, Int) -> Void)? = nil
    ) -> Totals {
        var accumulator = Accumulator(ruleSet: ruleSet.ruleSet)
        var done = 0
        var start = 0
        while start < paths.count {
            let chunk = Array(paths[start..<min(paths.count, start + chunkSize)])
            let slots = Slots<Row>(count: chunk.count)
            DispatchQueue.concurrentPerform(iterations: chunk.count) { index in
                slots.set(index, assess(chunk[index]))
            }
            for row in slots.values {
                accumulator.add(row)
                emit(row)
            }
            start += chunk.count
            done += chunk.count
            progress?(done, paths.count)
        }
        return accumulator.totals(profiles: paths.count)
    }

    /// One profile's row.
    public func assess(_ path: String) -> Row {
        do {
            // Rows need scores and verdicts, not evidence or gap messages.
            let profile = try reader.load(path: path)
            let assessment = Assessment.assess(
                ruleSet: ruleSet, profile: profile, asOf: asOf, describes: false)
            // One pass by index, in the compiled rules' order: filtering the results copied
            // every matching result, all its fields, for each list.
            var mandatoryFailed: [String] = []
            var failedRules: [String] = []
            var unknowns = 0
            let results = assessment.results
            for index in results.indices {
                let outcome = results[index].outcome
                if outcome != .pass && outcome != .notApplicable && mandatory[index] {
                    mandatoryFailed.append(results[index].ruleID)
                }
                if outcome == .fail || outcome == .partial {
                    failedRules.append(results[index].ruleID)
                }
                if outcome == .unknown { unknowns += 1 }
            }
            var domains: [String: Double] = [:]
            for domain in assessment.scores.domains {
                if let score = domain.score { domains[domain.id] = AssessmentReport.round(score) }
            }
            return Row(
                file: path, organisation: assessment.profile.organisation,
                score: AssessmentReport.round(assessment.scores.overall),
                band: assessment.scores.band, compliant: assessment.scores.compliant,
                mandatoryFailed: mandatoryFailed, unknowns: unknowns, domainScores: domains,
                errors: [], failedRules: failedRules)
        } catch {
            return Row(
                file: path, organisation: nil, score: nil, band: nil, compliant: nil,
                mandatoryFailed: [], unknowns: 0,
                domainScores: [:], errors: error.diagnostics.map(\.description), failedRules: [])
        }
    }

    /// Running totals, kept as counts so memory does not grow with the batch.
    struct Accumulator {
        let ruleSet: RuleSet
        var assessed = 0
        var failed = 0
        var compliant = 0
        var bands: [String: Int] = [:]
        var domainSums: [String: (total: Double, count: Int)] = [:]
        var ruleFailures: [String: Int] = [:]

        init(ruleSet: RuleSet) {
            self.ruleSet = ruleSet
            for band in ruleSet.bands { bands[band.label] = 0 }
        }

        mutating func add(_ row: Row) {
            guard row.errors.isEmpty else {
                failed += 1
                return
            }
            assessed += 1
            if row.compliant == true { compliant += 1 }
            if let band = row.band { bands[band, default: 0] += 1 }
            for (domain, score) in row.domainScores {
                domainSums[domain, default: (0, 0)].total += score
                domainSums[domain, default: (0, 0)].count += 1
            }
            for rule in row.failedRules { ruleFailures[rule, default: 0] += 1 }
        }

        func totals(profiles: Int) -> Totals {
            let averages = domainSums.mapValues {
                AssessmentReport.round($0.total / Double($0.count))
            }
            let failures = ruleFailures.map { rule, count in
                Totals.RuleFailure(
                    rule: rule, title: ruleSet.rule(rule).map { ruleSet.title(of: $0) } ?? rule,
                    organisations: count,
                    share: AssessmentReport.round(Double(count) / Double(max(1, assessed))))
            }
            .sorted { ($1.organisations, $0.rule) < ($0.organisations, $1.rule) }
            return Totals(
                profiles: profiles, assessed: assessed, failedToLoad: failed, compliant: compliant,
                bands: bands,
                domainAverages: averages, mostFailedRules: Array(failures.prefix(10)))
        }
    }
}

/// Result slots filled concurrently, each index by exactly one worker, read after all finish.
final class Slots<Value>: @unchecked Sendable {
    private var buffer: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        buffer = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        buffer[index] = value
        lock.unlock()
    }

    var values: [Value] { buffer.compactMap { $0 } }
}
