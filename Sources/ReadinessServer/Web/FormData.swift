import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeats kept (a group
/// of checkboxes sends one name several times).
package struct FormData: Sendable {
    package private(set) var fields: [(name: String, value: String)] = []

    /// The fields of a body; a malformed percent escape is kept as written.
    ///
    /// - Throws: a 400 for a field holding a NUL character (`%00`): no page types one, and
    ///   neither PostgreSQL's text nor a page's HTML can hold it.
    package init(_ body: String) throws(HTTPError) {
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            try Self.refuseNUL(name: name, value: value)
            fields.append((name, value))
        }
    }

    /// A 400 naming the field when its name or value holds a NUL character.
    static func refuseNUL(name: String, value: String) throws(HTTPError) {
        guard name.utf8.contains(0) || value.utf8.contains(0) else { return }
        throw HTTPError(
            .badRequest,
            message:
                "The field \(name.filter { $0 != "\u{0}" }) holds a NUL character (U+0000), which cannot be kept: remove it and send the form again."
        )
    }

    /// Fields already decoded (a multipart form's text parts).
    package init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// The first value given for `name`.
    package subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value given for `name`, in order.
    package func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// Whether any field's name starts with `prefix`.
    package func has(prefix: String) -> Bool {
        fields.contains { $0.name.hasPrefix(prefix) }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
