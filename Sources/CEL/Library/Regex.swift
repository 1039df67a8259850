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
public struct Regex: Sendable {
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
    public init(_ pattern: String) throws(CELError) {
        var parser = RegexParser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        var compiler = RegexCompiler()
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the text contains a match (CEL's `matches` searches; `^...$` anchors it).
    public func search(_ text: String) -> CELValue {
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

/// The syntax tree of a pattern.
indirect enum RegexNode {
    case empty
    case scalar(Unicode.Scalar, fold: Bool)
    case set(CharacterSet, negated: Bool, fold: Bool)
    case any(dotAll: Bool)
    case assert(Regex.Assertion)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repeated(RegexNode, min: Int, max: Int?)
    /// A parenthesised group, kept so a quantifier may follow a quantified group: `(a+)+`.
    case group(RegexNode)
}

struct RegexParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var caseInsensitive = false
    private var dotAll = false
    private var multiLine = false
    private var depth = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private func error(_ message: String) -> CELError {
        CELError("invalid regular expression: \(message)")
    }

    private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func parse() throws(CELError) -> RegexNode {
        let node = try alternation()
        if position < scalars.count { throw error("unexpected `)`") }
        return node
    }

    private mutating func alternation() throws(CELError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 100 { throw error("nested too deeply") }
        var branches = [try concatenation()]
        while peek == "|" {
            position += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(CELError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = peek, scalar != "|", scalar != ")" {
            var atom = try self.atom()
            atom = try quantified(atom)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : (items.isEmpty ? .empty : .concat(items))
    }

    private mutating func quantified(_ atom: RegexNode) throws(CELError) -> RegexNode {
        var node = atom
        while let scalar = peek {
            var bounds: (Int, Int?)?
            switch scalar {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                if let parsed = try repetition() { bounds = parsed } else { return node }
                // repetition() consumed the closing brace; step back for the shared advance below.
                position -= 1
            default: return node
            }
            position += 1
            if peek == "?" { position += 1 }  // Lazy forms match the same texts.
            guard let (low, high) = bounds else { return node }
            if case .repeated = node {
                throw error("a quantifier cannot follow another quantifier")
            }
            if case .assert = node { throw error("a quantifier cannot follow an anchor") }
            node = .repeated(node, min: low, max: high)
        }
        return node
    }

    /// Parses `{n}`, `{n,}` or `{n,m}`; `nil` (and no input consumed) when the brace is a
    /// literal, as RE2 treats it.
    private mutating func repetition() throws(CELError) -> (Int, Int?)? {
        let start = position
        position += 1
        func number() -> Int? {
            var digits = ""
            while let scalar = peek, ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
                position += 1
            }
            return Int(digits)
        }
        guard let low = number() else {
            position = start
            return nil
        }
        var high: Int? = low
        if peek == "," {
            position += 1
            high = number()
        }
        guard peek == "}" else {
            position = start
            return nil
        }
        position += 1
        if low > 1000 || (high ?? 0) > 1000 { throw error("repetition count over 1000") }
        if let high, high < low {
            throw error("repetition {\(low),\(high)} has its bounds reversed")
        }
        return (low, high)
    }

    private mutating func atom() throws(CELError) -> RegexNode {
        guard let scalar = peek else { throw error("unexpected end") }
        position += 1
        switch scalar {
        case ".": return .any(dotAll: dotAll)
        case "^": return .assert(multiLine ? .lineStart : .textStart)
        case "$": return .assert(multiLine ? .lineEnd : .textEnd)
        case "[": return try characterClass()
        case "\\": return try escape(inClass: false)
        case "(": return .group(try group())
        case "*", "+", "?": throw error("missing argument to repetition operator `\(scalar)`")
        default: return .scalar(scalar, fold: caseInsensitive)
        }
    }

    private mutating func group() throws(CELError) -> RegexNode {
        if peek == "?" {
            position += 1
            if peek == "P" || peek == "<" {
                if peek == "P" { position += 1 }
                guard peek == "<" else { throw error("invalid named group") }
                while let scalar = peek, scalar != ">" { position += 1 }
                guard peek == ">" else { throw error("unterminated group name") }
                position += 1
                return try groupBody(restoreFlags: true)
            }
            // Flags: (?i) (?s) (?m) (?U), optionally negated with -, either alone or as (?i:...).
            var enable = true
            var flags = (caseInsensitive, dotAll, multiLine)
            while let scalar = peek {
                position += 1
                switch scalar {
                case "i": flags.0 = enable
                case "s": flags.1 = enable
                case "m": flags.2 = enable
                case "U": break
                case "-": enable = false
                case ")":
                    (caseInsensitive, dotAll, multiLine) = flags
                    return .empty
                case ":":
                    let saved = (caseInsensitive, dotAll, multiLine)
                    (caseInsensitive, dotAll, multiLine) = flags
                    let body = try groupBody(restoreFlags: false)
                    (caseInsensitive, dotAll, multiLine) = saved
                    return body
                default:
                    throw error(
                        "unsupported group syntax `(?\(scalar)` (look-around and backreferences are not RE2)"
                    )
                }
            }
            throw error("unterminated group")
        }
        return try groupBody(restoreFlags: true)
    }

    private mutating func groupBody(restoreFlags: Bool) throws(CELError) -> RegexNode {
        let saved = (caseInsensitive, dotAll, multiLine)
        let body = try alternation()
        guard peek == ")" else { throw error("missing closing )") }
        position += 1
        if restoreFlags { (caseInsensitive, dotAll, multiLine) = saved }
        return body
    }

    private mutating func escape(inClass: Bool) throws(CELError) -> RegexNode {
        guard let code = peek else { throw error("trailing backslash") }
        position += 1
        switch code {
        case "d": return .set(.asciiDigits, negated: false, fold: false)
        case "D": return .set(.asciiDigits, negated: true, fold: false)
        case "w": return .set(.asciiWord, negated: false, fold: false)
        case "W": return .set(.asciiWord, negated: true, fold: false)
        case "s": return .set(.asciiSpace, negated: false, fold: false)
        case "S": return .set(.asciiSpace, negated: true, fold: false)
        case "b" where !inClass: return .assert(.wordBoundary)
        case "B" where !inClass: return .assert(.notWordBoundary)
        case "A" where !inClass: return .assert(.textStart)
        case "z" where !inClass: return .assert(.textEnd)
        case "n": return .scalar("\n", fold: false)
        case "t": return .scalar("\t", fold: false)
        case "r": return .scalar("\r", fold: false)
        case "f": return .scalar("\u{0C}", fold: false)
        case "v": return .scalar("\u{0B}", fold: false)
        case "a": return .scalar("\u{07}", fold: false)
        case "x":
            var hex = ""
            if peek == "{" {
                position += 1
                while let scalar = peek, scalar != "}" {
                    hex.unicodeScalars.append(scalar)
                    position += 1
                }
                guard peek == "}" else { throw error("unterminated \\x{...}") }
                position += 1
            } else {
                for _ in 0..<2 {
                    guard let scalar = peek else { throw error("\\x needs two hexadecimal digits") }
                    hex.unicodeScalars.append(scalar)
                    position += 1
                }
            }
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw error("invalid escape \\x\(hex)")
            }
            return .scalar(scalar, fold: caseInsensitive)
        case "p", "P":
            var name = ""
            if peek == "{" {
                position += 1
                while let scalar = peek, scalar != "}" {
                    name.unicodeScalars.append(scalar)
                    position += 1
                }
                guard peek == "}" else { throw error("unterminated \\p{...}") }
                position += 1
            } else if let scalar = peek {
                name = String(scalar)
                position += 1
            }
            guard let set = Self.unicodeClass(name) else {
                throw error("unknown Unicode class \\p{\(name)}")
            }
            return .set(set, negated: code == "P", fold: false)
        default:
            if code.properties.isAlphabetic || ("0"..."9").contains(code) {
                throw error("unsupported escape \\\(code)")
            }
            return .scalar(code, fold: caseInsensitive)
        }
    }

    private static func unicodeClass(_ name: String) -> CharacterSet? {
        switch name {
        case "L": .letters
        case "Lu": .uppercaseLetters
        case "Ll": .lowercaseLetters
        case "N", "Nd": .decimalDigits
        case "P": .punctuationCharacters
        case "S": .symbols
        case "Z", "Zs": .whitespaces
        default: nil
        }
    }

    private mutating func characterClass() throws(CELError) -> RegexNode {
        var negated = false
        if peek == "^" {
            negated = true
            position += 1
        }
        var set = CharacterSet()
        var first = true
        while true {
            guard let scalar = peek else { throw error("missing closing ]") }
            if scalar == "]" && !first {
                position += 1
                break
            }
            first = false
            if scalar == "[" && position + 1 < scalars.count && scalars[position + 1] == ":" {
                let rest = String(String.UnicodeScalarView(scalars[position...]))
                // The closing `:]` is searched for after the opening `[:`, which could
                // otherwise be mistaken for one (`[:]`) and end before the name starts.
                let nameStart = rest.index(rest.startIndex, offsetBy: 2)
                guard let end = rest.range(of: ":]", range: nameStart..<rest.endIndex) else {
                    throw error("unterminated [:class:]")
                }
                let name = String(rest[nameStart..<end.lowerBound])
                guard let posix = Self.posixClass(name) else {
                    throw error("unknown class [:\(name):]")
                }
                set.formUnion(posix)
                position += rest.unicodeScalars.distance(
                    from: rest.unicodeScalars.startIndex, to: end.upperBound)
                continue
            }
            position += 1
            var low = scalar
            if scalar == "\\" {
                switch try escape(inClass: true) {
                case .scalar(let literal, _): low = literal
                case .set(let escaped, let escapedNegated, _):
                    set.formUnion(escapedNegated ? escaped.inverted : escaped)
                    continue
                default: throw error("invalid escape in class")
                }
            }
            if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                position += 1
                guard var high = peek else { throw error("missing closing ]") }
                position += 1
                if high == "\\" {
                    guard case .scalar(let literal, _) = try escape(inClass: true) else {
                        throw error("invalid range end")
                    }
                    high = literal
                }
                guard low <= high else { throw error("invalid class range \(low)-\(high)") }
                set.insert(charactersIn: low...high)
            } else {
                set.insert(low)
            }
        }
        return .set(set, negated: negated, fold: caseInsensitive)
    }

    private static func posixClass(_ name: String) -> CharacterSet? {
        switch name {
        case "alpha":
            CharacterSet(charactersIn: "a"..."z").union(CharacterSet(charactersIn: "A"..."Z"))
        case "digit": .asciiDigits
        case "alnum":
            .asciiDigits.union(CharacterSet(charactersIn: "a"..."z")).union(
                CharacterSet(charactersIn: "A"..."Z"))
        case "upper": CharacterSet(charactersIn: "A"..."Z")
        case "lower": CharacterSet(charactersIn: "a"..."z")
        case "space": .asciiSpace
        case "punct": CharacterSet(charactersIn: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
        case "xdigit": CharacterSet(charactersIn: "0123456789abcdefABCDEF")
        case "word": .asciiWord
        default: nil
        }
    }
}

struct RegexCompiler {
    var program: [Regex.Instruction] = []

    mutating func emit(_ node: RegexNode) throws(CELError) {
        guard program.count < Regex.maxInstructions else {
            throw CELError("invalid regular expression: the pattern is too large")
        }
        switch node {
        case .empty:
            break
        case .scalar(let scalar, let fold):
            program.append(.scalar(scalar, caseInsensitive: fold))
        case .set(let set, let negated, let fold):
            program.append(.set(set, negated: negated, caseInsensitive: fold))
        case .any(let dotAll):
            program.append(.any(matchesNewline: dotAll))
        case .assert(let assertion):
            program.append(.assert(assertion))
        case .concat(let items):
            for item in items { try emit(item) }
        case .group(let inner):
            try emit(inner)
        case .alternate(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let inner, let low, let high):
            for _ in 0..<low { try emit(inner) }
            if let high {
                var splits: [Int] = []
                for _ in low..<high {
                    splits.append(program.count)
                    program.append(.split(program.count + 1, 0))
                    try emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let split = program.count
                program.append(.split(split + 1, 0))
                try emit(inner)
                program.append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}

/// Compiled patterns, shared across evaluations: a rule's pattern is compiled once.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private var cache: [String: Result<Regex, CELError>] = [:]
    private let lock = NSLock()

    func regex(_ pattern: String) -> Result<Regex, CELError> {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        let compiled: Result<Regex, CELError>
        do {
            compiled = .success(try Regex(pattern))
        } catch {
            compiled = .failure(error)
        }
        if cache.count > 1000 { cache.removeAll() }
        cache[pattern] = compiled
        return compiled
    }
}

extension CharacterSet {
    static let asciiDigits = CharacterSet(charactersIn: "0"..."9")
    static let asciiWord = CharacterSet(charactersIn: "a"..."z").union(
        CharacterSet(charactersIn: "A"..."Z")
    )
    .union(CharacterSet(charactersIn: "0"..."9")).union(CharacterSet(charactersIn: "_"))
    static let asciiSpace = CharacterSet(charactersIn: " \t\n\r\u{0B}\u{0C}")
}
