import Testing
import YAMLNode

/// The YAML 1.2 core schema for plain scalars and the standard tags.
struct CoreSchemaTests {
    /// Plain scalars resolve to the core schema's types, and YAML 1.1 words stay strings.
    @Test(arguments: [
        ("null", ScalarValue.null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+5", .int(5)),
        ("0x1F", .int(31)), ("0o17", .int(15)), ("007", .int(7)),
        ("9223372036854775807", .int(Int64.max)), ("-9223372036854775808", .int(Int64.min)),
        ("1.5", .float(1.5)), ("-0.25", .float(-0.25)), (".5", .float(0.5)), ("1.", .float(1)),
        ("1e3", .float(1000)), ("2.5E-1", .float(0.25)),
        (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("+.INF", .float(.infinity)),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")),
        ("off", .string("off")),
        ("y", .string("y")), ("n", .string("n")), ("0b101", .string("0b101")),
        ("0x", .string("0x")),
        ("1_000", .string("1_000")), ("inf", .string("inf")), ("nan", .string("nan")),
        ("1.2.3", .string("1.2.3")), ("e5", .string("e5")), ("-", .string("-")),
        ("2024-01-01", .string("2024-01-01")), ("tRUE", .string("tRUE")),
    ])
    func plainScalars(text: String, expected: ScalarValue) {
        #expect(CoreSchema.resolve(text, isPlain: true, tag: nil) == .value(expected))
    }

    /// The quick resolution from bytes agrees with the full one wherever it decides, and
    /// leaves to it everything else.
    @Test(arguments: [
        "null", "Null", "NULL", "nULL", "~", "~~", "", "true", "True", "TRUE", "tRUE", "t",
        "false", "False", "FALSE", "f", "F", "n", "N", "no", "yes", "on", "0", "00", "007", "-0",
        "+0", "42", "-17", "+5", "+", "-", "--1", "+-1", "1-", "999999999999999999",
        "-999999999999999999", "1000000000000000000", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "0x1F", "0o17", "0b1", "1.5", "1.", ".5",
        ".", "1e3", ".inf", "-.Inf", "+.INF", ".nan", "1_000", "2024-01-01", "12:30", "word",
        "Ünïcode", "<placeholder>", "naïve", "trueish", "null ", " null", "12.5", "-0.25",
        "007.5", "-.5", "+.5", "0.1", "0.3", "-0.0", "1.0", "3.14159265358979",
        "3.141592653589793", "999999999999999.9", "99999999999999.9", "1.2.3", "-.", "+1.5e3",
    ])
    func quickResolutionAgrees(text: String) {
        let quick = Array(text.utf8).withUnsafeBufferPointer { CoreSchema.quickResolvePlain($0) }
        let full = CoreSchema.resolve(text, isPlain: true, tag: nil)
        switch quick {
        case .null: #expect(full == .value(.null))
        case .bool(let flag): #expect(full == .value(.bool(flag)))
        case .int(let number): #expect(full == .value(.int(number)))
        case .float(let number):
            // Bit for bit: the same double, and the same sign of a zero.
            guard case .value(.float(let expected)) = full else {
                Issue.record("quick: \(number), full: \(full)")
                return
            }
            #expect(number.bitPattern == expected.bitPattern)
        case .string: #expect(full == .value(.string(text)))
        case .other:
            if case .value(.string) = full {
                // Only text that starts like a number is left undecided as a string.
                #expect(text.first.map { "0123456789+-.".contains($0) } == true)
            }
        }
    }

    /// Ten thousand random decimal numbers, integers and fractions of every length the quick
    /// path takes and a little beyond, resolve quickly to exactly what the full resolution
    /// gives.
    @Test func quickResolutionOfRandomNumbers() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<10_000 {
            var text = ["", "-", "+"][next(3)]
            text += String((0..<(1 + next(12))).map { _ in Character(String(next(10))) })
            if next(3) > 0 {
                text += "." + String((0..<(1 + next(8))).map { _ in Character(String(next(10))) })
            }
            let quick = Array(text.utf8).withUnsafeBufferPointer {
                CoreSchema.quickResolvePlain($0)
            }
            let full = CoreSchema.resolve(text, isPlain: true, tag: nil)
            switch (quick, full) {
            case (.int(let number), .value(.int(let expected))):
                #expect(number == expected, "\(text)")
            case (.float(let number), .value(.float(let expected))):
                #expect(number.bitPattern == expected.bitPattern, "\(text)")
            case (.other, _):
                break
            default:
                Issue.record("\(text): quick \(quick), full \(full)")
            }
        }
    }

    /// `.nan` resolves to a NaN float (which equals nothing, so it is checked apart).
    @Test func notANumber() {
        guard case .value(.float(let number)) = CoreSchema.resolve(".NaN", isPlain: true, tag: nil)
        else {
            Issue.record("`.NaN` did not resolve to a float")
            return
        }
        #expect(number.isNaN)
    }

    /// Quoted and block scalars are strings whatever they look like.
    @Test func quotedScalarsAreStrings() throws {
        let root = try load("a: '1'\nb: \"true\"\nc: |\n  null\nd: 'null'\n")
        #expect(root["a"]?.scalar?.value == .string("1"))
        #expect(root["b"]?.scalar?.value == .string("true"))
        #expect(root["c"]?.scalar?.value == .string("null\n"))
        #expect(root["d"]?.scalar?.value == .string("null"))
        #expect(root["a"]?.scalar?.style == .singleQuoted)
        #expect(root["b"]?.scalar?.style == .doubleQuoted)
        #expect(root["c"]?.scalar?.style == .literal)
    }

    /// Explicit standard tags are honoured.
    @Test func explicitTags() throws {
        let root = try load(
            """
            s: !!str 12
            i: !!int "12"
            f: !!float 3
            b: !!bool "true"
            n: !!null ""
            l: !!seq [1]
            m: !!map {a: 1}
            x: ! 12
            """)
        #expect(root["s"]?.scalar?.value == .string("12"))
        #expect(root["i"]?.scalar?.value == .int(12))
        #expect(root["f"]?.scalar?.value == .float(3))
        #expect(root["b"]?.scalar?.value == .bool(true))
        #expect(root["n"]?.scalar?.value == .null)
        #expect(root["l"]?.sequence?.count == 1)
        #expect(root["m"]?.mapping?.count == 1)
        #expect(root["x"]?.scalar?.value == .string("12"))
        #expect(root["s"]?.tag == "tag:yaml.org,2002:str")
    }

    /// A value that does not fit its tag is an error naming the tag and the value.
    @Test func tagMismatch() {
        #expect(
            renderedErrors("count: !!int twelve\n") == """
                t.yaml:1:8: error[yaml.tag-mismatch]: `twelve` is tagged !!int but is not a valid integer
                    1 | count: !!int twelve
                      |        ^~~~~~~~~~~~
                  = help: correct the value, or remove the tag

                """)
        #expect(errorCodes("a: !!map [1]\n") == ["yaml.tag-mismatch"])
        #expect(errorCodes("a: !!bool yes\n") == ["yaml.tag-mismatch"])
    }

