import Foundation

/// A regular expression in RE2 syntax, matched by a Pike virtual machine: every position of
/// the text is visited once per instruction at most, so matching takes time linear in the
/// text, and no pattern can be driven into catastrophic backtracking.
///
/// Supported: literals and escapes (`\n`, `\t`, `\x41`, `\x{263A}`, `\.`), `.`, classes
/// (`[a-z]`, `[^0-9]`, `[[:alpha:]]`, `\d \w \s \D \W \S`, `\pL`, `\p{Lu}`), groups
/// (`(...)`, `(?:...)`, `(?P<name>...)`), flags (`(?i)`, `(?s)`, `(?m)`, `(?i:...)`),
/// alternation, quantifiers (`* + ? {n} {n,} {n,m}` and their lazy forms), anchors
/// (`^ $ \A \z`) and word boundaries (`\b \B`). Backreferences and look-around are not RE2
/// and are rejected.
struct RE2Pattern: Sendable {
    enum Instruction: Sendable {
        case scalar(Unicode.Scalar, caseInsensitive: Bool)
        case set(CharacterSet, negated: Bool, caseInsensitive: Bool)
        case any(matchesNewline: Bool)
        case split(Int, Int)
        case jump(Int)
        case assert(Assertion)
        case match
    }

    enum Assertion: Sendable {
        case lineStart, lineEnd, textStart, textEnd, wordBoundary, notWordBoundary
    }

    let program: [Instruction]

    /// The most instructions a compiled pattern may have; RE2 has a similar limit.
    static let maxInstructions = 20_000

    /// Compiles a pattern.
    init(_ pattern: String) throws(CELError) {
        var parser = RegexParser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the text contains a match (CEL's `matches` searches; `^...$` anchors it).
    func search(_ text: String) -> CELValue {
        .bool(matches(Array(text.unicodeScalars)))
    }

    func matches(_ text: [Unicode.Scalar]) -> Bool {
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        for position in 0...text.count {
            // Unanchored search: a new thread starts at every position.
            addThread(&current, 0, position, text)
            if current.containsMatch { return true }
            guard position < text.count else { break }
            let scalar = text[position]
            next.clear()
            for pc in current.dense {
                switch program[pc] {
                case .scalar(let expected, let fold):
                    if scalar == expected || (fold && Self.folds(scalar, expected)) {
                        addThread(&next, pc + 1, position + 1, text)
                    }
                case .set(let set, let negated, let fold):
                    var found = set.contains(scalar)
                    if !found && fold {
                        found = Self.variants(scalar).contains { set.contains($0) }
                    }
                    if found != negated { addThread(&next, pc + 1, position + 1, text) }
                case .any(let matchesNewline):
                    if matchesNewline || scalar != "\n" {
                        addThread(&next, pc + 1, position + 1, text)
                    }
                default:
                    break
                }
            }
            swap(&current, &next)
            if current.containsMatch { return true }
        }
        return current.containsMatch
    }

    private func addThread(
        _ list: inout ThreadList, _ pc: Int, _ position: Int, _ text: [Unicode.Scalar]
    ) {
        var stack = [pc]
        while let pc = stack.popLast() {
            guard list.insert(pc) else { continue }
            switch program[pc] {
            case .jump(let target):
                stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .assert(let assertion):
                if Self.holds(assertion, position, text) { stack.append(pc + 1) }
            case .match:
                list.containsMatch = true
            default:
                break
            }
        }
    }

    private static func holds(_ assertion: Assertion, _ position: Int, _ text: [Unicode.Scalar])
        -> Bool
    {
        switch assertion {
        case .textStart: return position == 0
        case .textEnd: return position == text.count
        case .lineStart: return position == 0 || text[position - 1] == "\n"
        case .lineEnd: return position == text.count || text[position] == "\n"
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && isWord(text[position - 1])
            let after = position < text.count && isWord(text[position])
            return (before != after) == (assertion == .wordBoundary)
        }
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
    }

    static func variants(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        let upper = scalar.properties.uppercaseMapping.unicodeScalars
        return [lower.count == 1 ? lower.first : nil, upper.count == 1 ? upper.first : nil]
            .compactMap { $0 }
    }

    static func folds(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        variants(a).contains(b) || variants(b).contains(a)
    }
}

/// A set of program counters in insertion order, with O(1) membership (a sparse set).
struct ThreadList {
    var dense: [Int] = []
    private var sparse: [Int]
    var containsMatch = false

    init(capacity: Int) {
        sparse = Array(repeating: -1, count: capacity)
        dense.reserveCapacity(capacity)
    }

    mutating func insert(_ pc: Int) -> Bool {
        let slot = sparse[pc]
        if slot >= 0, slot < dense.count, dense[slot] == pc { return false }
        sparse[pc] = dense.count
        dense.append(pc)
        return true
    }

    mutating func clear() {
        dense.removeAll(keepingCapacity: true)
        containsMatch = false
    }
}
