import ReadinessCore

/// Renders reports as JSON: pretty-printed, keys sorted, so two runs give identical bytes
/// (``ReportJSONWriter`` writes them).
public struct JSONRenderer: ReportRenderer {
    /// A renderer.
    public init() {}

    /// One report as a JSON document.
    public func render(_ report: AssessmentReport) -> String {
        ReportJSONWriter.write(report)
    }

    /// Several reports as a JSON array.
    public func render(_ reports: [AssessmentReport]) -> String {
        ReportJSONWriter.write(reports)
    }
}
