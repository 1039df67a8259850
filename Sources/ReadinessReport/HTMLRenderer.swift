import Plot
import ReadinessCore

/// Renders a report as one self-contained HTML page: no scripts, fonts or images from
/// elsewhere, inline CSS and SVG only; readable on a phone and printable on A4. Built as typed
/// Plot nodes, so every piece of input text is escaped by construction.
public struct HTMLRenderer: ReportRenderer {
    /// A renderer.
    public init() {}

    /// The report as one self-contained HTML page.
    public func render(_ report: AssessmentReport) -> String {
        Self.page(title: "Readiness: \(report.organisation)", [report])
    }

    /// The reports on one page, one after another, each under its organisation's heading.
    public func render(_ reports: [AssessmentReport]) -> String {
        guard reports.count != 1 else { return render(reports[0]) }
        return Self.page(
            title: "Readiness: \(reports.count) organisations", reports)
    }

    /// A page of reports.
    private static func page(title: String, _ reports: [AssessmentReport]) -> String {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                // Plot's `.title()` also copies the text, unescaped, into social-media meta
                // attributes; a plain element keeps it escaped text.
                .element(named: "title", text: title),
                .style(css)
            ),
            .body(.group(reports.flatMap(content)))
        )
        return html.render() + "\n"
    }

    /// The report as a fragment for a page of one's own (a web application's), and the
    /// stylesheet it needs: every rule scoped under `.readiness-report`, the fragment's one
    /// outer element, so nothing leaks into the page around it.
    public static func fragment(_ report: AssessmentReport) -> (html: String, css: String) {
        let node: Node<HTML.BodyContext> = .div(.class("readiness-report"), .group(content(report)))
        return (node.render(), scopedCSS)
    }

    /// The stylesheet of ``fragment(_:)``: ``css`` with each selector under `.readiness-report`
    /// (`body` and `:root` become the fragment itself).
    public static let scopedCSS = CSSScope.scoped(css, under: ".readiness-report")

    /// The report's content: summary, domains, gaps, data to collect, plan, and the footer.
    private static func content(_ report: AssessmentReport) -> [Node<HTML.BodyContext>] {
        return [
            .header(
                .class("card summary"),
                .h1(.text(report.organisation)),
                .p(
                    .class("meta"),
                    .text(
                        "Assessed \(report.asOf) against \(report.ruleset.title) (\(report.ruleset.id) \(report.ruleset.version))"
                            + (report.tailoring.map { ", tailored by \($0.title)" } ?? ""))),
                .div(
                    .class("headline"),
                    .div(
                        .class("score"),
                        .span(
                            .class("number"), .text(NumberFormat.oneDecimal(report.summary.score))),
                        .span(.text(" / 100"))),
                    .div(.class("band"), .text(report.summary.band)),
                    .unwrap(report.summary.compliant) { compliant in
                        .div(
                            .class(compliant ? "verdict ok" : "verdict no"),
                            .text(compliant ? "✔ Compliant" : "✘ Not compliant"))
                    }
                ),
                .if(
                    !report.summary.reasons.isEmpty,
                    .ul(.class("reasons"), .forEach(report.summary.reasons) { .li(.text($0)) })),
                waiversSection(ScoringWords.waivers(report)),
                BoardSummary.html(report)
            ),
            .section(
                .class("card"),
                .h2("Domain scores"),
                domainChart(report),
                feedbackSection(ScoringWords.feedback(report)),
                disagreementsSection(ScoringWords.disagreements(report))
            ),
            gapsSection(report),
            .if(!report.dataToCollect.isEmpty, dataSection(report)),
            planSection(report),
            .footer(
                .class("card footer"),
                .h2("How the scores are computed"),
                .ul(.forEach(report.formulas) { .li(.text($0)) }),
                .p(
                    .text(
                        "Rule set \(report.ruleset.id) \(report.ruleset.version) · as of \(report.asOf) · "
                            + (report.tailoring.map { "tailoring \($0.id) · " } ?? "")
                            + report.tool)),
                .details(
                    .class("inputs"),
                    .summary("Where this report comes from"),
                    .p("Every file that went into the verdict, with its SHA-256:"),
                    .ul(
                        .forEach(report.inputs) { input in
                            .li(
                                .text("\(input.role): "), .code(.text(input.path)),
                                .br(), .code(.text(input.sha256)))
                        }))
            ),
        ]
    }

    // MARK: - Sections

    /// Each domain's feedback for its band, where domains have it.
    private static func feedbackSection(_ feedback: [(title: String, band: String, text: String)])
        -> Node<HTML.BodyContext>
    {
        .if(
            !feedback.isEmpty,
            .div(
                .class("feedback"),
                .h3("Feedback by domain"),
                .forEach(feedback) { title, band, text in
                    .p(.strong(.text("\(title) — \(band). ")), .text(text))
                }))
    }

    /// The statements respondents rated far apart, where several rated.
    private static func disagreementsSection(_ found: [(statement: String, ratings: String)])
        -> Node<HTML.BodyContext>
    {
        .if(
            !found.isEmpty,
            .div(
                .class("feedback disagreements"),
                .h3(.text(ScoringWords.disagreementsHeading)),
                .p(.text(ScoringWords.disagreementsNote)),
                .ul(
                    .forEach(found) { statement, ratings in
                        .li(.strong(.text(statement)), .text(" — \(ratings)"))
                    })))
    }

    /// The waivers that bear on the verdict, under it.
    private static func waiversSection(
        _ found: [(rule: String, standing: String, detail: String)]
    ) -> Node<HTML.BodyContext> {
        .if(
            !found.isEmpty,
            .div(
                .class("waivers"),
                .h3(.text(ScoringWords.waiversHeading)),
                .ul(
                    .forEach(found) { rule, standing, detail in
                        .li(.strong(.text(rule)), .text(" — \(standing). "), .text(detail))
                    })))
    }

    private static func gapsSection(_ report: AssessmentReport) -> Node<HTML.BodyContext> {
        let gaps = report.gaps
        return .section(
            .class("card"),
            .h2(.text("Gaps (\(gaps.count))")),
            .if(gaps.isEmpty, .p("None: every applicable rule passes.")),
            .forEach(gaps) { rule in
                .div(
                    .class("gap \(rule.outcome.rawValue)"),
                    .h3(
                        .span(
                            .class("tag"),
                            .text(ScoringWords.tags(rule, in: report).joined(separator: " · "))),
                        .text(" \(rule.id): \(rule.title)")),
                    .unwrap(rule.gap) { .p(.text($0)) },
                    .unwrap(rule.message) { .p(.text($0)) },
                    .if(
                        !rule.evidence.isEmpty,
                        .ul(
                            .class("evidence"),
                            .forEach(rule.evidence) { item in
                                .li(.text("\(item.label): \(item.answers)"))
                            })),
                    .if(
                        rule.rationale != nil || rule.source != nil,
                        .details(
                            .class("why"),
                            .summary("Why it matters"),
                            .unwrap(rule.rationale) { .p(.text($0)) },
                            .unwrap(rule.source) { .p(.class("meta"), .text("Source: \($0)")) }))
                )
            }
        )
    }

    private static func dataSection(_ report: AssessmentReport) -> Node<HTML.BodyContext> {
        .section(
            .class("card"),
            .h2("Data to collect"),
            .p(
                "The profile leaves these out. Add them and assess again: the rules that need them are unknown, or decided on what is known."
            ),
            .table(
                .tr(.th("What"), .th("Needed by")),
                .forEach(report.dataToCollect) { entry in
                    .tr(
                        .td(.text(entry.label), .br(), .code(.text(entry.path))),
                        .td(.text(entry.rule)))
                }
            )
        )
    }

    private static func planSection(_ report: AssessmentReport) -> Node<HTML.BodyContext> {
        .section(
            .class("card"),
            .h2("Action plan"),
            .if(report.plan.isEmpty, .p("No actions: nothing needs work.")),
            .if(!report.plan.isEmpty, projectionChart(report)),
            .forEach(phaseHeadings(report)) { phase, heading, start in
                .div(
                    .class("phase"),
                    .h3(.text(heading)),
                    // A list of cards, not a table: nothing to scroll sideways on a phone.
                    .ol(
                        .class("actions"),
                        .attribute(named: "start", value: String(start)),
                        .forEach(phase.actions) { action in
                            .li(
                                .class("action"),
                                .p(
                                    .strong(.text(action.id)),
                                    .text(
                                        " \(action.title)"
                                            + (action.mandatory ? " (mandatory)" : ""))),
                                .p(
                                    .class("meta"),
                                    .text(PlanWords.details(action).joined(separator: " · "))),
                                .p(.class("why"), .text(action.why)),
                                .if(
                                    !action.steps.isEmpty,
                                    .details(
                                        .summary("Steps"),
                                        .ol(.forEach(action.steps) { .li(.text($0)) }))))
                        })
                )
            },
            .p(.class("compliance"), .strong(.text(report.planOutcome)))
        )
    }

    /// Each phase with its heading and the number of its first action.
    private static func phaseHeadings(_ report: AssessmentReport) -> [(
        AssessmentReport.PhaseEntry, String, Int
    )] {
        var previous = report.planStart
        var start = 1
        return report.plan.map { phase in
            defer {
                previous = phase.projectedScore
                start += phase.actions.count
            }
            return (phase, PlanWords.phaseHeading(phase, from: previous), start)
        }
    }

    /// Non-passing rules, mandatory ones first (they decide compliance), then in rule order.

    // MARK: - Charts (inline SVG)

    private static func svg(
        title: String, description: String, width: Int, height: Int,
        _ nodes: [Node<HTML.BodyContext>]
    ) -> Node<HTML.BodyContext> {
        .element(
            named: "svg",
            nodes: [
                .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
                .attribute(named: "viewBox", value: "0 0 \(width) \(height)"),
                .attribute(named: "role", value: "img"),
                .attribute(named: "class", value: "chart"),
                .element(named: "title", text: title),
                .element(named: "desc", text: description),
            ] + nodes)
    }

    private static func rect(x: Double, y: Double, width: Double, height: Double, kind: String)
        -> Node<HTML.BodyContext>
    {
        .selfClosedElement(
            named: "rect",
            attributes: [
                .attribute(named: "x", value: format(x)), .attribute(named: "y", value: format(y)),
                .attribute(named: "width", value: format(max(0, width))),
                .attribute(named: "height", value: format(height)),
                .attribute(named: "class", value: kind),
            ])
    }

    private static func label(
        _ text: String, x: Double, y: Double, anchor: String = "start", kind: String = "label"
    ) -> Node<HTML.BodyContext> {
        .element(
            named: "text",
            nodes: [
                .attribute(named: "x", value: format(x)), .attribute(named: "y", value: format(y)),
                .attribute(named: "text-anchor", value: anchor),
                .attribute(named: "class", value: kind), .text(text),
            ])
    }

    /// Horizontal bars, one per domain, each labelled with its value (so nothing depends on
    /// colour or on reading a bar's length).
    private static func domainChart(_ report: AssessmentReport) -> Node<HTML.BodyContext> {
        // Each domain's name above its bar, so the chart stays readable when a phone scales
        // it down to its width.
        let rowHeight = 40.0
        let barWidth = 340.0
        var nodes: [Node<HTML.BodyContext>] = []
        for (index, domain) in report.domains.enumerated() {
            let y = Double(index) * rowHeight
            nodes.append(
                label(
                    domain.title + (domain.scored == false ? " (\(ScoringWords.informs))" : ""),
                    x: 0, y: y + 14))
            nodes.append(rect(x: 0, y: y + 20, width: barWidth, height: 14, kind: "track"))
            if let score = domain.score {
                nodes.append(
                    rect(x: 0, y: y + 20, width: barWidth * score / 100, height: 14, kind: "bar"))
                nodes.append(
                    label(NumberFormat.oneDecimal(score), x: barWidth + 8, y: y + 32, kind: "value")
                )
            } else {
                nodes.append(label("n/a", x: barWidth + 8, y: y + 32, kind: "value"))
            }
        }
        let description = report.domains.map {
            "\($0.title): \(ScoringWords.score($0, none: "not applicable"))"
                + ($0.band.map { ", \($0)" } ?? "")
        }
        .joined(separator: "; ")
        return svg(
            title: "Domain scores out of 100", description: description, width: 400,
            height: Int(Double(report.domains.count) * rowHeight) + 4, nodes)
    }

    /// The overall score now and after each phase of the plan.
    private static func projectionChart(_ report: AssessmentReport) -> Node<HTML.BodyContext> {
        let points =
            [("Now", report.summary.score)] + report.plan.map { ($0.name, $0.projectedScore) }
        let columnWidth = 110.0
        let chartHeight = 160.0
        // Room above the bars for the label of a full one (a score of 100 drew it off the top).
        let top = 28.0
        var nodes: [Node<HTML.BodyContext>] = []
        for (index, point) in points.enumerated() {
            let x = 20 + Double(index) * columnWidth
            let height = chartHeight * point.1 / 100
            nodes.append(
                rect(
                    x: x, y: top + chartHeight - height, width: 60, height: height,
                    kind: index == 0 ? "bar now" : "bar"))
            nodes.append(
                label(
                    NumberFormat.oneDecimal(point.1), x: x + 30, y: top - 4 + chartHeight - height,
                    anchor: "middle", kind: "value"))
            nodes.append(label(point.0, x: x + 30, y: top + chartHeight + 18, anchor: "middle"))
        }
        let description = points.map { "\($0.0): \(NumberFormat.oneDecimal($0.1))" }.joined(
            separator: "; ")
        return svg(
            title: "Projected overall score after each phase", description: description,
            width: Int(40 + Double(points.count) * columnWidth),
            height: Int(top + chartHeight) + 30, nodes)
    }

    private static func format(_ value: Double) -> String {
        NumberFormat.oneDecimal((value * 10).rounded() / 10)
    }

    static let css = """
        :root { color-scheme: light; --ink: #1b1b1f; --muted: #555; --line: #d9d9e0; --accent: #1f5f8b; --ok: #1e6b34; --no: #a4262c; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 960px; padding: 16px; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f5f5f7; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 0 0 .75rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
        .meta, .inputs { color: var(--muted); font-size: .9rem; }
        .headline { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: baseline; margin: .75rem 0; }
        .score .number { font-size: 2.4rem; font-weight: 700; }
        .band { font-size: 1.3rem; font-weight: 600; color: var(--accent); }
        .verdict { font-weight: 700; padding: 2px 10px; border-radius: 4px; border: 2px solid; }
        .verdict.ok { color: var(--ok); } .verdict.no { color: var(--no); }
        .reasons { margin: .5rem 0 0; }
        .waivers h3 { margin: .75rem 0 .25rem; font-size: 1rem; }
        .waivers ul { margin: 0; }
        svg.chart { width: 100%; height: auto; max-width: 560px; display: block; }
        svg .label { font-size: 13px; fill: var(--ink); } svg .value { font-size: 13px; font-weight: 700; fill: var(--ink); }
        svg .track { fill: #ececf1; } svg .bar { fill: var(--accent); } svg .bar.now { fill: #7c8ea3; }
        .gap { border-left: 4px solid var(--line); padding-left: 12px; margin: .75rem 0; }
        .gap.fail, .gap.error { border-left-color: var(--no); } .gap.partial { border-left-color: #b7791f; }
        .tag { display: inline-block; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; border: 1px solid var(--muted); border-radius: 3px; padding: 0 5px; color: var(--muted); }
        .evidence { font-size: .9rem; color: var(--muted); }
        table { width: 100%; border-collapse: collapse; font-size: .92rem; }
        th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 6px 8px; }
        td.num { text-align: right; } td ol { margin: .3rem 0 0; padding-left: 1.2rem; color: var(--muted); }
        ol.actions { padding-left: 1.6rem; margin: 0; } li.action { margin: 0 0 .8rem; } li.action p { margin: .1rem 0; overflow-wrap: anywhere; }
        .why { font-size: .9rem; font-style: italic; } .board { border-top: 1px solid var(--line); margin-top: .8rem; padding-top: .4rem; } .compliance { margin-top: 1rem; }
        code { font-size: .85rem; background: #f0f0f4; padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
        @media (max-width: 600px) { body { padding: 8px; } .card { padding: 12px; } }
        @media print { @page { size: A4; margin: 14mm; } body { background: #fff; max-width: none; padding: 0; font-size: 11pt; }
          .card { border: none; padding: 0; margin-bottom: 12pt; break-inside: avoid-page; } .phase, .gap { break-inside: avoid; } }
        """
}
