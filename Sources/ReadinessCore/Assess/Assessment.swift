import CEL
import Crypto
import Foundation
import SourceDiagnostics

/// One organisation assessed against one rule set: outcomes, scores, the plan, and where every
/// input came from.
public struct Assessment: Sendable {
    /// A file that went into the verdict, with its SHA-256, so a verdict can be traced to the
    /// exact rules and data that produced it.
    public struct Input: Sendable, Codable, Equatable {
        /// What the file is: `rules`, `tailoring` or `profile`.
        public var role: String
        /// Its path.
        public var path: String
        /// The SHA-256 of its bytes, in hex.
        public var sha256: String
    }

    /// The compiled rule set used.
    public let ruleSet: CompiledRuleSet
    /// The profile assessed.
    public let profile: Profile
    /// The assessment date.
    public let asOf: CELTimestamp
    /// Each rule's result, in rule set order.
    public let results: [RuleResult]
    /// Rule, domain and overall scores and the verdict.
    public let scores: Scores
    /// The action plan.
    public let plan: ActionPlan
    /// Every file behind the verdict, with its digest.
    public let inputs: [Input]
    /// The waivers that bear on this organisation's verdict, one per rule, with where each
    /// stands on the assessment date; empty when none was given.
    public let waivers: [Waiver.Applied]

    /// Assesses a profile file.
    ///
    /// - Parameters:
    ///   - ruleSet: The compiled (and possibly tailored) rule set.
    ///   - profilePath: The profile's path.
    ///   - asOf: Replaces the profile's assessment date when given.
    ///   - waivers: Waivers to weigh in the verdict (those for this organisation).
    /// - Returns: The assessment.
    /// - Throws: ``DiagnosticError`` when the profile cannot be read or does not fit the schema.
    public static func run(
        ruleSet: CompiledRuleSet, profilePath: String, asOf: CELTimestamp? = nil,
        waivers: WaiverList? = nil
    ) throws(DiagnosticError) -> Assessment {
        let bytes = try SourceFile.readBytes(path: profilePath, maxBytes: ruleSet.limits.fileBytes)
        return try run(
            ruleSet: ruleSet, profileBytes: bytes, name: profilePath, asOf: asOf, waivers: waivers)
    }

    /// Assesses a profile held in memory (an upload, a form's answers written as YAML): the
    /// same checks and messages as a file, with `name` standing for its path in them and in
    /// the report's provenance. Nothing is read from disk.
    ///
    /// - Parameters:
    ///   - ruleSet: The compiled (and possibly tailored) rule set.
    ///   - profileText: The profile's YAML.
    ///   - name: What messages and the report call it (`upload.yaml`).
    ///   - asOf: Replaces the profile's assessment date when given.
    ///   - waivers: Waivers to weigh in the verdict (those for this organisation).
    /// - Returns: The assessment.
    /// - Throws: ``DiagnosticError`` when the profile does not parse, fit the schema or its
    ///   constraints.
    public static func run(
        ruleSet: CompiledRuleSet, profileText: String, name: String, asOf: CELTimestamp? = nil,
        waivers: WaiverList? = nil
    ) throws(DiagnosticError) -> Assessment {
        try run(
            ruleSet: ruleSet, profileBytes: Array(profileText.utf8), name: name, asOf: asOf,
            waivers: waivers)
    }

