import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// One compiled rule set serves many assessments at once from Swift concurrency, each giving
/// what it gives alone; a cancelled task stops. CI runs this suite under ThreadSanitizer.
struct ConcurrentAssessmentTests {
    static let examples = [
        "01-riverbend-no-peer-workforce", "02-northgate-starting-out", "03-harbour-developing",
        "04-eastside-established", "05-southern-embedded",
    ]

    static func bytes(_ example: String) throws -> [UInt8] {
        [UInt8](
            try Data(
                contentsOf: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/\(example).yaml")))
    }

    /// What a report says, as text to compare: every rule's outcome and score, the scores,
    /// the plan's actions and the profile's digest.
    static func summary(_ assessment: Assessment) -> String {
        let report = AssessmentReport(assessment)
        return
            ([report.organisation, "\(report.summary.score)", report.summary.band]
            + report.rules.map { "\($0.id) \($0.outcome) \($0.score ?? -1)" }
            + report.plan.flatMap { $0.actions.map(\.id) }
            + report.inputs.map(\.sha256)).joined(separator: "\n")
    }

    /// 100 assessments of the five examples, 20 each, all at once over one rule set: each
    /// gives exactly what the same example gives assessed alone.
    @Test func manyAtOnceOverOneRuleSet() async throws {
        let ruleSet = try BuiltInRuleSet.load()
        var alone: [String: String] = [:]
        for example in Self.examples {
            alone[example] = Self.summary(
                try Assessment.run(
                    ruleSet: ruleSet,
                    profileText: String(
                        decoding: try Self.bytes(example),
                        as: UTF8.self), name: example))
        }
        let inputs = try Self.examples.map { ($0, try Self.bytes($0)) }
        let results = try await withThrowingTaskGroup(of: (String, String).self) { group in
            for _ in 0..<20 {
                for (example, bytes) in inputs {
                    group.addTask {
                        let assessment = try await Assessment.assess(
                            ruleSet: ruleSet, profileBytes: bytes, name: example)
                        return (example, Self.summary(assessment))
                    }
                }
            }
            var all: [(String, String)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 100)
        for (example, summary) in results {
            #expect(summary == alone[example], "\(example)")
        }
    }

    /// A profile with problems gives its diagnostics, as the synchronous call does.
    @Test func problemsAreDiagnostics() async throws {
        let ruleSet = try BuiltInRuleSet.load()
        await #expect(throws: DiagnosticError.self) {
            try await Assessment.assess(
                ruleSet: ruleSet, profileBytes: Array("assessment: [1]\n".utf8),
                name: "upload.yaml")
        }
    }

    /// A task cancelled before its assessment starts stops with `CancellationError`.
    @Test func cancelledTaskStops() async throws {
        let ruleSet = try BuiltInRuleSet.load()
        let bytes = try Self.bytes("03-harbour-developing")
        let task = Task {
            // Waits until cancelled, then assesses.
            while !Task.isCancelled { await Task.yield() }
            return try await Assessment.assess(
                ruleSet: ruleSet, profileBytes: bytes, name: "harbour.yaml")
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    /// The rule set's lent readers decode as a reader of its own does, from many tasks at
    /// once: the same fields, digest and problems; a file past the limit is refused by name.
    @Test func lentReadersDecodeAsAReaderOfItsOwn() async throws {
        let ruleSet = try BuiltInRuleSet.load()
        let schema = ruleSet.ruleSet.schema
        var inputs = try Self.examples.map { ($0, try Self.bytes($0)) }
        inputs.append(
            ("broken", Array("assessment: {organisation: X}\nstaff: {total: many}\n".utf8)))
        func decoded(_ decode: () throws(DiagnosticError) -> Profile) -> String {
            do {
                let profile = try decode()
                return "\(profile.fields) \(profile.sourceDigest ?? "-")"
            } catch {
                return error.diagnostics.map(\.description).joined(separator: "\n")
            }
        }
        let alone = Dictionary(
            uniqueKeysWithValues: inputs.map { name, bytes in
                (
                    name,
                    decoded { () throws(DiagnosticError) in
                        try ProfileDecoder.decode(bytes, name: name, schema: schema)
                    }
                )
            })
        #expect(alone["broken"]?.contains("broken:1:13") == true)
        let lent = await withTaskGroup(of: (String, String).self) { group in
            for _ in 0..<10 {
                for (name, bytes) in inputs {
                    group.addTask {
                        (
                            name,
                            decoded { () throws(DiagnosticError) in
                                try ProfileDecoder.decode(bytes, name: name, ruleSet: ruleSet)
                            }
                        )
                    }
                }
            }
            var all: [(String, String)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(lent.count == 10 * inputs.count)
        for (name, text) in lent { #expect(text == alone[name], "\(name)") }
        let tooLarge = decoded { () throws(DiagnosticError) in
            try ProfileDecoder.decode(
                [UInt8](repeating: 0x20, count: ruleSet.limits.fileBytes + 1), name: "big.yaml",
                ruleSet: ruleSet)
        }
        #expect(tooLarge.contains("big.yaml"))
    }
}
