import Foundation
import ReadinessCore
import ReadinessTestSupport
import Testing

@testable import ReadinessReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The report formats: structure, escaping, and identical bytes run after run.
struct RendererTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce")
        .path

    /// A report for an example organisation, optionally renamed (to test escaping).
    private func report(_ example: String = "03-harbour-developing", organisation: String? = nil)
        throws -> AssessmentReport
    {
        let ruleSet = try CompiledRuleSet.load(folder: Self.folder)
        let path = Paths.repositoryRoot.appendingPathComponent("assessments/\(example).yaml").path
        var assessment = try Assessment.run(ruleSet: ruleSet, profilePath: path)
        if let organisation {
            var profile = assessment.profile
            profile.organisation = organisation
            assessment = Assessment.assess(ruleSet: ruleSet, profile: profile)
        }
        return AssessmentReport(assessment)
    }

    /// The CSV parses back (RFC 4180) into one row per planned action.
    @Test func csvParsesBack() throws {
        let report = try report()
        let csv = CSVRenderer().render(report)
        #expect(csv.hasSuffix("\r\n"))
        let rows = Self.parseCSV(csv)
        #expect(
            rows.first == [
                "phase", "priority", "id", "title", "owner", "effort_days", "due", "depends_on",
                "closes", "completes", "points", "mandatory", "why", "compliant_after_phase",
            ])
        // Each row's points sum, phase by phase, to the phase's rise, as the plan says.
        let points = rows.dropFirst().compactMap { Double($0[10]) }.reduce(0, +)
        #expect(abs(points - ((report.plan.last?.projectedScore ?? 0) - report.planStart)) < 1e-6)
        #expect(rows.count == report.plan.flatMap(\.actions).count + 1)
        let titled = rows.first { $0[2] == "ACT-WORKFORCE-PLAN" }
        #expect(titled?[3] == "Write and endorse a peer workforce plan, led by peer workers")
        #expect(rows.dropFirst().map { $0[1] } == (1...(rows.count - 1)).map(String.init))
    }

    /// Quotes, commas, line breaks and formula-like fields are quoted or defused.
    @Test func csvQuoting() {
        #expect(
            Self.parseCSV("a,\"b,c\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n") == [
                ["a", "b,c", "say \"hi\"", "two\r\nlines"]
            ])
        let rendered = CSVRenderer().render([try! report(organisation: "=HYPERLINK(\"x\"), Inc")])
        #expect(rendered.contains("\"'=HYPERLINK(\"\"x\"\"), Inc\""))
    }

    /// A CRLF inside a field is quoted: as one character it is neither `\r` nor `\n`, and a
    /// check character by character let it through, breaking the row in two.
    @Test(arguments: [
        ("Two\r\nlines", "\"Two\r\nlines\""), ("Plain Service", "Plain Service"),
        ("-1 Service", "'-1 Service"), ("+Ca,fé\"", "\"'+Ca,fé\"\"\""), ("", ""),
    ])
    func csvField(organisation: String, written: String) throws {
        let rendered = CSVRenderer().render([try report(organisation: organisation)])
        // Each action row starts with the organisation's field, then the phase.
        #expect(rendered.contains("\r\n" + written + ",0-3 months,"))
        let rows = Self.parseCSV(rendered).dropFirst()
        #expect(!rows.isEmpty)
        let defused = "=+-@".contains(organisation.first ?? " ") ? "'" + organisation : organisation
        #expect(rows.allSatisfy { $0.first == defused && $0.count == 15 })
    }

    /// Every format is a ``ReportRenderer``: several reports make one document holding each
    /// (one JSON array, one CSV table with an organisation column, one JUnit file, one HTML
    /// page), and the command line picks the renderer by the format's name alone.
    @Test func everyFormatRendersSeveralReportsAsOneDocument() throws {
        let first = try report("03-harbour-developing")
        let second = try report("02-northgate-starting-out")
        let renderers: [any ReportRenderer] = [
            TextRenderer(), MarkdownRenderer(), HTMLRenderer(), JSONRenderer(), CSVRenderer(),
            JUnitRenderer(),
        ]
        for renderer in renderers {
            let both = renderer.render([first, second])
            let kind = String(describing: type(of: renderer))
            #expect(both.contains(first.organisation), "\(kind)")
            #expect(both.contains(second.organisation), "\(kind)")
        }
        let page = HTMLRenderer().render([first, second])
        #expect(page.components(separatedBy: "<html").count == 2)
        #expect(page.components(separatedBy: "<h1>").count == 3)
        #expect(JSONRenderer().render([first, second]).hasPrefix("["))
        #expect(CSVRenderer().render([first, second]).hasPrefix("organisation,"))
        #expect(!CSVRenderer().render(first).hasPrefix("organisation,"))
        #expect(JUnitRenderer().render(first) == JUnitRenderer().render([first]))
    }

    /// Numbers to one decimal are written as `%.1f` writes the value rounded to a tenth (in
    /// reports always with one decimal and no sign on zero; in CSV whole numbers without `.0`,
    /// ``NumberFormat/count(_:)``), without Foundation's formatting.
    @Test func oneDecimalNumbers() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [
            0, -0.0, 0.05, 0.04999, 0.25, 0.35, 1.45, 2.5, 66.66666666666667, 99.95, 99.94,
            100, -0.04, -0.05, -1.25, 1e15 + 0.3, 9.9e18, 1e20, -1e300, .infinity, -.infinity,
            .nan, .ulpOfOne, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        values += (0..<2000).map { _ in Double.random(in: -200...200, using: &generator) }
        values += (0..<200).map { _ in Double.random(in: -1e17...1e17, using: &generator) }
        for value in values {
            let tenths = (value * 10).rounded() / 10
            let whole = tenths == tenths.rounded() && tenths.magnitude < 0x1p63
            #expect(
                NumberFormat.oneDecimal(value)
                    == (tenths == 0 ? "0.0" : String(format: "%.1f", tenths)), "\(value)")
            // A batch CSV row writes its scores digit by digit, whole ones without `.0`.
            var line = CSVRenderer.Line()
            line.add(number: value)
            #expect(
                line.text
                    == CSVRenderer.field(
                        whole ? String(Int64(tenths)) : String(format: "%.1f", tenths)),
                "\(value)")
            // After another field too, when it is written as text (a negative or huge one).
            var pair = CSVRenderer.Line()
            pair.add("a")
            pair.add(number: value)
            #expect(pair.text == "a," + line.text, "\(value)")
        }
    }

    /// A CSV line's fields are the quoted fields, one after another, separated by commas,
    /// with a CRLF at the end.
    @Test func csvLines() {
        let texts = [
            "", "a", "b,c", "say \"hi\"", "two\r\nlines", "-1 x", "=SUM(A1)", "+Ca,fé\"", "@x",
        ]
        for count in 0...texts.count {
            var line = CSVRenderer.Line()
            for text in texts.prefix(count) { line.add(text) }
            line.addEmpty()
            line.add(number: 12.25)
            #expect(
                line.finish()
                    == (texts.prefix(count).map(CSVRenderer.field) + ["", "12.3"]).joined(
                        separator: ",") + "\r\n")
        }
    }

    /// JUnit XML parses, with a test case per rule and the right failure, skip and pass counts.
    @Test func junitParses() throws {
        let report = try report()
        let document = try XMLDocument(data: Data(JUnitRenderer().render([report]).utf8))
        #expect(try document.nodes(forXPath: "//testcase").count == report.rules.count)
        let failing = report.rules.filter { [.fail, .partial, .unknown].contains($0.outcome) }
            .count
        #expect(try document.nodes(forXPath: "//failure").count == failing)
        #expect(
            try document.nodes(forXPath: "//skipped").count
                == report.rules.filter { $0.outcome == .notApplicable }.count)
    }

    /// The HTML is one self-contained page: no scripts, no external references, input escaped.
    @Test func htmlIsSelfContainedAndEscaped() throws {
        let html = HTMLRenderer().render(try report(organisation: "<script>alert(1)</script> & Co"))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"))
        for external in ["src=", "href=\"http", "url(", "@import", "<link", "<img"] {
            #expect(!html.contains(external), "found \(external)")
        }
        #expect(html.contains("<svg"))
        #expect(html.contains("<title>Domain scores out of 100</title>"))
        #expect(html.contains("<desc>"))
        #expect(html.contains("@media print"))
    }

    /// Markdown has every section, and escapes input.
    @Test func markdownSections() throws {
        let markdown = MarkdownRenderer().render(
            try report(organisation: "Harbour *AOD* | Services"))
        #expect(markdown.hasPrefix("# Readiness assessment: Harbour \\*AOD\\* \\| Services\n"))
        for section in [
            "## Domain scores", "## Gaps (", "## Data to collect", "## Action plan",
            "## How the scores are computed",
        ] {
            #expect(markdown.contains(section), "missing \(section)")
        }
    }

    /// Every format gives identical bytes on a second run.
    @Test func deterministic() throws {
        let first = try report("04-eastside-established")
        let second = try report("04-eastside-established")
        #expect(JSONRenderer().render(first) == JSONRenderer().render(second))
        #expect(HTMLRenderer().render(first) == HTMLRenderer().render(second))
        #expect(MarkdownRenderer().render(first) == MarkdownRenderer().render(second))
        #expect(CSVRenderer().render(first) == CSVRenderer().render(second))
        #expect(JUnitRenderer().render([first]) == JUnitRenderer().render([second]))
        #expect(TextRenderer().render(first) == TextRenderer().render(second))
    }

    /// A minimal RFC 4180 reader for the tests.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        return rows
    }
}

