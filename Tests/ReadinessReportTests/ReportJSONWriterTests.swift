import Foundation
import ReadinessTestSupport
import Testing

@testable import ReadinessCore
@testable import ReadinessReport

/// The report's JSON, written by hand, is byte for byte what `JSONEncoder` writes of the
/// report: for every example, tailored and not, for several reports at once, and for reports
/// with every optional field set, every list empty, and texts and numbers of every kind.
struct ReportJSONWriterTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce")
        .path

    /// What `--format json` wrote before the writer: the reference.
    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func examples(tailored: Bool) throws -> [AssessmentReport] {
        let ruleSet = try CompiledRuleSet.load(
            folder: folder,
            tailoringPath: tailored ? folder + "/tailoring/funder-minimum.yaml" : nil)
        let examples = try FileManager.default.contentsOfDirectory(
            atPath: Paths.repositoryRoot.appendingPathComponent("assessments").path
        ).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(examples.count >= 5)
        return try examples.map { name in
            let path = Paths.repositoryRoot.appendingPathComponent("assessments/\(name)").path
            return AssessmentReport(try Assessment.run(ruleSet: ruleSet, profilePath: path))
        }
    }

    @Test(arguments: [false, true]) func examplesAsTheEncoderWritesThem(tailored: Bool) throws {
        let reports = try Self.examples(tailored: tailored)
        for report in reports {
            let (written, reference) = (JSONRenderer().render(report), try Self.encoded(report))
            #expect(
                written == reference,
                "\(report.organisation): \(Self.firstDifference(written, reference))")
        }
        let (written, reference) = (JSONRenderer().render(reports), try Self.encoded(reports))
        #expect(written == reference, "\(Self.firstDifference(written, reference))")
        #expect(JSONRenderer().render([]) == (try Self.encoded([AssessmentReport]())))
    }

    /// Every optional field present, then every optional field absent and every list empty,
    /// with texts and numbers drawn from every kind: a field the writer leaves out, misplaces
    /// or writes differently fails here.
    @Test func everyFieldAndEveryKindOfValue() throws {
        let base = try Self.examples(tailored: true)[2]
        var random = JSONRowWriterTests.SplitMix(state: 11)
        for round in 0..<200 {
            let report = Self.varied(base, filled: round % 2 == 0, random: &random)
            let written = JSONRenderer().render(report)
            let reference = try Self.encoded(report)
            if written != reference {
                Issue.record("round \(round): \(Self.firstDifference(written, reference))")
                break
            }
        }
    }

    /// The first line where two texts differ, and the line of each.
    static func firstDifference(_ mine: String, _ theirs: String) -> String {
        let (left, right) = (mine.split(separator: "\n"), theirs.split(separator: "\n"))
        for (index, (a, b)) in zip(left, right).enumerated() where a != b {
            return "line \(index + 1): written `\(a)`, encoder `\(b)`"
        }
        return "written \(left.count) lines, encoder \(right.count)"
    }

    /// The report with its texts and numbers replaced by random ones; `filled`: every optional
    /// set and every list given items; otherwise every optional `nil` and every list empty.
    static func varied(
        _ base: AssessmentReport, filled: Bool, random: inout JSONRowWriterTests.SplitMix
    ) -> AssessmentReport {
        func text() -> String { JSONRowWriterTests.text(&random) }
        func texts() -> [String] {
            filled ? (0..<Int.random(in: 1...3, using: &random)).map { _ in text() } : []
        }
        func number() -> Double { JSONRowWriterTests.number(&random) }
        func count() -> Int { Int.random(in: -5...5_000, using: &random) }
        func maybe<T>(_ value: T) -> T? { filled ? value : nil }

        var report = base
        report.asOf = text()
        report.assessor = maybe(text())
        report.organisation = text()
        report.tool = text()
        report.schemaVersion = count()
        report.planStart = number()
        report.formulas = texts()
        report.warnings = texts()
        report.ruleset = .init(id: text(), version: text(), title: text())
        report.tailoring = maybe(.init(id: text(), title: text(), path: text()))
        report.inputs = report.inputs.map { _ in .init(role: text(), path: text(), sha256: text()) }
        report.summary.score = number()
        report.summary.band = text()
        report.summary.compliant = maybe(Bool.random(using: &random))
        report.summary.reasons = texts()
        report.summary.minScore = maybe(number())
        report.summary.unknownScoring = text()
        report.summary.waived = maybe(texts())
        report.waivers = maybe(
            texts().map {
                .init(
                    rule: $0, organisation: maybe(text()), justification: text(),
                    approvedBy: text(), granted: text(), expires: text(),
                    status: Bool.random(using: &random) ? .active : .expired,
                    outcome: Outcome.allCases[abs(count()) % Outcome.allCases.count],
                    excuses: Bool.random(using: &random), location: text())
            })
        // Its keys are the outcomes' names, whatever the report (the writer orders them by
        // code point; the encoder's order differs from that only for other texts).
        report.summary.outcomeCounts = Dictionary(
            uniqueKeysWithValues: Outcome.allCases.filter { _ in
                filled || Bool.random(using: &random)
            }
            .map { ($0.rawValue, count()) })
        report.domains = report.domains.map {
            var domain = $0
            domain.id = text()
            domain.title = text()
            domain.weight = number()
            domain.score = maybe(number())
            domain.rulesCounted = count()
            domain.scored = maybe(Bool.random(using: &random))
            domain.band = maybe(text())
            domain.feedback = maybe(text())
            return domain
        }
        report.rules = (filled ? report.rules : []).map {
            var rule = $0
            rule.id = text()
            rule.title = text()
            rule.domain = text()
            rule.weight = number()
            rule.mandatory.toggle()
            rule.score = maybe(number())
            rule.gap = maybe(text())
            rule.met = maybe(count())
            rule.total = maybe(count())
            rule.notKnown = maybe(count())
            rule.evidence = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                .init(path: text(), value: text(), label: text(), answers: text())
            }
            rule.missing = texts()
            rule.message = maybe(text())
            rule.references = texts()
            rule.pointsIfMet = maybe(number())
            rule.rationale = maybe(text())
            rule.source = maybe(text())
            rule.scored = maybe(Bool.random(using: &random))
            rule.mandatoryAtLeast = maybe(number())
            rule.mandatoryAtLeastLevel = maybe(text())
            rule.rating = maybe(.init(value: number(), label: text(), highest: count()))
            rule.evidenceRequired = maybe(true)
            return rule
        }
        report.dataToCollect = texts().map { .init(rule: $0, path: text(), label: text()) }
        report.respondents = maybe(count())
        report.disagreements = maybe(
            texts().map {
                .init(
                    path: $0, label: text(), combined: number(), spread: number(),
                    ratings: texts().map {
                        .init(respondent: $0, role: text(), rating: number(), label: text())
                    })
            })
        report.plan = report.plan.map {
            var phase = $0
            phase.name = text()
            phase.projectedScore = number()
            phase.projectedBand = text()
            phase.projectedCompliant = maybe(Bool.random(using: &random))
            phase.due = maybe(text())
            phase.actions = (filled ? phase.actions : []).map {
                var action = $0
                action.id = text()
                action.title = text()
                action.owner = maybe(text())
                action.effortDays = maybe(number())
                action.steps = texts()
                action.dependsOn = texts()
                action.closes = texts()
                action.completes = texts()
                action.points = number()
                action.mandatory.toggle()
                action.prerequisiteOnly.toggle()
                action.after = texts()
                action.neededBy = texts()
                action.due = maybe(text())
                action.why = text()
                return action
            }
            return phase
        }
        report.compliance = maybe(
            .init(
                status: text(), phase: maybe(text()), by: maybe(text()), reasons: texts(),
                statement: text()))
        return report
    }
}
