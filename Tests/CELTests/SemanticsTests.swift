import CEL
import Testing

/// Evaluation semantics per the CEL specification.
struct SemanticsTests {
    /// Integer overflow and division by zero are errors, not wrap-around.
    @Test(arguments: [
        ("9223372036854775807 + 1", "int overflow"), ("-9223372036854775808 - 1", "int overflow"),
        ("-9223372036854775808 / -1", "int overflow"), ("1 / 0", "division by zero"),
        ("1 % 0", "modulus by zero"),
        ("0u - 1u", "uint overflow"), ("18446744073709551615u * 2u", "uint overflow"),
    ])
    func arithmeticErrors(source: String, message: String) throws {
        #expect(try evaluate(source).errorMessage == message)
    }

    /// `&&` and `||` absorb errors when the other side decides, in either order.
    @Test(arguments: [
        ("false && (1 / 0 == 1)", "false"), ("(1 / 0 == 1) && false", "false"),
        ("true || (1 / 0 == 1)", "true"),
        ("(1 / 0 == 1) || true", "true"), ("true && (1 / 0 == 1)", "error"),
        ("(1 / 0 == 1) || false", "error"),
    ])
    func errorAbsorption(source: String, expected: String) throws {
        let result = try evaluate(source)
        #expect(expected == "error" ? result.isError : result.debugText == expected)
    }

    /// Numbers compare across int, uint and double.
    @Test(arguments: [
        "dyn(1) == 1.0", "dyn(1) == 1u", "1 < 1.5", "1 < 2u", "2u > 1.5", "dyn(-1) < 0u",
        "!(dyn(1.5) == 1)",
    ])
    func heterogeneousNumbers(source: String) throws {
        #expect(try evaluate(source).debugText == "true")
    }

    /// `in` on a list: a string is found by its code points (not its canonical equivalent),
    /// among items of any kind; other values by CEL equality, numbers across kinds.
    @Test(arguments: [
        ("'b' in ['a', 'b']", "true"), ("'c' in ['a', 'b']", "false"), ("'a' in []", "false"),
        ("'a' in dyn([1, 'a'])", "true"), ("'1' in dyn([1, true])", "false"),
        ("'caf\\u00e9' in ['cafe\\u0301']", "false"), ("'caf\\u00e9' in ['caf\\u00e9']", "true"),
        ("'a long category name' in ['another long name', 'a long category name']", "true"),
        ("'a long category name' in ['a long category nam', 'a long category names']", "false"),
        ("1 in dyn(['1', 1.0])", "true"), ("2u in dyn([1, 2])", "true"),
        ("[1] in [[1], [2]]", "true"),
        ("null in dyn(['null'])", "false"),
    ])
    func listMembership(source: String, expected: String) throws {
        #expect(try evaluate(source).debugText == expected)
    }

