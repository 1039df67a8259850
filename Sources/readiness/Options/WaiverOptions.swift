import ArgumentParser
import ReadinessCore
import SourceDiagnostics

/// `--waivers`, shared by `assess` and `batch`.
struct WaiverOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file of waivers: rules that, for a reason and until a date, do not count against compliance.",
            valueName: "file"))
    var waivers: String?

    /// Loads the waivers, if given, against the (tailored) rule set; reports problems and
    /// exits 66 for a file that cannot be read, 65 for one that is not valid.
    func load(ruleSet: CompiledRuleSet, organisationRequired: Bool) throws -> WaiverList? {
        guard let waivers else { return nil }
        do {
            return try WaiverDecoder.load(
                path: waivers, ruleSet: ruleSet.ruleSet,
                organisationRequired: organisationRequired, limits: ruleSet.limits)
        } catch {
            Output.report(error.diagnostics)
            throw Output.status(for: error).code
        }
    }

    /// Warns of each waiver naming an organisation that none of those assessed is: it was
    /// weighed for nobody, which a misspelt name would otherwise hide. With `each` false (a
    /// funder's list read for one organisation's report) only when no waiver of the list is
    /// for any organisation assessed.
    static func warnUnmatched(_ list: WaiverList?, organisations: [String], each: Bool = true) {
        guard let list else { return }
        let unmatched = list.waivers.filter { waiver in
            waiver.organisation != nil
                && !organisations.contains(where: { waiver.isFor(organisation: $0) })
        }
        guard each || unmatched.count == list.waivers.count else { return }
        Output.report(
            unmatched.map { waiver in
                Diagnostic(
                    .warning, code: "waiver.unmatched",
                    message:
                        "the waiver of \(waiver.rule) is for `\(waiver.organisation ?? "")`, but no profile assessed is for that organisation"
                        + Suggestion.didYouMean(waiver.organisation ?? "", among: organisations),
                    at: waiver.range, path: list.path,
                    help:
                        "write the organisation as its profile does (`assessment.organisation`), or leave the waiver out"
                )
            })
    }
}
