import Foundation
import ReadinessCore
import ReadinessReport
import ReadinessTestSupport
import Testing

/// The HTML report of every example, rendered in headless Chromium: no console errors, no
/// failed loads, and a screenshot saved for people to look at. CI installs Chromium; on a
/// machine without it the test is skipped (and fails under CI, where it must run).
struct BrowserTests {
    static let chromium: String? = [
        "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
    ]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["CI"] != nil

    /// Every example renders cleanly in a real browser.
    @Test(.enabled(if: chromium != nil || required, "needs Chromium (apt-get install chromium)"))
    func examplesRenderInChromium() throws {
        let browser = try #require(
            Self.chromium, "Chromium is not installed; CI installs it in .ci/run")
        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-screenshots")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
        #expect(names.count >= 5)
        for name in names {
            let assessment = try Assessment.run(
                ruleSet: ruleSet, profilePath: examples.appendingPathComponent(name).path)
            let page = output.appendingPathComponent(
                name.replacingOccurrences(of: ".yaml", with: ".html"))
            try HTMLRenderer().render(AssessmentReport(assessment)).write(
                to: page, atomically: true, encoding: .utf8)
            for (suffix, width) in [("desktop", 1000), ("phone", 390)] {
                let screenshot = output.appendingPathComponent(
                    name.replacingOccurrences(of: ".yaml", with: "-\(suffix).png"))
                try? FileManager.default.removeItem(at: screenshot)
                let log = try Self.run(
                    browser,
                    [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--enable-logging=stderr", "--v=0",
                        "--window-size=\(width),2400", "--screenshot=\(screenshot.path)",
                        page.absoluteString,
                    ])
                let problems = log.split(separator: "\n").filter {
                    $0.contains("CONSOLE") || $0.contains("Failed to load resource")
                        || $0.contains("net::ERR")
                }
                #expect(
                    problems.isEmpty, "\(name) (\(suffix)): \(problems.joined(separator: "\n"))")
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size]
                        as? Int) ?? 0
                #expect(size > 10_000, "\(name) (\(suffix)): no screenshot at \(screenshot.path)")
            }
        }
        print("browser screenshots saved in \(output.path)")
    }

    /// No example's page scrolls sideways on a phone (390 px) or a desktop (1280 px): nothing
    /// is clipped or hidden off to the right.
    @Test(.enabled(if: chromium != nil || required, "needs Chromium (apt-get install chromium)"))
    func noPageScrollsSideways() throws {
        let browser = try #require(
            Self.chromium, "Chromium is not installed; CI installs it in .ci/run")
        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments")
        let folder = try TemporaryFolder("overflow")
        defer { folder.remove() }
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path)
        where name.hasSuffix(".yaml") {
            let assessment = try Assessment.run(
                ruleSet: ruleSet, profilePath: examples.appendingPathComponent(name).path)
            let html = HTMLRenderer().render(AssessmentReport(assessment))
            for width in [390, 1280] {
                let overflow = try Self.sidewaysOverflow(
                    of: html, width: width, browser: browser, folder: folder)
                #expect(
                    overflow == 0, "\(name) at \(width) px scrolls \(overflow ?? -1) px sideways")
            }
        }
    }

    /// The funder's batch page: no page scroll at 390 or 1280 px, and at 1280 px the table of
    /// organisations shows every domain without scrolling inside its box either.
    @Test(.enabled(if: chromium != nil || required, "needs Chromium (apt-get install chromium)"))
    func batchPageFitsAt1280() throws {
        let browser = try #require(
            Self.chromium, "Chromium is not installed; CI installs it in .ci/run")
        let ruleSet = try CompiledRuleSet.load(
            folder: Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce").path
        )
        var renderer = BatchRenderer(format: .html, ruleSet: ruleSet.ruleSet)
        var page = renderer.header()
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments").path
        let totals = Batch(ruleSet: ruleSet).run(Batch.profilePaths([examples])) { row in
            page += renderer.row(row)
        }
        page += renderer.footer(totals)
        let folder = try TemporaryFolder("batch-overflow")
        defer { folder.remove() }
        for width in [390, 1280] {
            let overflow = try Self.sidewaysOverflow(
                of: page, width: width, browser: browser, folder: folder)
            #expect(
                overflow == 0, "the batch page at \(width) px scrolls \(overflow ?? -1) px sideways"
            )
        }
        let inside = try Self.sidewaysOverflow(
            of: page, width: 1280, browser: browser, folder: folder, element: ".scroll")
        #expect(inside == 0, "the table at 1280 px scrolls \(inside ?? -1) px inside its box")
    }

    /// How far a page (or the first element matching `element`) scrolls sideways at a width,
    /// in CSS pixels, measured by the browser on a copy of the page with a probe script.
    static func sidewaysOverflow(
        of html: String, width: Int, browser: String, folder: TemporaryFolder,
        element: String? = nil
    ) throws -> Int? {
        let target =
            element.map { "document.querySelector('\($0)')" } ?? "document.documentElement"
        let probe =
            "<script>window.addEventListener('load', () => { const e = \(target); "
            + "document.body.setAttribute('data-overflow', String(e.scrollWidth - e.clientWidth)); });</script>"
        let page = folder.appendingPathComponent("probe-\(width).html")
        try html.replacingOccurrences(of: "</head>", with: probe + "</head>").write(
            to: page, atomically: true, encoding: .utf8)
        let dom = try run(
            browser,
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=\(width),1200",
                "--dump-dom", page.absoluteString,
            ])
        guard let range = dom.range(of: "data-overflow=\"") else { return nil }
        let digits = dom[range.upperBound...].prefix { $0 == "-" || $0.isNumber }
        return Int(digits)
    }

    /// Runs the browser, bounded in time, and returns what it logged.
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        return String(decoding: data, as: UTF8.self)
    }
}