/// Terminal text.
struct TerminalTextTests {
    /// Without colour there are no escape codes, and every line fits 80 columns.
    @Test func plainTextFits() throws {
        let ruleSet = try CompiledRuleSet.load(folder: RendererTests.folder)
        for example in [
            "01-riverbend-no-peer-workforce", "03-harbour-developing", "05-southern-embedded",
        ] {
            let path = Paths.repositoryRoot.appendingPathComponent("assessments/\(example).yaml")
                .path
            let text = TextRenderer(color: false).render(
                AssessmentReport(try Assessment.run(ruleSet: ruleSet, profilePath: path)))
            #expect(!text.contains("\u{1B}"))
            #expect(
                text.split(separator: "\n").allSatisfy { $0.count <= 80 },
                "\(example) has a line over 80 columns")
        }
    }

    /// Bars are 20 characters for 0 to 100.
    @Test(arguments: [(0.0, 0), (50.0, 10), (100.0, 20), (56.7, 11)])
    func bars(score: Double, filled: Int) {
        let bar = TextRenderer.bar(score)
        #expect(bar.count == 20)
        #expect(bar.filter { $0 == "█" }.count == filled)
    }
}

/// Text, markdown and HTML list the gaps in the report's one order.
struct GapOrderInFormatsTests {
    @Test func formatsFollowTheReportsOrder() throws {
        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        let report = AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet,
                profilePath: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/03-harbour-developing.yaml"
                ).path))
        let ids = report.gaps.map(\.id)
        for (format, text) in [
            ("text", TextRenderer().render(report)),
            ("markdown", MarkdownRenderer().render(report)),
            ("html", HTMLRenderer().render(report)),
        ] {
            let positions = ids.compactMap { id in
                text.range(of: " \(id)")?.lowerBound
            }
            #expect(positions.count == ids.count, "\(format)")
            #expect(positions == positions.sorted(), "\(format): gaps out of order")
        }
    }
}

