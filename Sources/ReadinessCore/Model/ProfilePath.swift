import CEL

/// A path into a profile (`peer_workers[2].supervision.interval_days`), as rule tests, data to
/// collect and missing-data checks name fields.
package enum ProfilePath {
    /// One step of a path.
    package enum Step: Equatable, Sendable {
        case field(String)
        case index(Int)
    }

    /// The steps of `a.b[0].c`; `nil` when it is malformed.
    package static func steps(_ path: String) -> [Step]? {
        var steps: [Step] = []
        // By bytes: walking the path by characters (to find `[`, to count and drop the name)
        // was a twentieth of making a report, which words every path of data to collect.
        for part in path.components(separatedByBytes: ".") {
            let bytes = part.utf8
            let nameEnd = bytes.firstIndex(of: UInt8(ascii: "[")) ?? bytes.endIndex
            guard nameEnd != bytes.startIndex else { return nil }
            steps.append(.field(String(part[..<nameEnd])))
            var index = nameEnd
            while index != bytes.endIndex {
                guard bytes[index] == UInt8(ascii: "["),
                    let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")),
                    let position = Int(part[bytes.index(after: index)..<close]), position >= 0
                else { return nil }
                steps.append(.index(position))
                index = bytes.index(after: close)
            }
        }
        return steps
    }

    /// The schema path of some steps (`peer_workers[].fte`), as rules' reads are named.
    static func schemaPath(_ steps: [Step]) -> String {
        var text = ""
        for step in steps {
            switch step {
            case .field(let name): text += text.isEmpty ? name : ".\(name)"
            case .index: text += "[]"
            }
        }
        return text
    }
}

/// A schema path (`peer_workers[].supervision.interval_days`) read once into its steps, each
/// field's name with its fingerprint: evidence paths are looked up in every profile, and
/// splitting them anew each time was a tenth of a report's making.
struct SchemaPath: Sendable {
    struct Step: Sendable {
        let name: String
        let fingerprint: UInt64
        /// Whether the step goes into each item of a list (`peer_workers[]`).
        let isList: Bool
    }

    let text: String
    let steps: [Step]

    /// Whether any step goes into a list's items.
    var crossesList: Bool { steps.contains(where: \.isList) }

    init(_ text: String) {
        self.text = text
        steps = text.components(separatedByBytes: ".").filter { !$0.isEmpty }.map { segment in
            let isList = segment.hasSuffix("[]")
            let name = String(isList ? segment.dropLast(2) : segment)
            return Step(name: name, fingerprint: CELMap.fingerprint(name), isList: isList)
        }
    }
}
