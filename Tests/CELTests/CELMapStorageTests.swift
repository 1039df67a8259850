import CEL
import Testing

/// Maps built every way there is hold a sound storage (``CELMap/invariantViolations``): both
/// builders write it through pointers, so each path is checked, small and past the size at
/// which a map gets a hash index.
struct CELMapStorageTests {
    static func pairs(_ count: Int) -> [(String, CELValue)] {
        (0..<count).map { ("key\($0)", .int(Int64($0))) }
    }

    @Test(arguments: [0, 1, 15, 16, 17, 40])
    func builtFromPairs(count: Int) throws {
        let map = CELMap(Self.pairs(count))
        #expect(map.invariantViolations == [])
        #expect(map.count == count)
        let made = try CELMap.make(
            Self.pairs(count).map { (.string($0.0), $0.1) } + [(.int(-1), .bool(true))]
        ).get()
        #expect(made.invariantViolations == [])
        #expect(made[.double(-1)]?.debugText == "true")
    }

    /// A builder whose storage a built map shares copies it before writing: both stay sound
    /// and the built map keeps its entries.
    @Test(arguments: [3, 16, 20])
    func builderSharedWithABuiltMap(count: Int) {
        var builder = CELMap.Builder()
        for (key, value) in Self.pairs(count) { builder.insert(.string(key), value) }
        let snapshot = builder
        let first = snapshot.build()
        builder.insert(.string("later"), .null)
        builder.insert(.uint(UInt64.max), .null)
        let second = builder.build()
        #expect(first.invariantViolations == [])
        #expect(second.invariantViolations == [])
        #expect(first.count == count)
        #expect(second.count == count + 2)
        #expect(first[field: "later"] == nil)
    }

    /// A map of field names, as the fast profile decoder builds its records.
    @Test(arguments: [2, 16, 17, 30])
    func builtFromFieldNames(count: Int) {
        let names = FieldNames((0..<count).map { "field_name_long_enough_\($0)" })
        var builder = CELMap.FieldsBuilder(capacity: count, names: names)
        for position in stride(from: count - 1, through: 0, by: -1) {
            builder.append(position, .int(Int64(position)))
        }
        let map = builder.build()
        #expect(map.invariantViolations == [])
        #expect(map[field: "field_name_long_enough_0"]?.debugText == "0")
    }
}
