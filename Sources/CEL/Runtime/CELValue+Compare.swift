#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

extension CELValue {
    /// CEL equality: numbers compare by value across int, uint and double; lists and maps
    /// element by element; values of different kinds are unequal. `nil` when either side is
    /// an error (the caller propagates it).
    public static func equal(_ lhs: CELValue, _ rhs: CELValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)):
            // By code points, without Unicode normalisation (Swift's == would equate "é" written
            // as one scalar or two).
            return sameBytes(a, b)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.int, _), (.uint, _), (.double, _):
            guard let order = numericOrder(lhs, rhs) else { return false }
            return order == 0
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            return a.entries.allSatisfy { entry in
                guard let other = b[entry.key] else { return false }
                return equal(entry.value, other)
            }
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.type(let a), .type(let b)): return a.runtimeName == b.runtimeName
        default: return false
        }
    }

    /// Compares two numbers of any numeric kinds by value: -1, 0 or 1; `nil` if either is not
    /// a number or is NaN.
    static func numericOrder(_ lhs: CELValue, _ rhs: CELValue) -> Int? {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.uint(let a), .uint(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.int(let a), .uint(let b)):
            if a < 0 { return -1 }
            let ua = UInt64(a)
            return ua < b ? -1 : (ua > b ? 1 : 0)
        case (.uint, .int):
            return numericOrder(rhs, lhs).map { -$0 }
        // An integer meets a double as a double, as cel-go compares them: 2^63 - 1 and
        // 2^63 are equal there, which the conformance suite requires.
        case (.int(let a), .double):
            return numericOrder(.double(Double(a)), rhs)
        case (.uint(let a), .double):
            return numericOrder(.double(Double(a)), rhs)
        case (.double, .int), (.double, .uint):
            return numericOrder(rhs, lhs).map { -$0 }
        default:
            return nil
        }
    }

    /// Whether two strings have the same UTF-8 bytes.
    @inline(__always)
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        // The same representation is the same text: two short strings (held inline) with the
        // same bytes, or two references to one storage. Most field names and category values
        // are decided here, without reading them. (A String is two words on 64-bit platforms;
        // elsewhere the bytes are read.)
        (MemoryLayout<String>.size == MemoryLayout<(UInt64, UInt64)>.size
            && unsafeBitCast(a, to: (UInt64, UInt64).self)
                == unsafeBitCast(b, to: (UInt64, UInt64).self))
            || sameBytesRead(a, b)
    }

    /// ``sameBytes(_:_:)`` for different representations: lengths first (known without
    /// reading), then the bytes in place, by ``ByteComparison/same(_:_:_:)`` (a loop of Swift
    /// byte compares cost ten instructions a byte, a call to `memcmp` twenty for a short name).
    @inline(never)
    private static func sameBytesRead(_ a: String, _ b: String) -> Bool {
        let left = a.utf8
        let right = b.utf8
        let count = left.count
        guard count == right.count else { return false }
        if count == 0 { return true }
        let compared = left.withContiguousStorageIfAvailable { leftBytes in
            right.withContiguousStorageIfAvailable { rightBytes in
                guard let leftStart = leftBytes.baseAddress,
                    let rightStart = rightBytes.baseAddress
                else { return leftBytes.count == rightBytes.count }
                return ByteComparison.same(leftStart, rightStart, count)
            }
        }
        return (compared ?? nil) ?? left.elementsEqual(right)
    }

    /// CEL ordering for `<`, `<=`, `>`, `>=`: numbers across kinds, strings and bytes
    /// lexicographically by UTF-8 bytes, booleans, timestamps, durations. `nil` when the kinds
    /// cannot be ordered (or a NaN is involved).
    static func order(_ lhs: CELValue, _ rhs: CELValue) -> Int? {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            return lexicographic(Array(a.utf8), Array(b.utf8))
        case (.bytes(let a), .bytes(let b)):
            return lexicographic(a, b)
        case (.bool(let a), .bool(let b)):
            return a == b ? 0 : (a ? 1 : -1)
        case (.timestamp(let a), .timestamp(let b)):
            return a < b ? -1 : (a > b ? 1 : 0)
        case (.duration(let a), .duration(let b)):
            return a < b ? -1 : (a > b ? 1 : 0)
        default:
            return numericOrder(lhs, rhs)
        }
    }

    private static func lexicographic(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
    }

    /// Whether the kinds of two values may be ordered at all (for error messages).
    static func isOrderable(_ value: CELValue) -> Bool {
        switch value {
        case .int, .uint, .double, .string, .bytes, .bool, .timestamp, .duration: true
        default: false
        }
    }
}
