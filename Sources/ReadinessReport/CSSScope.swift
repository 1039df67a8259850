/// Scopes a stylesheet under one selector, for a report embedded in another page: every rule's
/// selectors are prefixed (`body` and `:root` become the scope itself), `@media` blocks are
/// scoped inside, other at-rules (`@page`) are kept as they are. Enough for the reports' own
/// stylesheets, which hold no comments, strings with braces, or nested blocks beyond `@media`.
enum CSSScope {
    static func scoped(_ css: String, under scope: String) -> String {
        var out = ""
        var rest = Substring(css)
        while let open = rest.firstIndex(of: "{") {
            let prelude = rest[..<open].trimmingWhitespace()
            rest = rest[rest.index(after: open)...]
            if prelude.hasPrefix("@media") {
                // The block's rules, up to the brace that closes the block.
                var depth = 1
                var index = rest.startIndex
                while index < rest.endIndex, depth > 0 {
                    if rest[index] == "{" { depth += 1 }
                    if rest[index] == "}" { depth -= 1 }
                    if depth > 0 { index = rest.index(after: index) }
                }
                let inner = scoped(String(rest[..<index]), under: scope)
                    .split(separator: "\n").joined(separator: " ")
                out += prelude + " { " + inner + " }\n"
                rest = index < rest.endIndex ? rest[rest.index(after: index)...] : ""
                continue
            }
            guard let close = rest.firstIndex(of: "}") else { break }
            let declarations = rest[..<close].trimmingWhitespace()
            rest = rest[rest.index(after: close)...]
            let selectors =
                prelude.hasPrefix("@")
                ? String(prelude)
                : prelude.split(separator: ",").map { selector -> String in
                    let trimmed = selector.trimmingWhitespace()
                    if trimmed == "body" || trimmed == ":root" { return scope }
                    if trimmed.hasPrefix("body.") { return scope + String(trimmed.dropFirst(4)) }
                    return scope + " " + trimmed
                }.joined(separator: ", ")
            out += selectors + " { " + declarations + " }\n"
        }
        return out
    }
}
