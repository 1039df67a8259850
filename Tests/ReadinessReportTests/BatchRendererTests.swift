import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import Testing

/// The batch page: one heatmap row per organisation assessed, complying ones first and then by
/// score, each cell the organisation's domain score; names escaped; unassessed profiles listed
/// apart.
struct BatchRendererTests {
    @Test func heatmapRowsMatchTheScores() throws {
        let manager = FileManager.default
        let folder = try TemporaryFolder("heatmap")
        defer { folder.remove() }
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments")
        for name in ["02-northgate-starting-out", "03-harbour-developing", "05-southern-embedded"] {
            try manager.copyItem(
                at: examples.appendingPathComponent("\(name).yaml"),
                to: folder.appendingPathComponent("\(name).yaml"))
        }
        // An organisation whose name is markup, and a profile that cannot be read.
        let harbour = try String(
            contentsOf: examples.appendingPathComponent("04-eastside-established.yaml"),
            encoding: .utf8)
        try harbour.replacingOccurrences(
            of: "organisation: Eastside Recovery Network",
            with: "organisation: \"<script>alert(1)</script> & Co\""
        ).write(
            to: folder.appendingPathComponent("04-markup.yaml"), atomically: true, encoding: .utf8)
        try "assessment: [\n".write(
            to: folder.appendingPathComponent("06-broken.yaml"), atomically: true, encoding: .utf8)

        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        var rows: [Batch.Row] = []
        var renderer = BatchRenderer(format: .html, ruleSet: ruleSet.ruleSet)
        var page = renderer.header()
        let totals = Batch(ruleSet: ruleSet).run(Batch.profilePaths([folder.path])) { row in
            rows.append(row)
            page += renderer.row(row)
        }
        page += renderer.footer(totals)

        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
        // The page's own sorting script only: the organisation's name is text.
        #expect(page.components(separatedBy: "<script>").count == 2)
        #expect(page.contains("06-broken.yaml</code>: "))
        let assessed = rows.filter { $0.errors.isEmpty }.sorted { left, right in
            if left.compliant != right.compliant { return left.compliant == true }
            return (left.score ?? 0) > (right.score ?? 0)
        }
        #expect(assessed.count == 4)
        let domains = ruleSet.ruleSet.domains.filter { totals.domainAverages[$0.id] != nil }
        // Each assessed organisation's row, in order: its name, date, overall, band, verdict,
        // mandatory rules not met and unknown, then a cell per domain.
        let tableRows = page.components(separatedBy: "<tr>").dropFirst(2).prefix(assessed.count)
        for (row, html) in zip(assessed, tableRows) {
            let cells = html.components(separatedBy: "</td>").dropLast()
            #expect(cells.count == 7 + domains.count, "\(html)")
            let name = (row.organisation ?? row.file).replacingOccurrences(of: "&", with: "&amp;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
                    of: ">", with: "&gt;")
            #expect(cells.first?.hasSuffix("<td class=\"org\">" + name) == true, "\(html)")
            #expect(
                cells.dropFirst(4).first?.hasSuffix(row.compliant == true ? ">yes" : ">no") == true)
            for (domain, cell) in zip(domains, cells.dropFirst(7)) {
                let score = row.domainScores[domain.id]
                let expected = score.map(NumberFormat.oneDecimal) ?? "n/a"
                let shade = score.map { "s\(min(4, Int($0 / 20)))" } ?? "na"
                #expect(
                    cell.hasSuffix("<td class=\"\(shade) num\">" + expected),
                    "\(domain.id): \(cell)")
            }
            let overall = row.score.map(NumberFormat.oneDecimal) ?? ""
            #expect(cells.dropFirst(2).first?.hasSuffix(">" + overall) == true)
        }
    }
}
