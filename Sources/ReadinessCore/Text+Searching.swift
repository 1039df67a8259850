extension Substring {
    /// Where `text` first occurs, compared byte by byte. Foundation's `range(of:)`,
    /// `contains` and `replacingOccurrences` went through `NSString` on Linux, a tenth of a
    /// report's making where paths and gap messages are searched for `[]` and `{{`.
    package func firstRange(ofBytes text: String) -> Range<Index>? {
        // By hand: the standard library's generic `firstRange(of:)` built a searcher and
        // looked up generic metadata on every call, dearer than Foundation's.
        guard let first = text.utf8.first else { return startIndex..<startIndex }
        let bytes = utf8
        var start = bytes.startIndex
        while let found = bytes[start...].firstIndex(of: first) {
            var (mine, theirs) = (found, text.utf8.startIndex)
            while theirs != text.utf8.endIndex, mine != bytes.endIndex,
                bytes[mine] == text.utf8[theirs]
            {
                bytes.formIndex(after: &mine)
                text.utf8.formIndex(after: &theirs)
            }
            // A range of UTF-8 positions is a range of the text's positions.
            if theirs == text.utf8.endIndex { return found..<mine }
            start = bytes.index(after: found)
        }
        return nil
    }
}

extension String {
    /// Whether `text` occurs, compared byte by byte (see ``Substring/firstRange(ofBytes:)``).
    package func contains(bytes text: String) -> Bool {
        Substring(self).firstRange(ofBytes: text) != nil
    }

    /// The parts between occurrences of `separator`, compared byte by byte (as Foundation's
    /// `components(separatedBy:)`: empty parts kept).
    package func components(separatedByBytes separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = Substring(self)
        while let found = rest.firstRange(ofBytes: separator) {
            parts.append(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
        }
        parts.append(rest)
        return parts
    }

    /// The text with every occurrence of `text` replaced, compared byte by byte.
    package func replacing(bytes text: String, with replacement: String) -> String {
        let parts = components(separatedByBytes: text)
        return parts.count == 1 ? self : parts.joined(separator: replacement)
    }
}
