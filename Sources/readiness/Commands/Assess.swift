import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport

/// `readiness assess`: one or more organisation profiles against a rule set.
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess organisation profiles: a score, the gaps, and an action plan.",
        discussion: """
            Each profile is validated against the rule set's schema, every rule is evaluated, \
            and the report gives the overall score and band, whether the organisation complies \
            and why, each domain's score, every gap, the data still to collect, and a phased \
            action plan with the score each phase would bring.

            A waiver (--waivers) names a rule, why, who approved it, when, and when it \
            expires: while it holds, the rule does not count against compliance (its score \
            stays); from its expiry, against the assessment date, it counts again.

            Examples:
              readiness assess assessments/02-harbour-community-health.yaml
              readiness assess org.yaml --tailoring funder.yaml --format json -o report.json
              readiness assess org.yaml --waivers waivers.yaml

            Exit status: 0 when every organisation complies, 1 when one does not, 65 for a \
            profile that does not fit the schema, 78 for an invalid rule set.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        case markdown
        case html
        case csv
        case junit

        /// The renderer that writes this format; text is coloured when `color`.
        func renderer(color: Bool) -> any ReportRenderer {
            switch self {
            case .text: TextRenderer(color: color)
            case .json: JSONRenderer()
            case .markdown: MarkdownRenderer()
            case .html: HTMLRenderer()
            case .csv: CSVRenderer()
            case .junit: JUnitRenderer()
            }
        }
    }

    @Argument(help: ArgumentHelp("Profile files (YAML).", valueName: "profile"))
    var profiles: [String]

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @OptionGroup var waiverOptions: WaiverOptions

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "The assessment date (YYYY-MM-DD), instead of each profile's.", valueName: "date"))
    var asOf: String?

    @Option(
        name: .long,
        help:
            "Output format: text, json, markdown, html (one profile), csv (the action plan) or junit."
    )
    var format: Format = .text

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Write the report to a file (atomically) instead of standard output.", valueName: "file"
        ))
    var output: String?

    func validate() throws {
        if format == .html && profiles.count > 1 {
            throw ValidationError(
                "--format html makes one page for one profile; assess the profiles one at a time")
        }
        if let asOf, CELTimestamp(rfc3339: asOf + "T00:00:00Z") == nil || asOf.count != 10 {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD, such as 2026-06-30")
        }
    }

    func run() throws {
        let ruleSet = try ruleSetOptions.load()
        let date = asOf.flatMap { CELTimestamp(rfc3339: $0 + "T00:00:00Z") }
        let waivers = try waiverOptions.load(ruleSet: ruleSet, organisationRequired: false)
        var reports: [AssessmentReport] = []
        var failed: ExitStatus?
        for path in profiles {
            do {
                let assessment = try Assessment.run(
                    ruleSet: ruleSet, profilePath: path, asOf: date, waivers: waivers)
                Output.report(assessment.profile.warnings)
                reports.append(
                    AssessmentReport(assessment).relativizingPaths(
                        to: FileManager.default.currentDirectoryPath))
            } catch {
                Output.report(error.diagnostics)
                failed = Output.status(for: error)
            }
        }
        WaiverOptions.warnUnmatched(
            waivers, organisations: reports.map(\.organisation), each: false)
        if let failed, reports.isEmpty { throw failed.code }
        let renderer = format.renderer(color: output == nil && Output.colorsStandardOutput)
        let text = reports.count == 1 ? renderer.render(reports[0]) : renderer.render(reports)
        try Output.emit(text, to: output)
        if let failed { throw failed.code }
        if reports.contains(where: { $0.summary.compliant == false }) {
            throw ExitStatus.negative.code
        }
    }
}
