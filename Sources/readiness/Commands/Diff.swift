import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// `readiness diff`: one organisation's progress between two assessments.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract:
            "Compare two profiles of one organisation: score and band changes, rules improved and regressed, actions completed, new gaps.",
        discussion: """
            Example:
              readiness diff org-2025.yaml org-2026.yaml --format markdown
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json, html
    }

    @Argument(help: ArgumentHelp("The earlier profile.", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The later profile.", valueName: "new"))
    var new: String

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Flag(
        name: .long,
        help: "Compare profiles of two different organisations (otherwise an error, status 65).")
    var allowDifferentOrganisations = false

    @Option(
        name: .long, help: "Output format: text, markdown, json or html (one page for a board).")
    var format: Format = .text

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Write to a file (atomically).", valueName: "file"))
    var output: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.load()
        let before: Assessment
        let after: Assessment
        do {
            before = try Assessment.run(ruleSet: ruleSet, profilePath: old)
            after = try Assessment.run(ruleSet: ruleSet, profilePath: new)
        } catch {
            Output.report(error.diagnostics)
            throw Output.status(for: error).code
        }
        if before.profile.organisation != after.profile.organisation, !allowDifferentOrganisations {
            Output.report([
                Diagnostic(
                    .error, code: "diff.different-organisations",
                    message:
                        "OLD is `\(before.profile.organisation)` but NEW is `\(after.profile.organisation)`: a diff compares one organisation at two dates",
                    at: Self.organisationRange(in: new),
                    help:
                        "give two profiles of the same organisation, or add --allow-different-organisations to compare two organisations"
                )
            ])
            throw ExitStatus.invalidData.code
        }
        if after.asOf < before.asOf {
            Output.report([
                Diagnostic(
                    .warning, code: "diff.new-older-than-old",
                    message:
                        "NEW is assessed \(String(after.asOf.rfc3339.prefix(10))), before OLD (\(String(before.asOf.rfc3339.prefix(10)))): the changes below run backwards in time",
                    at: Self.organisationRange(in: new),
                    help: "give the earlier profile first: readiness diff OLD NEW")
            ])
        }
        let diff = AssessmentDiff(before: AssessmentReport(before), after: AssessmentReport(after))
        let text: String
        switch format {
        case .text: text = DiffRenderer.text(diff)
        case .markdown: text = DiffRenderer.text(diff, markdown: true)
        case .json: text = DiffRenderer.json(diff)
        case .html: text = DiffRenderer.html(diff)
        }
        try Output.emit(text, to: output)
    }

    /// Where a profile names its organisation (the `organisation:` key), for a message that
    /// points at it; the file's start when the key cannot be found as written.
    static func organisationRange(in path: String) -> SourceRange {
        let lines =
            (try? String(contentsOfFile: path, encoding: .utf8))?.split(
                separator: "\n", omittingEmptySubsequences: false) ?? []
        for (index, line) in lines.enumerated() {
            if let range = line.range(of: "organisation:") {
                let column =
                    line.unicodeScalars.distance(
                        from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
                return SourceRange(
                    start: SourceLocation(file: path, line: index + 1, column: column))
            }
        }
        return SourceRange(start: SourceLocation(file: path, line: 1, column: 1))
    }
}