    /// An unknown tag is an error by default, and kept when the loader is told to allow it.
    @Test func unknownTags() throws {
        #expect(
            renderedErrors("when: !date 2024-01-01\n") == """
                t.yaml:1:7: error[yaml.unknown-tag]: unknown tag `!date`
                    1 | when: !date 2024-01-01
                      |       ^~~~~~~~~~~~~~~~
                  = help: remove the tag; the tags understood are !!str, !!int, !!float, !!bool, !!null, !!seq and !!map

                """)
        #expect(errorCodes("a: !!set {x: null}\n") == ["yaml.unknown-tag"])
        let lenient = YAMLLoader(rejectsUnknownTags: false)
        let root = try load("when: !date 2024-01-01\n", loader: lenient)
        #expect(root["when"]?.scalar?.value == .string("2024-01-01"))
        #expect(root["when"]?.tag == "!date")
    }

    /// Integers beyond 64 bits are an error rather than a silently different number.
    @Test func integerOutOfRange() {
        #expect(errorCodes("n: 9223372036854775808\n") == ["yaml.integer-range"])
        #expect(errorCodes("n: -9223372036854775809\n") == ["yaml.integer-range"])
        #expect(errorCodes("n: 0xFFFFFFFFFFFFFFFFF\n") == ["yaml.integer-range"])
        #expect(errorCodes("n: '9223372036854775808'\n") == [])
    }
}

/// The event reader's cheap test for an integer the loader would refuse as out of range: true
/// for every such integer, false for dates, words and quoted digits.
struct ScalarRangeTests {
    @Test(arguments: [
        ("12345678901234567890", true), ("-1234567890123456789", true), ("0x1F", true),
        ("0o17", true), ("+0x10", true), ("123456789012345678", false), ("2026-06-30", false),
        ("abc", false), ("\"12345678901234567890123\"", false), ("1.5e300", false),
    ])
    func mayBeOutOfRange(text: String, expected: Bool) {
        let flag = YAMLEventReader.read(Array("k: \(text)\n".utf8)) { events -> Bool in
            while let kind = events.next(), kind != .streamEnd {
                if kind == .scalar, events.scalarText != "k" { return events.scalarMayBeOutOfRange }
            }
            return false
        }
        #expect(flag == expected, "\(text)")
    }
}
