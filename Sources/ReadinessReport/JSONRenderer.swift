import Foundation
import ReadinessCore

/// Renders reports as JSON: pretty-printed, keys sorted, so two runs give identical bytes.
public struct JSONRenderer: ReportRenderer {
    /// A renderer.
    public init() {}

    /// One report as a JSON document.
    public func render(_ report: AssessmentReport) -> String {
        Self.encode(report)
    }

    /// Several reports as a JSON array.
    public func render(_ reports: [AssessmentReport]) -> String {
        Self.encode(reports)
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
