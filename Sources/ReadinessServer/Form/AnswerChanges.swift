import Foundation

extension AnswerRecord {
    /// Every answer that is not a record or a list, by its path (`staff.total`,
    /// `peer_workers[1].name`), in order: what the audit trail compares. An empty list or
    /// record is a leaf of its own (written `[]`, `{}`), so emptying one is seen.
    package func leaves(prefix: String = "") -> [(path: String, value: String)] {
        names.flatMap { name -> [(path: String, value: String)] in
            guard let answer = self[name] else { return [] }
            return answer.leaves(path: prefix.isEmpty ? name : "\(prefix).\(name)")
        }
    }

    /// The changes from `old` to this record, one a path whose answer differs: `nil` for a
    /// side without one.
    package func changes(from old: AnswerRecord) -> [(
        path: String, old: String?, new: String?
    )] {
        let before = Dictionary(old.leaves(), uniquingKeysWith: { first, _ in first })
        let after = leaves()
        let afterPaths = Set(after.map(\.path))
        var changes: [(path: String, old: String?, new: String?)] = after.compactMap { leaf in
            before[leaf.path] == leaf.value ? nil : (leaf.path, before[leaf.path], leaf.value)
        }
        changes += old.leaves().filter { !afterPaths.contains($0.path) }.map {
            ($0.path, $0.value, nil)
        }
        return changes
    }
}

extension Answer {
    fileprivate func leaves(path: String) -> [(path: String, value: String)] {
        switch self {
        case .record(let record):
            return record.isEmpty ? [(path, "{}")] : record.leaves(prefix: path)
        case .list(let items):
            guard !items.isEmpty else { return [(path, "[]")] }
            return items.enumerated().flatMap { index, item in
                item.leaves(path: "\(path)[\(index)]")
            }
        case .notKnown: return [(path, "not known")]
        case .bool(let flag): return [(path, flag ? "yes" : "no")]
        case .number(let text), .text(let text): return [(path, text)]
        }
    }
}
