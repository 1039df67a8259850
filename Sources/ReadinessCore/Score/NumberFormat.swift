import Foundation

/// How every report and message writes a number: scores and points with one decimal, counts
/// without a needless `.0`, rule scores as whole percentages. One place, so the same score
/// reads the same in the text, HTML, Markdown and CSV reports, in the plan and in a test's
/// failure.
public enum NumberFormat {
    /// `value` rounded to the nearest tenth (halves away from zero), as reports show it.
    public static func tenths(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// A score or a number of points with one decimal, rounded to the nearest tenth: `67.5`,
    /// `3.0`. A value that rounds to zero is `0.0`, without a sign ("-0.0" reads as a loss).
    ///
    /// Written out digit by digit: Foundation's `String(format:)` costs about 100,000
    /// instructions a call on Linux, and a batch writes ten of these per organisation.
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        if tenths == 0 { return "0.0" }
        // Past 2^53 a double has no tenths left to write; `%.1f` prints what there is.
        guard tenths.isFinite, tenths.magnitude < 0x1p53 else {
            return String(format: "%.1f", tenths / 10)
        }
        let count = UInt64(tenths.magnitude)
        return (tenths.sign == .minus ? "-" : "") + String(count / 10) + "."
            + String(count % 10)
    }

    /// A number with exactly `places` decimals (0 to 6), rounded halves away from zero:
    /// `fixed(2.345, places: 2)` is `2.35`, `fixed(85, places: 1)` is `85.0`. A value that
    /// rounds to zero has no sign.
    public static func fixed(_ value: Double, places: Int) -> String {
        let places = min(max(places, 0), 6)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, scaled.magnitude < 0x1p53 else {
            return String(format: "%.\(places)f", value)
        }
        let magnitude = UInt64(scaled.magnitude)
        let whole = magnitude / UInt64(scale)
        var text = (scaled < 0 ? "-" : "") + String(whole)
        if places > 0 {
            let fraction = String(magnitude % UInt64(scale))
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }

    /// A change of score with its sign and one decimal: `+2.5`, `−0.3`, `±0.0`.
    public static func signedPoints(_ delta: Double) -> String {
        let text = oneDecimal(abs(delta))
        if text == "0.0" { return "±0.0" }
        return (delta > 0 ? "+" : "−") + text
    }

    /// A fraction (0 to 1, a rule's score or a share of items) as a whole percentage: `0%`,
    /// `67%`, `100%`.
    public static func percent(_ fraction: Double) -> String {
        "\(Int((fraction * 100).rounded()))%"
    }

    /// A count or an amount (days, hours, FTE) to the nearest tenth, whole numbers without
    /// `.0`: `1`, `2.5`.
    public static func count(_ value: Double) -> String {
        let tenths = tenths(value)
        // (Past 2^63 no integer type holds it: written with `.0` instead of trapping.)
        if tenths == tenths.rounded(), tenths.magnitude < 0x1p63 { return String(Int64(tenths)) }
        return oneDecimal(value)
    }

    /// Appends ``count(_:)`` of a value to UTF-8 bytes with no string made for it (the batch's
    /// rows write their scores this way); `false`, with nothing appended, for a negative,
    /// huge or not finite value, which the caller writes as text.
    package static func appendCount(_ value: Double, to bytes: inout [UInt8]) -> Bool {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, tenths.magnitude < 1e15, tenths.sign == .plus else { return false }
        let count = Int64(tenths)
        appendDigits(count / 10, to: &bytes)
        if count % 10 != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(count % 10))
        }
        return true
    }

    /// Appends a non-negative whole number's decimal digits.
    package static func appendDigits(_ number: Int64, to bytes: inout [UInt8]) {
        if number >= 10 { appendDigits(number / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
    }
}
