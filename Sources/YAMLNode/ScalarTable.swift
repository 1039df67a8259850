#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Texts laid end to end as UTF-8, for finding which of them the current scalar spells while
/// its bytes are still in libyaml's buffer (``YAMLEventReader/position(in:from:count:guess:)``):
/// no string is made for a key or a category value that matches.
package struct ScalarTable: Sendable {
    private let bytes: [UInt8]
    /// Where each text starts in `bytes`, then where the last one ends.
    private let bounds: [Int]

    /// A table of `texts`, by their positions in the array.
    package init(_ texts: [String]) {
        bytes = texts.flatMap(\.utf8)
        var bounds = [0]
        bounds.reserveCapacity(texts.count + 1)
        for text in texts { bounds.append(bounds[bounds.count - 1] + text.utf8.count) }
        self.bounds = bounds
    }

    /// The position, among the `count` texts from `start`, of the text `key` spells, `guess`
    /// tried first; `nil` when none does.
    @inline(__always)
    func position(of key: UnsafeBufferPointer<UInt8>, from start: Int, count: Int, guess: Int)
        -> Int?
    {
        bytes.withUnsafeBufferPointer { stored in
            let end = start + count
            if guess < end, Self.spells(stored, bounds[guess], bounds[guess + 1], key) {
                return guess
            }
            for position in start..<end
            where position != guess
                && Self.spells(stored, bounds[position], bounds[position + 1], key)
            {
                return position
            }
            return nil
        }
    }

    @inline(__always)
    private static func spells(
        _ stored: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
        _ key: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard end - start == key.count else { return false }
        guard key.count > 0, let base = stored.baseAddress, let keyBase = key.baseAddress else {
            return true
        }
        return memcmp(base + start, keyBase, key.count) == 0
    }
}
