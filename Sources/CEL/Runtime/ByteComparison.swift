/// Comparing short runs of bytes in place: field names, category values, keys still in a
/// parser's buffer.
package enum ByteComparison {
    /// Whether the `count` bytes at `a` and at `b` are the same. Eight bytes are compared at a
    /// time (the last eight overlapping the ones before them), then four, then one: for texts
    /// of a few dozen bytes this is a handful of instructions, where a call to `memcmp` cost
    /// more than the comparison itself.
    @inlinable @inline(__always)
    package static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                {
                    return false
                }
                offset += 8
            }
            return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for offset in 0..<count
        where a.load(fromByteOffset: offset, as: UInt8.self)
            != b.load(fromByteOffset: offset, as: UInt8.self)
        {
            return false
        }
        return true
    }
}
