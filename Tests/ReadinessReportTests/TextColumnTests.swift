import Testing

@testable import ReadinessReport

/// Table columns: text padded or cut to a width in characters.
struct TextColumnTests {
    @Test(arguments: [
        ("Developing", 12, "Developing  "), ("Established", 12, "Established "),
        ("A band named at length", 12, "A band named"), ("yes", 3, "yes"), ("", 4, "    "),
        ("Été", 5, "Été  "), ("Cafe\u{301}s", 4, "Cafe\u{301}"), ("✔", 8, "✔       "),
        ("abc", 0, ""),
    ])
    func fitted(text: String, width: Int, expected: String) {
        #expect(text.fitted(width) == expected)
        #expect(text.fitted(width).count == width)
    }
}
