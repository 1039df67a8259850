/// A path into a profile (`peer_workers[2].supervision.interval_days`), as rule tests, data to
/// collect and missing-data checks name fields.
enum ProfilePath {
    /// One step of a path.
    enum Step: Equatable {
        case field(String)
        case index(Int)
    }

    /// The steps of `a.b[0].c`; `nil` when it is malformed.
    static func steps(_ path: String) -> [Step]? {
        var steps: [Step] = []
        for part in path.components(separatedByBytes: ".") {
            var rest = part
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty else { return nil }
            steps.append(.field(String(name)))
            rest = rest.dropFirst(name.count)
            while rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else { return nil }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
            guard rest.isEmpty else { return nil }
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
