import SourceDiagnostics
import Testing

/// Did-you-mean suggestions.
struct SuggestionTests {
    /// Typos of one or two keystrokes find their intended word.
    @Test(arguments: [
        ("wieght", "weight"), ("wegiht", "weight"), ("domian", "domain"), ("titel", "title"),
        ("Mandatory", "mandatory"), ("aplies_if", "applies_if"), ("gapp", "gap"),
    ])
    func findsTypos(typo: String, intended: String) {
        let candidates = [
            "id", "title", "weight", "domain", "mandatory", "applies_if", "gap", "require",
        ]
        #expect(Suggestion.closest(to: typo, among: candidates) == intended)
    }

    /// Unrelated words get no suggestion.
    @Test(arguments: ["colour", "x", "supervisor", "zz"])
    func ignoresUnrelatedWords(word: String) {
        #expect(Suggestion.closest(to: word, among: ["id", "title", "weight", "domain"]) == nil)
    }

    /// The message suffix names the suggestion, or is empty.
    @Test func messageSuffix() {
        #expect(Suggestion.didYouMean("wieght", among: ["weight"]) == " — did you mean `weight`?")
        #expect(Suggestion.didYouMean("colour", among: ["weight"]) == "")
    }

    /// Ties go to the earlier candidate, so output is deterministic.
    @Test func tiesAreDeterministic() {
        #expect(Suggestion.closest(to: "cat", among: ["bat", "hat"]) == "bat")
        #expect(Suggestion.closest(to: "cat", among: ["hat", "bat"]) == "hat")
    }
}
