import Foundation
import Plot
import ReadinessCore

/// Renders a batch: rows as they arrive (text, CSV, JSON) and the totals at the end; or one
/// HTML page with an organisation × domain heatmap.
public struct BatchRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case text, csv, json, html
    }

    let format: Format
    let ruleSet: RuleSet
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

    /// A heatmap row: the organisation's and overall cells, then one cell for each of the
    /// rule set's domains (the page leaves out a domain no organisation has a score in).
    private struct HeatmapRow {
        let lead: String
        let domainCells: [String]
    }
    /// The encoder of everything but the rows (``JSONRowWriter`` writes those), made once.
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    public init(format: Format, ruleSet: RuleSet) {
        self.format = format
        self.ruleSet = ruleSet
    }

    /// What comes before the first row.
    public func header() -> String {
        switch format {
        case .text:
            return
                "Batch: \(ruleSet.metadata.title) (\(ruleSet.metadata.id) \(ruleSet.metadata.version))\n\n"
                + "  score  band         compliant  organisation\n"
        case .csv:
            let columns =
                [
                    "file", "organisation", "score", "band", "compliant", "mandatory_failed",
                    "unknowns",
                ]
                + ruleSet.domains.map(\.id) + ["errors"]
            return columns.map(CSVRenderer.field).joined(separator: ",") + "\r\n"
        case .json:
            return
                "{\n  \"schema_version\" : 1,\n  \"ruleset\" : { \"id\" : \(quote(ruleSet.metadata.id)), \"version\" : \(quote(ruleSet.metadata.version)) },\n  \"organisations\" : ["
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
            let score = TextRenderer.number(row.score ?? 0).leftPadded(5)
            let band = (row.band ?? "").fitted(12)
            let verdict = (row.compliant == true ? "yes" : "no").fitted(10)
            return "  \(score)  \(band) \(verdict) \(row.organisation ?? row.file)\n"
        case .csv:
            var line = CSVRenderer.Line(capacity: 128 + 8 * ruleSet.domains.count)
            line.add(row.file)
            line.add(row.organisation ?? "")
            if let score = row.score { line.add(number: score) } else { line.addEmpty() }
            line.add(row.band ?? "")
            line.add(row.compliant.map { $0 ? "yes" : "no" } ?? "")
            line.add(row.mandatoryFailed.joined(separator: " "))
            line.add(String(row.unknowns))
            for domain in ruleSet.domains {
                if let score = row.domainScores[domain.id] {
                    line.add(number: score)
                } else {
                    line.addEmpty()
                }
            }
            line.add(row.errors.joined(separator: " | "))
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
            var out = "\n\(totals.compliant) of \(totals.assessed) organisations comply"
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
                        "  \(domain.title.fitted(44)) \(TextRenderer.bar(average))  \(TextRenderer.number(average))\n"
                }
            }
            out += "Rules most often not met:\n"
            for failure in totals.mostFailedRules {
                out += TextRenderer.wrap(
                    "\(failure.rule) \(failure.title) — \(Int((failure.share * 100).rounded()))% of organisations",
                    indent: "    ", first: "  ")
            }
            return out
        case .csv:
            var out = "\r\nmetric,value\r\n"
            out +=
                "profiles,\(totals.profiles)\r\nassessed,\(totals.assessed)\r\nfailed_to_load,\(totals.failedToLoad)\r\ncompliant,\(totals.compliant)\r\n"
            for band in ruleSet.bands {
                out +=
                    "\(CSVRenderer.field("band " + band.label)),\(totals.bands[band.label] ?? 0)\r\n"
            }
            for domain in ruleSet.domains {
                if let average = totals.domainAverages[domain.id] {
                    out +=
                        "\(CSVRenderer.field("average " + domain.id)),\(TextRenderer.number(average))\r\n"
                }
            }
            for failure in totals.mostFailedRules {
                out +=
                    "\(CSVRenderer.field("not met " + failure.rule)),\(TextRenderer.number(failure.share))\r\n"
            }
            return out
        case .json:
            return (rowCount == 0 ? "" : "\n  ") + "],\n  \"totals\" : "
                + Self.nested(encode(totals))
                + "\n}\n"
        case .html:
            return html(totals)
        }
    }

    /// A row's JSON, indented to sit in the `organisations` list.
    private func json(_ row: Batch.Row) -> String {
        JSONRowWriter.write(row, margin: 4)
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

    /// An organisation's heatmap cells, rendered (and escaped) by Plot.
    private mutating func heatmapRow(_ row: Batch.Row) -> HeatmapRow {
        let name: Node<HTML.TableRowContext> = .td(.text(row.organisation ?? row.file))
        let overall: Node<HTML.TableRowContext> = .td(
            .class(Self.shade(row.score) + " num"),
            .text(row.score.map(TextRenderer.number) ?? ""))
        return HeatmapRow(
            lead: name.render() + overall.render(),
            domainCells: ruleSet.domains.map { scoreCell(row.domainScores[$0.id]) })
    }

    /// A domain score's cell: shaded, the score to one decimal, or `n/a`.
    private mutating func scoreCell(_ score: Double?) -> String {
        if let cell = scoreCells[score] { return cell }
        let cell: Node<HTML.TableRowContext> = .td(
            .class(Self.shade(score) + " num"), .text(score.map(TextRenderer.number) ?? "n/a"))
        let rendered = cell.render()
        // Bounded, should scores ever come with more decimals.
        if scoreCells.count < 16_384 { scoreCells[score] = rendered }
        return rendered
    }

    /// The sector page: totals, then organisations × domains with each cell's score.
    private func html(_ totals: Batch.Totals) -> String {
        let shown = ruleSet.domains.indices.filter {
            totals.domainAverages[ruleSet.domains[$0].id] != nil
        }
        let domains = shown.map { ruleSet.domains[$0] }
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "Readiness batch: \(ruleSet.metadata.title)"),
                .style(HTMLRenderer.css + "\n" + Self.heatmapCSS)),
            .body(
                .header(
                    .class("card"),
                    .h1(.text("\(ruleSet.metadata.title): \(totals.assessed) organisations")),
                    .p(
                        .text(
                            "\(totals.compliant) of \(totals.assessed) comply"
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
                    .h2("Scores by organisation and domain"),
                    .p(
                        .class("meta"),
                        .text(
                            "Each cell shows the domain score (0–100); the shading repeats it in five steps."
                        )),
                    .div(
                        .class("scroll"),
                        .table(
                            .class("heatmap"),
                            .tr(
                                .th("Organisation"), .th("Overall"),
                                .forEach(domains) { .th(.text($0.title)) }),
                            .forEach(heatmapRows) { row in
                                .tr(.raw(row.lead + shown.map { row.domainCells[$0] }.joined()))
                            },
                            .tr(
                                .th("Average"), .th(""),
                                .forEach(domains) {
                                    .th(
                                        .class("num"),
                                        .text(
                                            TextRenderer.number(totals.domainAverages[$0.id] ?? 0)))
                                })
                        )
                    )
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
                                    .text(
                                        "\(Int((failure.share * 100).rounded()))% (\(failure.organisations))"
                                    )))
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
                    ))
            )
        )
        return page.render() + "\n"
    }

    static let heatmapCSS = """
        .scroll { overflow-x: auto; } table.heatmap td, table.heatmap th { text-align: center; white-space: nowrap; }
        table.heatmap td:first-child, table.heatmap th:first-child { text-align: left; }
        .s0 { background: #f3d6d8; } .s1 { background: #f7e3cc; } .s2 { background: #f4efc9; } .s3 { background: #dcebd5; } .s4 { background: #c7e3cf; } .na { color: #888; }
        """
}