    /// Assesses a profile held in memory from Swift concurrency (a server's request, say): the
    /// work runs on the concurrent executor, never on the caller's actor, and stops at the
    /// next step (before decoding, before evaluating, before planning) once the task is
    /// cancelled. Holds no lock: any number of these may share one compiled rule set.
    ///
    /// - Parameters:
    ///   - ruleSet: The compiled (and possibly tailored) rule set.
    ///   - profileBytes: The profile's YAML, as UTF-8.
    ///   - name: What messages and the report call it (`upload.yaml`).
    ///   - asOf: Replaces the profile's assessment date when given.
    ///   - waivers: Waivers to weigh in the verdict (those for this organisation).
    /// - Returns: The assessment.
    /// - Throws: ``DiagnosticError`` as ``run(ruleSet:profileText:name:asOf:waivers:)`` does,
    ///   or `CancellationError` when the task was cancelled.
    @concurrent
    public static func assess(
        ruleSet: CompiledRuleSet, profileBytes: [UInt8], name: String, asOf: CELTimestamp? = nil,
        waivers: WaiverList? = nil
    ) async throws -> Assessment {
        try Task.checkCancellation()
        let profile = try ProfileDecoder.decode(profileBytes, name: name, ruleSet: ruleSet)
        try Task.checkCancellation()
        let scored = try Evaluator(ruleSet).scored(profile, asOf: asOf, waivers: waivers)
        try Task.checkCancellation()
        return make(
            ruleSet: ruleSet, profile: profile, scored: scored, describes: true,
            waiverList: waivers)
    }

    /// Assesses a profile's bytes: decoded, checked, and their SHA-256 recorded, once.
    static func run(
        ruleSet: CompiledRuleSet, profileBytes: [UInt8], name: String, asOf: CELTimestamp?,
        waivers: WaiverList? = nil
    ) throws(DiagnosticError) -> Assessment {
        let profile = try ProfileDecoder.decode(profileBytes, name: name, ruleSet: ruleSet)
        let scored = try Evaluator(ruleSet).scored(profile, asOf: asOf, waivers: waivers)
        return make(
            ruleSet: ruleSet, profile: profile, scored: scored, describes: true,
            waiverList: waivers)
    }

    /// Assesses a validated profile. With `describes` false, results carry no evidence or gap
    /// messages, the verdict no reasons, and there is no plan: what a batch that keeps only
    /// scores needs.
    public static func assess(
        ruleSet: CompiledRuleSet, profile: Profile, asOf: CELTimestamp? = nil,
        describes: Bool = true, waivers: WaiverList? = nil
    ) -> Assessment {
        let scored = Evaluator(ruleSet, describes: describes).scoredWithoutConstraints(
            profile, asOf: asOf, waivers: waivers)
        return make(
            ruleSet: ruleSet, profile: profile, scored: scored, describes: describes,
            waiverList: waivers)
    }

    /// The assessment of a scored profile, with its plan when `describes`.
    private static func make(
        ruleSet: CompiledRuleSet, profile: Profile, scored: ScoredProfile, describes: Bool,
        waiverList: WaiverList?
    ) -> Assessment {
        let (results, scores, date) = (scored.results, scored.scores, scored.asOf)
        // Without `describes` (a batch keeping scores only) there is no plan and no digest of
        // the profile: the expensive parts of a full report.
        let plan =
            describes
            ? ActionPlan.make(
                ruleSet.ruleSet, results: results, scores: scores,
                dependencies: Evaluator(ruleSet).dependencies(for: profile, asOf: date),
                asOf: Date(timeIntervalSince1970: TimeInterval(date.seconds)),
                waivers: Scores.Waived(scored.waivers))
            : ActionPlan.empty
        // The rule set's digests were taken once, when it loaded.
        var inputs = ruleSet.inputs
        if let list = waiverList, !list.path.isEmpty {
            inputs.append(Input(role: "waivers", path: list.path, sha256: list.digest))
        }
        if describes {
            // The digest of the bytes decoded, when the caller had them; never a second read
            // of a file that may have changed or gone since.
            inputs.append(
                Input(role: "profile", path: profile.path, sha256: profile.sourceDigest ?? ""))
        }
        return Assessment(
            ruleSet: ruleSet, profile: profile, asOf: date, results: results, scores: scores,
            plan: plan, inputs: inputs, waivers: scored.waivers)
    }

    /// The data the profile should give: for its `unknown` rules, and for the rules whose
    /// outcome the known data decides though some of what they read is missing; rule id and
    /// path, in rule order.
    public var dataToCollect: [(ruleID: String, path: String)] {
        results.filter { $0.outcome != .notApplicable }.flatMap { result in
            result.missing.map { (result.ruleID, $0) }
        }
    }

    /// The SHA-256 of some bytes, in hex.
    package static func digest(bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in SHA256.hash(data: bytes) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
