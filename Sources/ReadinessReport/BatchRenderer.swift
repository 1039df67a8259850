import Foundation
import Plot
import ReadinessCore

/// Renders a batch: rows as they arrive (text, CSV, JSON) and the totals at the end; or one
/// HTML page with an organisation × domain heatmap.
public struct BatchRenderer {
    /// The formats a batch renders.
    public enum Format: String, Sendable, CaseIterable {
        case text, csv, json, html
    }

    let format: Format
    let ruleSet: RuleSet
    /// The tailoring in force, named in every format's header.
    let tailoring: Tailoring?
    /// The waivers weighed, named in the header; CSV then has a `waived` column.
    let waivers: WaiverList?
    /// Where each organisation's own report is, for HTML links (`--reports-dir`): the file's
    /// path as the page should link it, by profile path.
    let reportLinks: [String: String]
    private var rowCount = 0
    /// For HTML, each assessed organisation's row of the heatmap, its cells rendered as the
    /// row arrives: the page needs every row, but holding the rows themselves and rendering
    /// them all at the end took 108 MB and a second after the last profile for 10,000.
    private var heatmapRows: [HeatmapRow] = []
    /// For HTML, each profile that could not be assessed, and its first problem.
    private var unassessed: [(file: String, problem: String)] = []
    /// For HTML, score cells already rendered, by score (`nil` for none): scores are kept to
    /// two decimals, so a bounded set of cells serves every row, and rendering each cell
    /// anew cost 25,000 instructions.
    private var scoreCells: [Double?: String] = [:]

    /// A heatmap row: the organisation's cells (name, date, score, band, verdict, mandatory
    /// rules), then one cell for each of the rule set's domains (the page leaves out a domain
    /// no organisation has a score in), with what the page is ordered by.
    private struct HeatmapRow {
        let lead: String
        let domainCells: [String]
        let compliant: Bool
        let score: Double
        let position: Int
    }
    /// The encoder of everything but the rows (``JSONRowWriter`` writes those), made once.
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    /// A renderer of one format for a (possibly tailored) rule set; `reportLinks` maps a
    /// profile's path to the link of its own report, for the HTML page.
    public init(
        format: Format, ruleSet: RuleSet, tailoring: Tailoring? = nil,
        reportLinks: [String: String] = [:], waivers: WaiverList? = nil
    ) {
        self.format = format
        self.ruleSet = ruleSet
        self.tailoring = tailoring
        self.waivers = waivers
        self.reportLinks = reportLinks
    }

    /// The rule set and tailoring in one line: "Victorian … (vic-aod 1.0.0), tailored by
    /// funder-minimum (rules/…/funder-minimum.yaml)".
    var ruleSetLine: String {
        "\(ruleSet.metadata.title) (\(ruleSet.metadata.id) \(ruleSet.metadata.version))"
            + (tailoring.map { ", tailored by \($0.id) (\($0.path))" } ?? "")
            + (waivers.map { ", with the waivers of \($0.path)" } ?? "")
    }

    /// The width of the band column: the longest band label, so none is cut short.
    private var bandWidth: Int { max(4, ruleSet.bands.map(\.label.count).max() ?? 4) }

    /// The CSV columns.
    static let leadingColumns = [
        "file", "organisation", "as_of", "score", "band", "compliant", "mandatory_failed",
        "mandatory_unknown", "unknowns",
    ]

    /// What comes before the first row.
    public func header() -> String {
        switch format {
        case .text:
            return
                "Batch: \(ruleSetLine)\n\n"
                + "  score  \("band".fitted(bandWidth))  \(ruleSet.judgesCompliance ? "compliant  " : "")as of       organisation\n"
        case .csv:
            let columns =
                Self.leadingColumns + ruleSet.domains.map(\.id) + ["errors"]
                + (tailoring == nil ? [] : ["tailoring"]) + (waivers == nil ? [] : ["waived"])
            return columns.map(CSVRenderer.field).joined(separator: ",") + "\r\n"
        case .json:
            return
                "{\n  \"schema_version\" : 1,\n  \"ruleset\" : { \"id\" : \(quote(ruleSet.metadata.id)), \"version\" : \(quote(ruleSet.metadata.version)) },\n"
                + (tailoring.map {
                    "  \"tailoring\" : { \"id\" : \(quote($0.id)), \"path\" : \(quote($0.path)) },\n"
                } ?? "")
                + (waivers.map { "  \"waivers\" : { \"path\" : \(quote($0.path)) },\n" } ?? "")
                + "  \"organisations\" : ["
        case .html:
            return ""
        }
    }

