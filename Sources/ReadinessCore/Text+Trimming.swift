extension StringProtocol {
    /// The text without the white space at either end: spaces, tabs and the other Unicode
    /// spaces, and line breaks too unless `newlines` is `false` (as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` and `.whitespaces`). Foundation went
    /// through `NSString` on Linux, about 30,000 instructions a call, which every rule's
    /// expressions and gap messages paid when a rule set loaded.
    public func trimmingWhitespace(newlines: Bool = true) -> SubSequence {
        func isSpace(_ character: Character) -> Bool {
            character.isWhitespace && (newlines || !character.isNewline)
        }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
