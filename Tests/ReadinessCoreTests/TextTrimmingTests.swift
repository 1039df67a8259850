import Foundation
import ReadinessCore
import Testing

/// The native trimming helper trims what Foundation's `trimmingCharacters(in:)` does with
/// `.whitespacesAndNewlines` and `.whitespaces`, which it replaced: Unicode's white space.
/// (Foundation on Linux also trims the zero-width space U+200B, which Unicode does not count
/// as white space; the helper keeps it, as `keepsTheMiddle` checks.)
struct TextTrimmingTests {
    /// Every white space character Unicode lists, and some that are not white space.
    static let pieces: [String] = [
        " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}",
        "\u{2000}", "\u{2007}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}",
        "\u{3000}", "\u{FEFF}", "a", "é", "e\u{301}", "{{", "score", "🙂", "_",
    ]

    @Test func matchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        var texts = [""] + Self.pieces + Self.pieces.map { $0 + "x" + $0 }
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...6, using: &generator)
            texts.append(
                (0..<length).map { _ in Self.pieces.randomElement(using: &generator) ?? "" }
                    .joined())
        }
        for text in texts {
            #expect(
                String(text.trimmingWhitespace())
                    == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(
                String(text.trimmingWhitespace(newlines: false))
                    == text.trimmingCharacters(in: .whitespaces),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func keepsTheMiddle() {
        #expect(" \t a  b \n".trimmingWhitespace() == "a  b")
        #expect(" a \n".trimmingWhitespace(newlines: false) == "a \n")
        #expect("   ".trimmingWhitespace().isEmpty)
        #expect(Substring(" x ").trimmingWhitespace() == "x")
        #expect("\u{200B}x ".trimmingWhitespace() == "\u{200B}x")
    }
}
