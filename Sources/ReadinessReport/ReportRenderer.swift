import ReadinessCore

/// One way of writing assessment reports: every report format (text, Markdown, HTML, JSON,
/// CSV, JUnit) is one, so a caller (the command line, a web page, a test) picks a renderer by
/// its format and hands it reports.
///
/// ```swift
/// let renderer: any ReportRenderer = MarkdownRenderer()
/// print(renderer.render(report))
/// ```
public protocol ReportRenderer: Sendable {
    /// One report as a document of this format.
    func render(_ report: AssessmentReport) -> String

    /// Several reports as one document of this format: one JSON array, one CSV table with an
    /// organisation column, one JUnit file, text and Markdown one report after another.
    func render(_ reports: [AssessmentReport]) -> String
}