/// A board's summary leads the markdown and HTML; provenance sits, collapsed, at the foot of
/// the HTML with paths relative to the working folder.
struct BoardSummaryTests {
    private func report() throws -> AssessmentReport {
        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        return AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet,
                profilePath: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/03-harbour-developing.yaml"
                ).path))
    }

    @Test func summaryLeadsMarkdownAndHTML() throws {
        let report = try report()
        let markdown = MarkdownRenderer().render(report)
        let summary = try #require(markdown.range(of: "## Summary"))
        #expect(
            summary.lowerBound
                < (markdown.range(of: "## Domain scores")?.lowerBound ?? summary.lowerBound))
        #expect(
            markdown.contains(
                "1. Provide a peer supervisor (ACT-SUPERVISOR-ACCESS, Service manager, by 2026-12-30), mandatory"
            ))
        #expect(markdown.contains("2 answers are missing"))
        let html = HTMLRenderer().render(report)
        #expect(html.contains("<div class=\"board\">"))
        #expect(html.contains("The actions that matter most:"))
        #expect(
            report.keyActions().map(\.id) == [
                "ACT-SUPERVISOR-ACCESS", "ACT-PEER-TRAINING", "ACT-SUPERVISION-MODEL",
            ])
    }

    @Test func provenanceCollapsedWithRelativePaths() throws {
        let report = try report().relativizingPaths(to: Paths.repositoryRoot.path)
        #expect(report.inputs.allSatisfy { !$0.path.hasPrefix("/") })
        #expect(report.inputs.last?.path == "assessments/03-harbour-developing.yaml")
        let html = HTMLRenderer().render(report)
        #expect(
            html.contains(
                "<details class=\"inputs\"><summary>Where this report comes from</summary>"))
        #expect(html.contains("<code>assessments/03-harbour-developing.yaml</code>"))
    }
}

/// The HTML report as a fragment for another page, with a stylesheet scoped to it.
struct HTMLFragmentTests {
    @Test func fragmentAndScopedStylesheet() throws {
        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        let report = AssessmentReport(
            try Assessment.run(
                ruleSet: ruleSet,
                profilePath: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/03-harbour-developing.yaml"
                ).path))
        let (html, css) = HTMLRenderer.fragment(report)
        #expect(html.hasPrefix("<div class=\"readiness-report\"><header class=\"card summary\">"))
        #expect(html.hasSuffix("</footer></div>"))
        for tag in ["<html", "<head>", "<body", "<style", "<script"] {
            #expect(!html.contains(tag), "\(tag)")
        }
        // The page's body, less its wrapper, is the fragment's content.
        let page = HTMLRenderer().render(report)
        let inner = html.dropFirst("<div class=\"readiness-report\">".count).dropLast(
            "</div>".count)
        #expect(page.contains("<body>" + inner + "</body>"))
        // Every rule is under the scope; `body` and `:root` became the scope itself.
        let rules = css.split(separator: "\n").filter { !$0.hasPrefix("@") && !$0.isEmpty }
        #expect(rules.count > 20)
        #expect(
            rules.allSatisfy { $0.hasPrefix(".readiness-report") },
            "\(rules.filter { !$0.hasPrefix(".readiness-report") })")
        #expect(css.contains(".readiness-report { margin: 0 auto; max-width: 960px;"))
        #expect(css.contains("@media (max-width: 600px) { .readiness-report { padding: 8px; }"))
        #expect(css.contains("@page { size: A4; margin: 14mm; }"))
    }
}
