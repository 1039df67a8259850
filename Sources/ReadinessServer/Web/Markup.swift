/// HTML built from parts that escape every piece of text and every attribute value, so no
/// input can become markup: the pages are made only of these (and of the report fragment
/// the library renders, itself escaped by construction).
package struct Markup: Sendable {
    /// The HTML.
    package private(set) var html: String

    private init(html: String) {
        self.html = html
    }

    /// Text, escaped.
    package static func text(_ text: String) -> Markup {
        Markup(html: escape(text, quotes: false))
    }

    /// HTML the caller vouches for: only the library's own rendered reports and charts.
    package static func trusted(_ html: String) -> Markup {
        Markup(html: html)
    }

    /// Nothing.
    package static let empty = Markup(html: "")

    /// An element with attributes (a `nil` value leaves the attribute out; an empty one writes
    /// it bare, as `required`) and children.
    package static func element(
        _ name: String, _ attributes: [(String, String?)] = [], _ children: [Markup] = []
    ) -> Markup {
        Markup(html: open(name, attributes) + children.map(\.html).joined() + "</\(name)>")
    }

    /// An element with text inside.
    package static func element(
        _ name: String, _ attributes: [(String, String?)] = [], text: String
    ) -> Markup {
        element(name, attributes, [.text(text)])
    }

    /// An element with no end tag (`input`, `meta`, `link`, `br`).
    package static func void(_ name: String, _ attributes: [(String, String?)] = []) -> Markup {
        Markup(html: open(name, attributes))
    }

    /// An SVG shape (`line`, `rect`, `circle`, `polyline`): written with its end tag and
    /// nothing inside, since inside `svg` a tag left open holds whatever follows it, and
    /// the browser draws none of that.
    package static func shape(_ name: String, _ attributes: [(String, String?)]) -> Markup {
        element(name, attributes, [])
    }

    /// Parts one after another.
    package static func group(_ parts: [Markup]) -> Markup {
        Markup(html: parts.map(\.html).joined())
    }

    private static func open(_ name: String, _ attributes: [(String, String?)]) -> String {
        var out = "<" + name
        for (attribute, value) in attributes {
            guard let value else { continue }
            out +=
                value.isEmpty ? " \(attribute)" : " \(attribute)=\"\(escape(value, quotes: true))\""
        }
        return out + ">"
    }

    /// `text` with `&`, `<`, `>` (and quotes, in attributes) escaped.
    package static func escape(_ text: String, quotes: Bool) -> String {
        // Most texts (names, scores, dates) have nothing to escape: taken as they are, not
        // rebuilt a character at a time (a large dashboard is thousands of cells).
        let special: (UInt8) -> Bool = {
            $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                || (quotes && ($0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")))
        }
        guard text.utf8.contains(where: special) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
