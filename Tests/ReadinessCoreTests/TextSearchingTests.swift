import Foundation
import ReadinessCore
import Testing

/// The byte-wise search helpers find, split and replace as Foundation's `range(of:)`,
/// `components(separatedBy:)` and `replacingOccurrences` did where they replaced them: for the
/// ASCII markers searched for (`[]`, `{{`, `}}`, `_`) in any text. (Foundation also matches
/// canonically equivalent forms; an ASCII marker has none, so texts here hold no combining
/// mark right after one.)
struct TextSearchingTests {
    static let pieces = ["[", "]", "[]", "[0]", "{", "}", "{{", "}}", "_", "a", "é", "🙂", " ", ""]
    static let markers = ["[]", "{{", "}}", "_"]

    static func texts() -> [String] {
        var generator = SystemRandomNumberGenerator()
        var texts = Self.pieces + Self.markers.map { $0 + $0 }
        for _ in 0..<3_000 {
            texts.append(
                (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                    Self.pieces.randomElement(using: &generator) ?? ""
                }.joined())
        }
        return texts
    }

    @Test func matchesFoundation() {
        for text in Self.texts() {
            let substring = Substring(text)
            for marker in Self.markers {
                let found = substring.firstRange(ofBytes: marker)
                let expected = text.range(of: marker)
                #expect(found == expected, "\(text) \(marker)")
                #expect(text.contains(bytes: marker) == (expected != nil), "\(text) \(marker)")
                #expect(
                    text.components(separatedByBytes: marker).map(String.init)
                        == text.components(separatedBy: marker), "\(text) \(marker)")
                #expect(
                    text.replacing(bytes: marker, with: "<x>")
                        == text.replacingOccurrences(of: marker, with: "<x>"), "\(text) \(marker)")
            }
        }
    }

    @Test func searchesWithinASubstring() {
        let text = "{{ a }} and {{ b }}"
        let rest = text[text.index(text.startIndex, offsetBy: 3)...]
        let found = rest.firstRange(ofBytes: "{{")
        #expect(found.map { text[$0.upperBound...] } == " b }}")
        #expect(Substring("").firstRange(ofBytes: "{{") == nil)
        #expect(Substring("abc").firstRange(ofBytes: "").map { $0.isEmpty } == true)
    }
}
