/// Did-you-mean suggestions for misspelt names.
///
/// Distance is the optimal-string-alignment edit distance (insertions, deletions,
/// substitutions and swaps of neighbouring letters each cost one), compared without regard to
/// case. A candidate is offered when its distance is at most a third of the longer word's
/// length, and never more than 3: typos in key names are one or two keystrokes, and beyond a
/// third of the letters changed the "suggestion" is usually an unrelated word, which misleads
/// more than it helps.
public enum Suggestion {
    /// The candidate closest to `name`, when one is close enough to be a likely typo.
    ///
    /// Ties go to the candidate listed first, so suggestions are deterministic.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String?
    {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            let limit = min(3, max(1, max(target.count, other.count) / 3))
            guard abs(target.count - other.count) <= limit else { continue }
            let distance = editDistance(target, other)
            guard distance <= limit else { continue }
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// Whether `name` is one edit (an insertion, deletion, substitution or swap of neighbouring
    /// letters, case aside) from `candidate`, and not the same: a near-certain typo.
    public static func isOneEdit(_ name: String, from candidate: String) -> Bool {
        let target = Array(name.lowercased().unicodeScalars)
        let other = Array(candidate.lowercased().unicodeScalars)
        guard abs(target.count - other.count) <= 1 else { return false }
        return name != candidate && editDistance(target, other) <= 1
    }

    /// A message suffix such as `; did you mean \`weight\`?`, or an empty string.
    public static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> String
    {
        guard let suggestion = closest(to: name, among: candidates) else { return "" }
        return " — did you mean `\(suggestion)`?"
    }

    /// Optimal-string-alignment distance between two scalar arrays.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