    /// A missing map key is an error; `has()` tests presence; lists check their bounds.
    @Test func mapsAndLists() throws {
        let org = CELValue.map(CELMap([("name", .string("Harbour")), ("staff", .int(12))]))
        #expect(try evaluate("org.missing", ["org": org]).errorMessage == "no such key: 'missing'")
        #expect(
            try evaluate("has(org.staff) && !has(org.missing)", ["org": org]).debugText == "true")
        #expect(try evaluate("org['staff'] + 1", ["org": org]).debugText == "13")
        #expect(
            try evaluate("[1, 2][2]").errorMessage
                == "index out of range: 2 (the list has 2 elements)")
        #expect(try evaluate("{1: 'a'}[1u]", check: false).debugText == "\"a\"")
        #expect(
            try evaluate("{'a': 1, 'a': 2}").errorMessage == "duplicate key in map literal: \"a\"")
    }

    /// Map keys are equal when their code points are, as CEL's `==` has strings: canonically
    /// equivalent spellings are different keys, in small maps and in hashed ones.
    @Test(arguments: [0, 20])
    func mapKeysByCodePoints(padding: Int) throws {
        let others = (0..<padding).map { "'k\($0)': 0, " }.joined()
        let composed = "{\(others)'caf\\u00e9': 1}"
        #expect(try evaluate("\(composed)['caf\\u00e9']").debugText == "1")
        #expect(
            try evaluate("\(composed)['cafe\\u0301']").errorMessage
                == "no such key: \"cafe\u{301}\"")
        #expect(try evaluate("'cafe\\u0301' in \(composed)").debugText == "false")
        #expect(
            try evaluate("{\(others)'caf\\u00e9': 1, 'cafe\\u0301': 2}.size()").debugText
                == "\(padding + 2)")
        let record = CELValue.map(
            CELMap((0..<padding).map { ("k\($0)", CELValue.int(0)) } + [("caf\u{e9}", .int(1))]))
        #expect(record.isError == false)
        #expect(try evaluate("has(org.k0) || \(padding) == 0", ["org": record]).debugText == "true")
        if case .map(let map) = record {
            #expect(map[field: "caf\u{e9}"]?.debugText == "1")
            #expect(map[field: "cafe\u{301}"] == nil)
            #expect(map[.string("cafe\u{301}")] == nil)
        }
    }

    /// Maps find every key and refuse repeated ones at every size: searched linearly while
    /// small, through a hash index once they outgrow that.
    @Test(arguments: [1, 8, 16, 17, 40])
    func mapsOfEverySize(count: Int) throws {
        var builder = CELMap.Builder()
        for number in 0..<count {
            let added = builder.insert(.string("k\(number)"), .int(Int64(number)))
            #expect(added)
        }
        for number in 0..<count {
            let added = builder.insert(.string("k\(number)"), .int(-1))
            #expect(!added)
        }
        let seven = builder.insert(.int(7), .string("seven"))
        let again = builder.insert(.uint(7), .string("again"))
        #expect(seven && !again)
        let map = builder.build()
        #expect(map.count == count + 1)
        for number in 0..<count {
            #expect(map[field: "k\(number)"]?.debugText == "\(number)")
            #expect(map[.string("k\(number)")]?.debugText == "\(number)")
        }
        #expect(map[field: "k\(count)"] == nil)
        #expect(map[.double(7)]?.debugText == "\"seven\"")
        let org = CELValue.map(map)
        #expect(
            try evaluate("org.k0 + org['k\(count - 1)']", ["org": org]).debugText == "\(count - 1)")
    }

    /// Maps of shared ``FieldNames`` find every field, by a short search and (past sixteen
    /// fields) by their index, list their entries in the order added, and keep their keys
    /// after the names are given up. The keys are not counted, so one released too often or
    /// too rarely shows as a crash or a leak over the repetitions (values are long strings,
    /// which are counted).
    @Test(arguments: [0, 1, 4, 15, 16, 17, 40])
    func fieldNameMaps(count: Int) {
        let names = (0...count).map { "field_with_a_long_name_\($0)" }
        // Added in an order of their own, not the names' order (7 is prime to every count).
        let order = (0..<count).map { ($0 * 7) % count }
        for _ in 0..<50 {
            var maps: [CELMap] = []
            do {
                let fieldNames = FieldNames(names)
                var builder = CELMap.FieldsBuilder(capacity: count, names: fieldNames)
                for position in order {
                    builder.append(
                        position, .string("a value long enough to be counted \(position)"))
                }
                maps.append(builder.build())
                // Copies of its entries carry counts of their own.
                switch CELMap.make(maps[0].entries.map { ($0.key, $0.value) }) {
                case .success(let copy): maps.append(copy)
                case .failure(let error): Issue.record("\(error)")
                }
            }
            for map in maps {
                #expect(map.count == count)
                for number in 0..<count {
                    #expect(
                        map[field: names[number]]?.debugText
                            == "\"a value long enough to be counted \(number)\"")
                    #expect(map[.string(names[number])] != nil)
                }
                #expect(map[field: names[count]] == nil)
                #expect(map.entries.map { $0.key.debugText } == order.map { "\"\(names[$0])\"" })
            }
            let org = CELValue.map(maps[0])
            if count > 1 {
                #expect(
                    (try? evaluate("org.\(names[1]) + org['\(names[0])']", ["org": org]))?
                        .debugText
                        == "\"a value long enough to be counted 1a value long enough to be counted 0\""
                )
            }
        }
    }

    /// A name is shared from a set only when the set holds the same bytes: the set's own
    /// storage for equal text, the name itself for a canonically equivalent spelling (a
    /// different field to CEL) or a name the set lacks.
    @Test func sharedNamesAreTheSetsOwn() {
        let long = "caf\u{E9}_a_field_name_too_long_to_be_inline"
        let names: Set<String> = [long]
        func storage(_ text: String) -> UnsafePointer<UInt8>? {
            var text = text
            return text.withUTF8 { $0.baseAddress }
        }
        let sameText = String(decoding: Array(long.utf8), as: UTF8.self)
        #expect(storage(FieldNames.shared(sameText, in: names)) == storage(long))
        let decomposed = "cafe\u{301}_a_field_name_too_long_to_be_inline"
        #expect(names.contains(decomposed))
        #expect(
            Array(FieldNames.shared(decomposed, in: names).utf8) == Array(decomposed.utf8))
        #expect(FieldNames.shared("other", in: names) == "other")
    }

    /// A map of field names takes no more fields than the room it was made with, and only
    /// names it has: past either, the process stops rather than write out of bounds or hold
    /// a key it does not own.
    @Test func fieldNameMapsStayInBounds() async {
        await #expect(processExitsWith: .failure) {
            var builder = CELMap.FieldsBuilder(capacity: 1, names: FieldNames(["a", "b"]))
            builder.append(0, .int(1))
            builder.append(1, .int(2))
        }
        await #expect(processExitsWith: .failure) {
            var builder = CELMap.FieldsBuilder(capacity: 2, names: FieldNames(["a"]))
            builder.append(1, .int(1))
        }
    }

    /// A builder used after `build()` leaves the maps it built as they were (value
    /// semantics), and copies of a builder do not share entries.
    @Test func buildersHaveValueSemantics() {
        var builder = CELMap.Builder(capacity: 1)
        builder.insert(.string("a"), .int(1))
        let first = builder.build()
        var copy = builder
        for number in 0..<40 { builder.insert(.string("k\(number)"), .int(Int64(number))) }
        copy.insert(.string("b"), .int(2))
        let second = builder.build()
        let third = copy.build()
        #expect(first.count == 1 && first[field: "k0"] == nil)
        #expect(second.count == 41 && second[field: "k39"]?.debugText == "39")
        #expect(third.count == 2 && third[field: "b"]?.debugText == "2")
        #expect(third[field: "k0"] == nil && second[field: "b"] == nil)
        #expect(CELMap().count == 0 && CELMap.Builder().build().entries.isEmpty)
    }

    /// The comprehension macros.
    @Test(arguments: [
        ("[1, 2, 3].all(x, x > 0)", "true"), ("[1, 2, 3].exists(x, x > 2)", "true"),
        ("[1, 2, 3].exists_one(x, x > 1)", "false"), ("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]"),
        ("[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]"),
        ("[1, 2, 3].filter(x, x % 2 == 1)", "[1, 3]"),
        ("{'a': 1, 'b': 2}.all(k, k.size() == 1)", "true"),
        ("[[1], [2, 3]].map(l, l.map(x, x + 1))", "[[2], [3, 4]]"),
        ("[0, -1].all(x, 1 / x > 0)", "false"), ("[1, 0].exists(x, 1 / x == 1)", "true"),
    ])
    func macros(source: String, expected: String) throws {
        #expect(try evaluate(source).debugText == expected)
    }

    /// `map` and `filter` give room to their list up front (up to 1,024 items), which
    /// changes nothing they give: over lists of every size around the limit, nested, and with
    /// an error partway.
    @Test(arguments: [0, 1, 2, 22, 1_023, 1_024, 1_025, 3_000])
    func listMacrosOfEverySize(count: Int) throws {
        let numbers = CELValue.list((0..<count).map { .int(Int64($0)) })
        let doubled = try evaluate("l.map(x, x * 2)", ["l": numbers])
        #expect(
            doubled.debugText == "[" + (0..<count).map { "\($0 * 2)" }.joined(separator: ", ") + "]"
        )
        let odd = try evaluate("l.filter(x, x % 2 == 1).size()", ["l": numbers])
        #expect(odd.debugText == "\(count / 2)")
        let nested = try evaluate("l.map(x, [x, x].map(y, y + 1)).size()", ["l": numbers])
        #expect(nested.debugText == "\(count)")
        let failing = try evaluate("l.map(x, 10 / (x - 1))", ["l": numbers])
        #expect(count < 2 ? !failing.isError : failing.errorMessage == "division by zero")
    }

    /// Loop variables alias the list's items instead of counting a reference to each: what
    /// the loops give is unchanged when items are counted objects (maps, lists, long strings),
    /// when a nested loop reuses the variable's name, when a loop stops early or fails, and
    /// when the body keeps the items (`map(m, m)`). Run many times, so that a reference
    /// counted once too few or too many would free an item still in use and fail.
    @Test func loopsOverCountedItems() throws {
        let records = CELValue.list(
            (0..<40).map { index in
                .map(
                    CELMap([
                        ("name", .string("peer worker number \(index) of the team")),
                        ("skills", .list([.string("lived_experience_\(index % 3)")])),
                    ]))
            })
        let cases: [(String, String)] = [
            ("l.map(m, m).map(m, m.name)[39]", "\"peer worker number 39 of the team\""),
            ("l.exists(m, m.skills.exists(m, m == 'lived_experience_2'))", "true"),
            ("l.all(m, m.skills.all(m, m.startsWith('lived'))) && l.size() == 40", "true"),
            ("l.filter(m, m.skills.exists(s, s.endsWith('_1'))).size()", "13"),
            ("l.exists(m, m.name.endsWith('7 of the team'))", "true"),
            ("l.all(m, m.skills[0] == 'x')", "false"),
            ("l.map(m, m.missing)", "no such key: 'missing'"),
            ("[l, l].map(m, m.map(m, m.name).size())", "[40, 40]"),
        ]
        for _ in 0..<200 {
            for (source, expected) in cases {
                let value = try evaluate(source, ["l": records])
                #expect((value.errorMessage ?? value.debugText) == expected, "\(source)")
            }
        }
    }

    /// String functions, including RE2 matching.
    @Test(arguments: [
        ("'peer work'.contains('r w')", "true"), ("'peer'.startsWith('pe')", "true"),
        ("'peer'.endsWith('er')", "true"),
        ("size('Ngā')", "3"), ("'PW-042'.matches('^PW-[0-9]{3}$')", "true"),
        ("'pw-042'.matches('(?i)^PW-\\\\d+$')", "true"),
        ("'abc'.matches('x|y')", "false"), ("matches('a\\nb', '^b$')", "false"),
        ("matches('a\\nb', '(?m)^b$')", "true"),
        ("'peer support'.matches('\\\\bsupport\\\\b')", "true"),
        ("'x'.matches('[[:alpha:]]')", "true"),
    ])
    func strings(source: String, expected: String) throws {
        #expect(try evaluate(source).debugText == expected)
    }

    /// Patterns that make backtracking engines take exponential time finish at once here.
    @Test func regexIsLinear() throws {
        let text = String(repeating: "a", count: 5_000) + "!"
        #expect(try evaluate("s.matches('(a+)+$')", ["s": .string(text)]).debugText == "false")
        #expect(try evaluate("s.matches('(a|aa)*b')", ["s": .string(text)]).debugText == "false")
    }

    /// Invalid and non-RE2 patterns are evaluation errors.
    @Test(arguments: ["(", "a{2,1}", "(?=a)", "\\1", "a**", "[z-a]", "[[:]", "[[:]x", "[[:nope:]]"])
    func invalidRegex(pattern: String) throws {
        let message = try evaluate("'a'.matches(p)", ["p": .string(pattern)]).errorMessage ?? ""
        #expect(message.hasPrefix("invalid regular expression"), "\(pattern): \(message)")
    }

    /// Conversions, with range errors.
    @Test(arguments: [
        ("int('42')", "42"), ("int(2.9)", "2"), ("int(-2.9)", "-2"), ("uint(3)", "3u"),
        ("double('1.5')", "1.5"),
        ("string(1.5)", "\"1.5\""), ("string(1e21)", "\"1e+21\""), ("string(0.0001)", "\"0.0001\""),
        ("string(0.00001)", "\"1e-05\""), ("bool('true')", "true"), ("type(1) == int", "true"),
        ("type([]) == list", "true"), ("type(type(1)) == type", "true"),
        ("string(b'abc')", "\"abc\""),
    ])
    func conversions(source: String, expected: String) throws {
        #expect(try evaluate(source).debugText == expected)
    }

    /// Conversion errors name the problem.
    @Test(arguments: [
        ("int('x')", "cannot convert 'x' to int"), ("uint(-1)", "uint range error: -1"),
        ("int(1e99)", "int range error: 1e+99"),
    ])
    func conversionErrors(source: String, message: String) throws {
        #expect(try evaluate(source).errorMessage == message)
    }

    /// Timestamps, durations and their getters, in UTC and in a time zone.
    @Test(arguments: [
        ("timestamp('2024-02-29T23:30:00Z').getFullYear()", "2024"),
        ("timestamp('2024-02-29T23:30:00Z').getMonth()", "1"),
        ("timestamp('2024-02-29T23:30:00Z').getDate()", "29"),
        ("timestamp('2024-02-29T23:30:00Z').getDayOfWeek()", "4"),
        ("timestamp('2024-02-29T23:30:00Z').getDayOfYear()", "59"),
        ("timestamp('2024-02-29T23:30:00Z').getDate('Australia/Melbourne')", "1"),
        ("timestamp('2024-02-29T23:30:00Z').getHours('+10:00')", "9"),
        (
            "timestamp('2024-03-01T00:00:00Z') - timestamp('2024-02-01T00:00:00Z')",
            "duration(\"2505600s\")"
        ),
        (
            "timestamp('2024-01-01T00:00:00Z') + duration('36h')",
            "timestamp(\"2024-01-02T12:00:00Z\")"
        ),
        ("duration('1h30m').getMinutes()", "90"), ("duration('1.5s') < duration('2s')", "true"),
        ("string(timestamp('2024-01-01T10:00:00.250+10:00'))", "\"2024-01-01T00:00:00.250Z\""),
    ])
    func time(source: String, expected: String) throws {
        #expect(try evaluate(source).debugText == expected)
    }

    /// Out-of-range times and bad zones are errors.
    @Test(arguments: [
        ("timestamp('10000-01-01T00:00:00Z')", "cannot convert"),
        ("timestamp('2024-02-30T00:00:00Z')", "cannot convert"),
        ("timestamp('9999-12-31T23:59:59Z') + duration('1s')", "timestamp out of range"),
        (
            "timestamp('2024-01-01T00:00:00Z').getHours('Mars/Olympus')",
            "unknown time zone 'Mars/Olympus'"
        ),
        ("duration('1x')", "cannot convert '1x' to a duration"),
    ])
    func timeErrors(source: String, message: String) throws {
        #expect(try evaluate(source).errorMessage?.hasPrefix(message) == true)
    }

    /// A runtime type mismatch is an evaluation error when checking is off.
    /// A function call gives its first argument's error, else its second's, else the result
    /// of the overload that fits the values, or "no such overload" naming them: with one,
    /// two and three arguments.
    @Test(arguments: [
        ("size(x)", "3"), ("size(y)", "no such overload: size(int)"),
        ("size(e)", "division by zero"),
        ("x.startsWith('ab')", "true"), ("x.startsWith(e)", "division by zero"),
        ("e.startsWith(x)", "division by zero"), ("e.startsWith(1 % 0)", "division by zero"),
        ("y.startsWith('a')", "no such overload: startsWith(int, string)"),
        ("x.startsWith(y)", "no such overload: startsWith(string, int)"),
        ("x.matches('^a')", "true"),
        ("size(string(y))", "1"), ("int(x)", "error"),
    ])
    func functionCalls(source: String, expected: String) throws {
        let bindings: [String: CELValue] = [
            "x": .string("abc"), "y": .int(7), "e": .error(CELError("division by zero")),
        ]
        let result = try evaluate(source, bindings, check: false)
        #expect(
            result.errorMessage == expected || result.debugText == expected
                || (expected == "error" && result.isError), "\(result.debugText)")
    }

    @Test func uncheckedMismatch() throws {
        #expect(
            try evaluate("1 + 'a'", check: false).errorMessage == "no such overload: +(int, string)"
        )
        #expect(try evaluate("1 < 1.5", check: false).debugText == "true")
        #expect(
            try evaluate("undeclared + 1", check: false).errorMessage
                == "no value for variable 'undeclared'")
    }
}

