import Foundation
import ReadinessCore

/// Renders reports as JSON: pretty-printed, keys sorted, so two runs give identical bytes.
public enum JSONRenderer {
    /// One report as a JSON document.
    public static func render(_ report: AssessmentReport) -> String {
        encode(report)
    }

    /// Several reports as a JSON array.
    public static func render(_ reports: [AssessmentReport]) -> String {
        encode(reports)
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