    /// One organisation's row.
    public mutating func row(_ row: Batch.Row) -> String {
        defer { rowCount += 1 }
        switch format {
        case .text:
            guard row.errors.isEmpty else {
                return "  error  —            —          \(row.file): \(row.errors.first ?? "")\n"
            }
            let score = NumberFormat.oneDecimal(row.score ?? 0).leftPadded(5)
            let band = (row.band ?? "").fitted(bandWidth)
            // A column of verdicts only where the rule set gives them.
            let verdict =
                ruleSet.judgesCompliance
                ? (row.compliant.map { $0 ? "yes" : "no" } ?? "—").fitted(10) + " " : ""
            var out =
                "  \(score)  \(band)  \(verdict)\((row.asOf ?? "").fitted(10)) \(row.organisation ?? row.file)\n"
            if !row.mandatoryFailed.isEmpty {
                out += Self.indented(
                    "mandatory not met: "
                        + row.mandatoryFailed.map { Self.marked($0, row) }.joined(separator: ", "))
            }
            if !row.mandatoryUnknown.isEmpty {
                out += Self.indented(
                    "mandatory unknown (data missing): "
                        + row.mandatoryUnknown.joined(separator: ", "))
            }
            return out
        case .csv:
            var line = CSVRenderer.Line(capacity: 128 + 8 * ruleSet.domains.count)
            line.add(row.file)
            line.add(row.organisation ?? "")
            line.add(row.asOf ?? "")
            if let score = row.score { line.add(number: score) } else { line.addEmpty() }
            line.add(row.band ?? "")
            line.add(row.compliant.map { $0 ? "yes" : "no" } ?? "")
            line.add(row.mandatoryFailed.joined(separator: " "))
            line.add(row.mandatoryUnknown.joined(separator: " "))
            line.add(String(row.unknowns))
            for domain in ruleSet.domains {
                if let score = row.domainScores[domain.id] {
                    line.add(number: score)
                } else {
                    line.addEmpty()
                }
            }
            line.add(row.errors.joined(separator: " | "))
            if let tailoring { line.add(tailoring.id) }
            if waivers != nil { line.add(row.waived.joined(separator: " ")) }
            return line.finish()
        case .json:
            return (rowCount == 0 ? "\n    " : ",\n    ") + json(row)
        case .html:
            if row.errors.isEmpty {
                heatmapRows.append(heatmapRow(row))
            } else {
                unassessed.append((row.file, row.errors.first ?? ""))
            }
            return ""
        }
    }

    /// The totals, after the last row.
    public func footer(_ totals: Batch.Totals) -> String {
        switch format {
        case .text:
            var out =
                ruleSet.judgesCompliance
                ? "\n\(totals.compliant) of \(totals.assessed) organisations comply"
                : "\n\(totals.assessed) organisations assessed"
            if totals.failedToLoad > 0 {
                out += "; \(totals.failedToLoad) profiles could not be assessed"
            }
            out +=
                ".\nBands: "
                + ruleSet.bands.map { "\($0.label) \(totals.bands[$0.label] ?? 0)" }.joined(
                    separator: ", ") + "\n"
            out += "Domain averages:\n"
            for domain in ruleSet.domains {
                if let average = totals.domainAverages[domain.id] {
                    out +=
                        "  \(domain.title.fitted(44)) \(TextRenderer.bar(average))  \(NumberFormat.oneDecimal(average))\n"
                }
            }
            out += "Rules most often not met:\n"
            for failure in totals.mostFailedRules {
                out += TextRenderer.wrap(
                    "\(failure.rule) \(failure.title) — \(Self.percent(failure)) of organisations (\(failure.organisations))",
                    indent: "    ", first: "  ")
            }
            out += Self.supersededNote(totals)
            return out
        case .csv:
            // One table per file: the totals go to `--summary` (``summary(_:)``).
            return ""
        case .json:
            return (rowCount == 0 ? "" : "\n  ") + "],\n  \"totals\" : "
                + Self.nested(encode(totals))
                + "\n}\n"
        case .html:
            return html(totals)
        }
    }

    /// A rule id, marked `(waived)` where a waiver holds for it in the row.
    static func marked(_ rule: String, _ row: Batch.Row) -> String {
        row.waived.contains(rule) ? "\(rule) (waived)" : rule
    }

    /// A row's second line, indented under the score; wrapped only when too long for 80
    /// columns (wrapping every row's line cost a tenth of a batch's output time).
    private static func indented(_ text: String) -> String {
        text.utf8.count <= 71
            ? "         " + text + "\n"
            : TextRenderer.wrap(text, indent: "           ", first: "         ")
    }