/// Errors inside `map` and `filter` steps.
struct LoopErrorTests {
    /// An error in one element's step stays the loop's error (it is not replaced by a later
    /// step's type error).
    @Test func firstErrorPropagates() throws {
        let items = CELValue.list([
            .map(CELMap([("v", .int(1))])), .map(CELMap([(String, CELValue)]())),
            .map(CELMap([("v", .int(3))])),
        ])
        let result = try evaluate("xs.map(x, x.v)", ["xs": items])
        #expect(result.errorMessage == "no such key: 'v'")
        if case .error(let error) = result { #expect(error.missingField == "v") }
        #expect(
            try evaluate("xs.filter(x, x.v > 1)", ["xs": items]).errorMessage == "no such key: 'v'")
    }
}

/// The short byte comparison behind string and key equality.
struct ByteComparisonTests {
    /// Equal runs compare equal and a run differing in any one byte does not, at every length
    /// from empty past several words and at every alignment (the comparison reads whole words,
    /// overlapping at the end).
    @Test func sameFindsEveryDifference() {
        let left = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        let right = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 8)
        defer {
            left.deallocate()
            right.deallocate()
        }
        for count in 0...40 {
            for alignment in 0..<8 {
                for offset in 0..<count {
                    let byte = UInt8(truncatingIfNeeded: offset &* 37 &+ 11)
                    left.storeBytes(of: byte, toByteOffset: alignment + offset, as: UInt8.self)
                    right.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
                }
                #expect(ByteComparison.same(left + alignment, right, count))
                for position in 0..<count {
                    let at = left + alignment + position
                    at.storeBytes(of: at.load(as: UInt8.self) ^ 0x40, as: UInt8.self)
                    #expect(
                        !ByteComparison.same(left + alignment, right, count),
                        "length \(count), byte \(position)")
                    at.storeBytes(of: at.load(as: UInt8.self) ^ 0x40, as: UInt8.self)
                }
            }
        }
    }
}
