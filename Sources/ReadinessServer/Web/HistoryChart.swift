import ReadinessCore

/// The organisation's overall score over time as an SVG bar chart, oldest first, with its text
/// equivalent (a title and a description that read every bar) for screen readers; the table
/// beside it holds the same figures.
package enum HistoryChart {
    /// At most this many bars: the latest.
    static let bars = 12

    package static func svg(_ assessments: [StoredAssessment]) -> Markup {
        let shown = Array(assessments.sorted { $0.id < $1.id }.suffix(bars))
        guard shown.count >= 2 else { return .empty }
        let column = 64.0
        let height = 160.0
        let width = 40 + Double(shown.count) * column
        var parts: [Markup] = [
            .element("title", [("id", "history-title")], text: "Overall score over time"),
            .element(
                "desc", [("id", "history-desc")],
                text: shown.map { "\($0.asOf): \(NumberFormat.oneDecimal($0.score))" }
                    .joined(separator: "; ")),
            .shape(
                "line",
                [
                    ("x1", "30"), ("y1", format(10 + height)), ("x2", format(width)),
                    ("y2", format(10 + height)), ("stroke", "#4a4a4a"),
                ]),
        ]
        for (index, assessment) in shown.enumerated() {
            let x = 36 + Double(index) * column
            let bar = height * max(0, min(100, assessment.score)) / 100
            parts.append(
                .shape(
                    "rect",
                    [
                        ("x", format(x)), ("y", format(10 + height - bar)), ("width", "40"),
                        ("height", format(bar)),
                        ("fill", assessment.compliant == true ? "#0b6b3a" : "#1d4f91"),
                    ]))
            parts.append(
                .element(
                    "text",
                    [
                        ("x", format(x + 20)), ("y", format(6 + height - bar)),
                        ("text-anchor", "middle"), ("font-size", "12"), ("fill", "#1b1b1b"),
                    ], text: NumberFormat.oneDecimal(assessment.score)))
            parts.append(
                .element(
                    "text",
                    [
                        ("x", format(x + 20)), ("y", format(height + 26)),
                        ("text-anchor", "middle"),
                        ("font-size", "11"), ("fill", "#1b1b1b"),
                    ], text: String(assessment.asOf.prefix(7))))
        }
        return .element(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("role", "img"),
                ("aria-labelledby", "history-title history-desc"),
                ("viewBox", "0 0 \(Int(width)) \(Int(height + 36))"),
                // Its own size at most: stretched to the column, two bars filled the screen.
                ("width", String(Int(width))), ("style", nil), ("class", "history-chart"),
            ], parts)
    }

    private static func format(_ value: Double) -> String {
        String(Int(value.rounded()))
    }
}
