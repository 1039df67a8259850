/// `size`, and the string tests `contains`, `startsWith`, `endsWith` and `matches`.
enum CoreLibrary {
    private static let a = CELType.parameter("A")
    private static let k = CELType.parameter("K")
    private static let v = CELType.parameter("V")

    private static let size: Implementation = .unary { value in
        switch value {
        case .string(let text): .int(Int64(text.unicodeScalars.count))
        case .bytes(let bytes): .int(Int64(bytes.count))
        case .list(let items): .int(Int64(items.count))
        case .map(let map): .int(Int64(map.count))
        default: .error(.noSuchOverload("size", [value]))
        }
    }

    private static func stringTest(
        _ name: String, _ test: @escaping @Sendable (String, String) -> Bool
    ) -> Implementation {
        .binary { lhs, rhs in
            guard case .string(let text) = lhs, case .string(let part) = rhs else {
                return .error(.noSuchOverload(name, [lhs, rhs]))
            }
            return .bool(test(text, part))
        }
    }

    private static let matches: Implementation = .binary { lhs, rhs in
        guard case .string(let text) = lhs, case .string(let pattern) = rhs else {
            return .error(.noSuchOverload("matches", [lhs, rhs]))
        }
        switch RegexCache.shared.regex(pattern) {
        case .success(let regex): return regex.search(text)
        case .failure(let error): return .error(error)
        }
    }

    static var declarations: [FunctionDecl] {
        [
            FunctionDecl(
                "size",
                summary:
                    "The number of characters in a string, bytes in bytes, elements in a list, or entries in a map.",
                examples: [
                    ("size('peer')", "4"), ("[1, 2, 3].size()", "3"), ("size({'a': 1})", "1"),
                ],
                overloads: [
                    Overload("size_string", [.string], .int, size),
                    Overload("size_bytes", [.bytes], .int, size),
                    Overload("size_list", [.list(a)], .int, size),
                    Overload("size_map", [.map(k, v)], .int, size),
                    Overload("string_size", receiver: true, [.string], .int, size),
                    Overload("bytes_size", receiver: true, [.bytes], .int, size),
                    Overload("list_size", receiver: true, [.list(a)], .int, size),
                    Overload("map_size", receiver: true, [.map(k, v)], .int, size),
                ]),
            FunctionDecl(
                "contains", summary: "Whether a string contains another.",
                examples: [("'peer worker'.contains('work')", "true")],
                overloads: [
                    Overload(
                        "contains_string", receiver: true, [.string, .string], .bool,
                        stringTest("contains") { $0.utf8Contains($1) })
                ]),
            FunctionDecl(
                "startsWith", summary: "Whether a string starts with another.",
                examples: [("'peer worker'.startsWith('peer')", "true")],
                overloads: [
                    Overload(
                        "starts_with_string", receiver: true, [.string, .string], .bool,
                        stringTest("startsWith") { $0.utf8.starts(with: $1.utf8) })
                ]),
            FunctionDecl(
                "endsWith", summary: "Whether a string ends with another.",
                examples: [("'peer worker'.endsWith('worker')", "true")],
                overloads: [
                    Overload(
                        "ends_with_string", receiver: true, [.string, .string], .bool,
                        stringTest("endsWith") {
                            $0.utf8.reversed().starts(with: $1.utf8.reversed())
                        })
                ]),
            FunctionDecl(
                "matches",
                summary:
                    "Whether a string contains a match of an RE2 regular expression (anchor with ^ and $ to match the whole string).",
                examples: [("'PW-042'.matches('^PW-[0-9]+$')", "true")],
                overloads: [
                    Overload("matches", [.string, .string], .bool, matches),
                    Overload("matches_string", receiver: true, [.string, .string], .bool, matches),
                ]),
        ]
    }
}

extension String {
    /// Substring search on UTF-8 bytes (so no Unicode normalisation is applied, as in CEL).
    func utf8Contains(_ other: String) -> Bool {
        let haystack = Array(utf8)
        let needle = Array(other.utf8)
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