    /// The share of organisations not meeting a rule, as a percentage with one decimal,
    /// exact from the counts.
    static func percent(_ failure: Batch.Totals.RuleFailure) -> String {
        NumberFormat.oneDecimal(failure.percent) + "%"
    }

    /// The note naming profiles left out for a later one of the same organisation.
    static func supersededNote(_ totals: Batch.Totals) -> String {
        guard !totals.superseded.isEmpty else { return "" }
        var out = "Left out, superseded by a later profile of the same organisation:\n"
        for item in totals.superseded {
            out += TextRenderer.wrap(
                "\(item.file) (\(item.organisation), \(item.asOf)) — by \(item.by)",
                indent: "    ", first: "  ")
        }
        return out
    }

    /// The totals as their own CSV table (`--summary FILE`): one `metric,value` row each.
    public func summary(_ totals: Batch.Totals) -> String {
        var lines: [[String]] = [["metric", "value"]]
        lines.append(["ruleset", "\(ruleSet.metadata.id) \(ruleSet.metadata.version)"])
        if let tailoring { lines.append(["tailoring", "\(tailoring.id) (\(tailoring.path))"]) }
        lines += [
            ["profiles", String(totals.profiles)], ["assessed", String(totals.assessed)],
            ["failed_to_load", String(totals.failedToLoad)],
            ["superseded", String(totals.superseded.count)],
        ]
        if ruleSet.judgesCompliance { lines.append(["compliant", String(totals.compliant)]) }
        for band in ruleSet.bands {
            lines.append(["band " + band.label, String(totals.bands[band.label] ?? 0)])
        }
        for domain in ruleSet.domains {
            if let average = totals.domainAverages[domain.id] {
                lines.append(["average " + domain.id, NumberFormat.oneDecimal(average)])
            }
        }
        for failure in totals.mostFailedRules {
            lines.append([
                "percent not meeting " + failure.rule, NumberFormat.oneDecimal(failure.percent),
            ])
        }
        for item in totals.superseded {
            lines.append(["superseded " + item.file, item.by])
        }
        return lines.map { $0.map(CSVRenderer.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// A row's JSON, indented to sit in the `organisations` list.
    private func json(_ row: Batch.Row) -> String {
        JSONRowWriter.write(row, margin: 4)
    }

    /// A row as `--format json` writes it, its lines indented by `margin` spaces after the
    /// first: for documents that carry batch rows (the web application's dashboard).
    public static func json(row: Batch.Row, margin: Int) -> String {
        JSONRowWriter.write(row, margin: margin)
    }

    /// The totals as `--format json` writes them, at the top level.
    public func json(totals: Batch.Totals) -> String {
        encode(totals)
    }

    /// JSON written at the top level, indented to sit one level in.
    private static func nested(_ json: String) -> String {
        // Byte by byte (a line feed is never part of a longer UTF-8 sequence, and the encoder
        // escapes those in strings): Foundation's `replacingOccurrences` cost 750,000
        // instructions a call on Linux.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.utf8.count * 5 / 4)
        for byte in json.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\n") { bytes += [UInt8(ascii: " "), UInt8(ascii: " ")] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func encode<T: Encodable>(_ value: T) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private func quote(_ text: String) -> String { encode(text) }

    /// The shading class of a score's cell: five steps of 20, or none.
    private static func shade(_ score: Double?) -> String {
        guard let score else { return "na" }
        return "s\(min(4, Int(score / 20)))"
    }

    /// The cells of the verdict: complies, mandatory rules not met and not known (left out
    /// for a rule set with no verdict of compliance).
    private static func verdictCells(_ row: Batch.Row) -> [Node<HTML.TableRowContext>] {
        [
            .td(
                .class(row.compliant.map { $0 ? "yes" : "no" } ?? ""),
                .text(row.compliant.map { $0 ? "yes" : "no" } ?? "—")),
            .td(
                .class("rules"),
                .forEach(row.mandatoryFailed) {
                    .group(
                        row.waived.contains($0)
                            ? .span(.class("waived"), .text(marked($0, row))) : .span(.text($0)),
                        .text(" "))
                }),
            .td(
                .class("rules"),
                .forEach(row.mandatoryUnknown) { .group(.span(.text($0)), .text(" ")) }),
        ]
    }

    /// An organisation's heatmap cells, rendered (and escaped) by Plot.
    private mutating func heatmapRow(_ row: Batch.Row) -> HeatmapRow {
        let organisation = row.organisation ?? row.file
        let name: Node<HTML.TableRowContext> = .td(
            .class("org"),
            reportLinks[row.file].map { .a(.href($0), .text(organisation)) } ?? .text(organisation))
        let cells: [Node<HTML.TableRowContext>] =
            [
                .td(.class("date"), .text(row.asOf ?? "")),
                .td(
                    .class(Self.shade(row.score) + " num"),
                    .text(row.score.map(NumberFormat.oneDecimal) ?? "")),
                .td(.text(row.band ?? "")),
            ] + (ruleSet.judgesCompliance ? Self.verdictCells(row) : [])
        return HeatmapRow(
            lead: name.render() + cells.map { $0.render() }.joined(),
            domainCells: ruleSet.domains.map { scoreCell(row.domainScores[$0.id]) },
            compliant: row.compliant == true, score: row.score ?? 0, position: rowCount)
    }

    /// A domain score's cell: shaded, the score to one decimal, or `n/a`.
    private mutating func scoreCell(_ score: Double?) -> String {
        if let cell = scoreCells[score] { return cell }
        let cell: Node<HTML.TableRowContext> = .td(
            .class(Self.shade(score) + " num"), .text(score.map(NumberFormat.oneDecimal) ?? "n/a"))
        let rendered = cell.render()
        // Bounded, should scores ever come with more decimals.
        if scoreCells.count < 16_384 { scoreCells[score] = rendered }
        return rendered
    }

    /// The sector page: totals, then organisations × domains with each cell's score, ordered
    /// by compliance then score (a small script sorts by any column and filters; the page
    /// works without it), a legend of the domains, the weakest rules, and notes.
    private func html(_ totals: Batch.Totals) -> String {
        let shown = ruleSet.domains.indices.filter {
            totals.domainAverages[ruleSet.domains[$0].id] != nil
        }
        let domains = shown.map { ruleSet.domains[$0] }
        let ordered = heatmapRows.sorted { left, right in
            if left.compliant != right.compliant { return left.compliant }
            if abs(left.score - right.score) > 1e-9 { return left.score > right.score }
            return left.position < right.position
        }
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "Readiness batch: \(ruleSet.metadata.title)"),
                .style(HTMLRenderer.css + "\n" + Self.heatmapCSS)),
            .body(
                .class("batch"),
                .header(
                    .class("card"),
                    .h1(.text("\(ruleSet.metadata.title): \(totals.assessed) organisations")),
                    .p(.class("meta"), .text(ruleSetLine)),
                    .p(
                        .text(
                            (ruleSet.judgesCompliance
                                ? "\(totals.compliant) of \(totals.assessed) comply"
                                : "\(totals.assessed) assessed")
                                + (totals.failedToLoad > 0
                                    ? "; \(totals.failedToLoad) profiles could not be assessed"
                                    : "") + ".")),
                    .p(
                        .text(
                            "Bands: "
                                + ruleSet.bands.map { "\($0.label) \(totals.bands[$0.label] ?? 0)" }
                                .joined(separator: " · ")))
                ),
                .section(
                    .class("card"),
                    .h2("Organisations"),
                    .p(
                        .class("meta"),
                        .text(
                            (ruleSet.judgesCompliance
                                ? "Complying organisations first, then by score." : "By score.")
                                + " Domain columns are numbered (see the key below); each cell is the domain score (0–100), shaded in five steps."
                        )),
                    .div(
                        .class("scroll"),
                        .table(
                            .class("heatmap sortable"),
                            .tr(
                                .th("Organisation"), .th("As of"), .th("Score"), .th("Band"),
                                .if(
                                    ruleSet.judgesCompliance,
                                    .group(
                                        .th("Complies"), .th("Mandatory not met"),
                                        .th("Mandatory unknown"))),
                                .forEach(Array(domains.enumerated())) { index, domain in
                                    .th(
                                        .class("num"),
                                        .element(
                                            named: "abbr",
                                            nodes: [
                                                .attribute(named: "title", value: domain.title),
                                                .text("D\(index + 1)"),
                                            ]))
                                }),
                            .forEach(ordered) { row in
                                .tr(.raw(row.lead + shown.map { row.domainCells[$0] }.joined()))
                            },
                            .tr(
                                .class("average"),
                                .th("Average"), .th(""), .th(""), .th(""),
                                .if(
                                    ruleSet.judgesCompliance,
                                    .group(.th(""), .th(""), .th(""))),
                                .forEach(domains) {
                                    .th(
                                        .class("num"),
                                        .text(
                                            NumberFormat.oneDecimal(
                                                totals.domainAverages[$0.id] ?? 0)))
                                })
                        )
                    ),
                    .h3("Domains"),
                    .ol(.class("legend"), .forEach(domains) { .li(.text($0.title)) })
                ),
                .section(
                    .class("card"),
                    .h2("The sector's weakest rules"),
                    .table(
                        .tr(.th("Rule"), .th("Not met by")),
                        .forEach(totals.mostFailedRules) { failure in
                            .tr(
                                .td(.strong(.text(failure.rule)), .text(" \(failure.title)")),
                                .td(
                                    .class("num"),
                                    .text("\(Self.percent(failure)) (\(failure.organisations))")))
                        }
                    )
                ),
                .if(
                    totals.failedToLoad > 0,
                    .section(
                        .class("card"),
                        .h2("Profiles that could not be assessed"),
                        .ul(
                            .forEach(unassessed) { profile in
                                .li(.code(.text(profile.file)), .text(": " + profile.problem))
                            })
                    )),
                .if(
                    !totals.superseded.isEmpty,
                    .section(
                        .class("card"),
                        .h2("Left out: superseded by a later profile"),
                        .ul(
                            .forEach(totals.superseded) { item in
                                .li(
                                    .code(.text(item.file)),
                                    .text(" (\(item.organisation), \(item.asOf)), by "),
                                    .code(.text(item.by)))
                            })
                    )),
                .element(named: "script", nodes: [.raw(Self.script)])
            )
        )
        return page.render() + "\n"
    }

    /// Sorting by any column and a filter box, added by the script itself: without scripts
    /// the page is the ordered table, complete.
    public static let script = """
        (function () {
          var table = document.querySelector('table.sortable');
          if (!table) return;
          var rows = function () { return Array.prototype.slice.call(table.querySelectorAll('tr')).filter(function (r) { return r.querySelector('td'); }); };
          var filter = document.createElement('input');
          filter.type = 'search'; filter.placeholder = 'Filter organisations'; filter.className = 'filter';
          filter.setAttribute('aria-label', 'Filter organisations');
          table.parentNode.parentNode.insertBefore(filter, table.parentNode);
          filter.addEventListener('input', function () {
            var text = filter.value.toLowerCase();
            rows().forEach(function (r) { r.hidden = r.textContent.toLowerCase().indexOf(text) < 0; });
          });
          var headers = table.querySelectorAll('tr:first-child th');
          Array.prototype.forEach.call(headers, function (th, column) {
            th.tabIndex = 0; th.className += ' sorter';
            var sort = function () {
              var descending = th.getAttribute('aria-sort') !== 'descending';
              Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
              var value = function (r) { var t = r.children[column].textContent.trim(); var n = parseFloat(t); return isNaN(n) ? t.toLowerCase() : n; };
              var sorted = rows().sort(function (a, b) { var x = value(a), y = value(b); var c = x < y ? -1 : x > y ? 1 : 0; return descending ? -c : c; });
              var last = table.querySelector('tr.average');
              sorted.forEach(function (r) { table.tBodies[0] ? table.tBodies[0].insertBefore(r, last) : table.insertBefore(r, last); });
            };
            th.addEventListener('click', sort);
            th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
          });
        })();
        """

    static let heatmapCSS = """
        body.batch { max-width: 1260px; }
        .scroll { overflow-x: auto; } table.heatmap td, table.heatmap th { text-align: center; padding: 5px 3px; }
        table.heatmap td:first-child, table.heatmap th:first-child, table.heatmap td.rules { text-align: left; }
        table.heatmap { font-size: .85rem; } table.heatmap td.num, table.heatmap td.date { white-space: nowrap; }
        table.heatmap td.rules { font-size: .78rem; width: 6.5rem; min-width: 6.5rem; } table.heatmap td.rules span { white-space: nowrap; }
        table.heatmap td.org { min-width: 9rem; } td.no { color: var(--no); font-weight: 600; } td.yes { color: var(--ok); font-weight: 600; }
        th.sorter { cursor: pointer; } input.filter { width: 100%; max-width: 24rem; padding: 6px 8px; margin: 0 0 .6rem; font: inherit; }
        ol.legend { columns: 2 16rem; font-size: .9rem; }
        .s0 { background: #f3d6d8; } .s1 { background: #f7e3cc; } .s2 { background: #f4efc9; } .s3 { background: #dcebd5; } .s4 { background: #c7e3cf; } .na { color: #888; }
        """
}
