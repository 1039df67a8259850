import Foundation
import SourceDiagnostics

/// Readers of one schema, lent one at a time: a web server reading a profile a request made a
/// reader (laid the schema out for reading) for each, a tenth of the decoding. A reader is
/// used by one thread at a time, never shared by two at once: threads counting references on
/// one reader's strings at the same moment cost more than the reading (``ProfileReadingPlan``).
final class ProfileReaderPool: @unchecked Sendable {
    private let schema: ObjectSpec
    private let limits: InputLimits
    /// Readers not lent out; at most `capacity` are kept (one a core is all that run at once).
    private var idle: [ProfileReader] = []
    private let capacity: Int
    private let lock = NSLock()

    init(schema: ObjectSpec, limits: InputLimits) {
        self.schema = schema
        self.limits = limits
        capacity = max(2, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Decodes a profile's bytes with a reader of its own for the while.
    func decode(_ bytes: [UInt8], name: String) throws(DiagnosticError) -> Profile {
        let reader = borrow()
        defer { giveBack(reader) }
        return try reader.decode(bytes, name: name)
    }

    private func borrow() -> ProfileReader {
        lock.lock()
        let reader = idle.popLast()
        lock.unlock()
        return reader ?? ProfileReader(schema: schema, limits: limits)
    }

    private func giveBack(_ reader: ProfileReader) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < capacity { idle.append(reader) }
    }
}
