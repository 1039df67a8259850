import ArgumentParser
import Foundation
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// `readiness batch`: one rule set over many organisations.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Assess many organisation profiles: who complies, the sector's weak points.",
        discussion: """
            PATH is a profile or a folder (searched recursively for .yaml and .yml files). \
            Profiles are assessed in parallel on every core and written out as they finish, \
            in path order. A profile that cannot be assessed is reported and counted, and a \
            folder that cannot be searched is reported; the batch goes on.

            The same organisation twice (a folder that keeps last year's file) counts once: \
            the profile with the latest as_of; the others are named in a note.

            Waivers (--waivers) each name their organisation, as its profile does; a waiver \
            that holds keeps its rule from counting against that organisation's compliance.

            Exit status: 0 when every profile was assessed and complies; 1 when one does not \
            comply; 65 when a profile could not be assessed or a folder could not be searched \
            (it takes precedence); 78 for an invalid rule set.

            Example:
              readiness batch assessments/ --format csv -o sector.csv --summary totals.csv
              readiness batch assessments/ --format html -o sector.html --reports-dir reports
              readiness batch assessments/ --tailoring contract.yaml --waivers waivers.yaml
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json, html
    }

    @Argument(help: ArgumentHelp("Profiles or folders of profiles.", valueName: "path"))
    var paths: [String]

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @OptionGroup var waiverOptions: WaiverOptions

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The assessment date for every profile (YYYY-MM-DD).", valueName: "date")
    )
    var asOf: String?

    @Option(name: .long, help: "Output format: text, csv, json or html.")
    var format: Format = .text

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("Write to a file (atomically).", valueName: "file"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the totals to this file as a CSV table of their own (with --format csv).",
            valueName: "file"))
    var summary: String?

    @Option(
        name: .customLong("reports-dir"),
        help: ArgumentHelp(
            "Also write each organisation's own HTML report into this folder; the HTML page links to them.",
            valueName: "folder"))
    var reportsDir: String?

    func validate() throws {
        if summary != nil, format != .csv {
            throw ValidationError(
                "--summary writes the CSV totals table: use it with --format csv (the other formats include the totals)"
            )
        }
        if let asOf, asOf.count != 10 || CELTimestamp(rfc3339: asOf + "T00:00:00Z") == nil {
            throw ValidationError("--as-of must be a date written YYYY-MM-DD, such as 2026-06-30")
        }
    }

    func run() throws {
        // The folders are searched, and each profile's header read (to count an organisation
        // once), on another core while the rule set loads: all come before the first profile.
        let maxBytes = ruleSetOptions.limitOptions.limits.fileBytes
        let searching = Concurrently { [paths] in
            let search = Batch.search(paths)
            return (search, BatchDuplicates.select(search.profiles, maxBytes: maxBytes))
        }
        let ruleSet = try ruleSetOptions.load()
        let (search, (files, superseded)) = searching.result()
        for folder in search.unreadableFolders {
            Output.report([
                Diagnostic(
                    .error, code: "batch.folder-unreadable",
                    message:
                        "\(folder.path): cannot search this folder (\(folder.reason)); the profiles in it are not in the batch",
                    help: "make the folder readable by this user, or leave it out of the paths")
            ])
        }
        if files.isEmpty, !search.unreadableFolders.isEmpty { throw ExitStatus.invalidData.code }
        guard !files.isEmpty else {
            Output.report([
                Diagnostic(
                    .error, code: "batch.empty",
                    message: "no .yaml profiles found in \(paths.joined(separator: ", "))",
                    help: "name a folder that holds profiles (`*.yaml` or `*.yml`), or the files")
            ])
            throw ExitStatus.inputMissing.code
        }
        let waivers = try waiverOptions.load(ruleSet: ruleSet, organisationRequired: true)
        let batch = Batch(
            ruleSet: ruleSet, asOf: asOf.flatMap { CELTimestamp(rfc3339: $0 + "T00:00:00Z") },
            waivers: waivers)
        let reports = try reportsDir.map { folder in
            try ReportsFolder(folder: folder, linkedFrom: output, profiles: files)
        }
        var renderer = BatchRenderer(
            format: BatchRenderer.Format(rawValue: format.rawValue) ?? .text,
            ruleSet: ruleSet.ruleSet, tailoring: ruleSet.tailoring,
            reportLinks: reports?.links ?? [:], waivers: waivers)
        let stream = try StreamedOutput(path: output)
        stream.write(renderer.header())
        let showProgress = isatty(STDERR_FILENO) != 0
        var failedToLoad = 0
        var nonCompliant = 0
        var organisations: [String] = []
        let totals = batch.run(
            files,
            emit: { row in
                if !row.errors.isEmpty { failedToLoad += 1 }
                if row.compliant == false { nonCompliant += 1 }
                if waivers != nil, let name = row.organisation { organisations.append(name) }
                stream.write(renderer.row(row))
            },
            progress: { done, total in
                guard showProgress else { return }
                let width = 30
                let filled = width * done / max(1, total)
                let bar =
                    String(repeating: "█", count: filled)
                    + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r  \(bar) \(done)/\(total)".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            })
        var withNotes = totals
        withNotes.superseded = superseded
        stream.write(renderer.footer(withNotes))
        try stream.finish()
        WaiverOptions.warnUnmatched(waivers, organisations: organisations)
        if let summary { try Output.emit(renderer.summary(withNotes), to: summary) }
        if let reports {
            try reports.write(ruleSet: ruleSet, asOf: batch.asOf, waivers: waivers)
        }
        if failedToLoad > 0 || !search.unreadableFolders.isEmpty {
            throw ExitStatus.invalidData.code
        }
        if nonCompliant > 0 { throw ExitStatus.negative.code }
    }
}
