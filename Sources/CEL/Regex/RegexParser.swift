import Foundation

/// The syntax tree of a pattern.
indirect enum RegexNode {
    case empty
    case scalar(Unicode.Scalar, fold: Bool)
    case set(CharacterSet, negated: Bool, fold: Bool)
    case any(dotAll: Bool)
    case assert(RE2Pattern.Assertion)
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

extension CharacterSet {
    static let asciiDigits = CharacterSet(charactersIn: "0"..."9")
    static let asciiWord = CharacterSet(charactersIn: "a"..."z").union(
        CharacterSet(charactersIn: "A"..."Z")
    )
    .union(CharacterSet(charactersIn: "0"..."9")).union(CharacterSet(charactersIn: "_"))
    static let asciiSpace = CharacterSet(charactersIn: " \t\n\r\u{0B}\u{0C}")
}
