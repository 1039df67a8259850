/// The mutable state of one evaluation: variable slots, loop locals and the remaining cost
/// budget, in a single allocation.
///
/// Mutable state is reached through the buffer's pointers rather than `var` properties: a
/// class's stored `var`s pay a dynamic exclusivity check on every access, which cost a fifth
/// of the evaluation time in loops.
final class Frame: ManagedBuffer<Frame.Header, CELValue> {
    /// The elements are the variables (`slotCount` of them), then room for `localCapacity`
    /// loop variables and accumulators.
    struct Header {
        let slotCount: Int
        let localCapacity: Int
        var remaining: Int
        var exhausted: Bool
        let observer: (@Sendable (Int, CELValue) -> Void)?
    }

    static func make(
        slots: [CELValue], localCount: Int, budget: Int,
        observer: (@Sendable (Int, CELValue) -> Void)?
    ) -> Frame {
        let localCapacity = max(1, localCount)
        let buffer = Frame.create(minimumCapacity: slots.count + localCapacity) { _ in
            Header(
                slotCount: slots.count, localCapacity: localCapacity, remaining: budget,
                exhausted: false, observer: observer)
        }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { elements in
            _ = UnsafeMutableBufferPointer(start: elements, count: slots.count)
                .initialize(from: slots)
            (elements + slots.count).initialize(repeating: .null, count: localCapacity)
        }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { header, elements in
            _ = elements.deinitialize(
                count: header.pointee.slotCount + header.pointee.localCapacity)
        }
    }

    /// Readies the frame for another evaluation with variable `slot` bound to `value`: the
    /// same variables otherwise, fresh locals and a fresh budget. For evaluating one program
    /// over many items without a frame for each.
    func rebind(_ slot: Int, _ value: CELValue, budget: Int) {
        withUnsafeMutablePointers { header, elements in
            elements[slot] = value
            header.pointee.remaining = budget
            header.pointee.exhausted = false
            (elements + header.pointee.slotCount).update(
                repeating: .null, count: header.pointee.localCapacity)
        }
    }

    /// Readies the frame for another program's evaluation: its budget, and its first
    /// `locals` loop variables cleared (at most ``localCapacity``).
    func reset(locals: Int, budget: Int) {
        withUnsafeMutablePointers { header, elements in
            header.pointee.remaining = budget
            header.pointee.exhausted = false
            (elements + header.pointee.slotCount).update(repeating: .null, count: locals)
        }
    }

    /// Runs `body` with a function that lends item `index` of `items` to loop variable
    /// `local`: the slot aliases the item, without the retain and release a copy costs per
    /// item (a list's items are each a counted object: a map per peer worker). `items` must
    /// outlive the call, and only ``lending(_:to:_:)`` may write the slot meanwhile (a nested
    /// loop over the same slot lends too). The slot's value is put back as it was at the end.
    @inline(__always)
    func lending<Result>(
        _ items: UnsafeBufferPointer<CELValue>, to local: Int,
        _ body: ((Int) -> Void) -> Result
    ) -> Result {
        let slot = locals + local
        let saved = slot.move()
        // The lent item's bits are overwritten, not released: it was never retained.
        defer { slot.initialize(to: saved) }
        guard let base = items.baseAddress else { return body { _ in } }
        return body { index in
            UnsafeMutableRawPointer(slot).copyMemory(
                from: base + index, byteCount: MemoryLayout<CELValue>.size)
        }
    }

    /// How many loop variables the frame has room for.
    var localCapacity: Int { withUnsafeMutablePointerToHeader { $0.pointee.localCapacity } }

    /// The variables, in slot order.
    var slots: [CELValue] {
        withUnsafeMutablePointers { header, elements in
            Array(UnsafeBufferPointer(start: elements, count: header.pointee.slotCount))
        }
    }

    /// How many variables the frame holds.
    var slotCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.slotCount } }

    /// The variables, in place. The pointer stays valid while the frame lives; a slot is
    /// changed only between evaluations.
    var variables: UnsafeMutablePointer<CELValue> { withUnsafeMutablePointerToElements { $0 } }

    /// Loop variables and accumulators. The pointer stays valid while the frame lives.
    var locals: UnsafeMutablePointer<CELValue> {
        withUnsafeMutablePointers { header, elements in elements + header.pointee.slotCount }
    }

    /// The observer of sub-expression values, when explaining.
    var observer: (@Sendable (Int, CELValue) -> Void)? {
        withUnsafeMutablePointerToHeader { $0.pointee.observer }
    }

    /// Takes a list out of a local, leaving `null`, so that a list held only there can be
    /// appended to in place (a copy left behind forces copy-on-write of the whole list each
    /// step). Returns `nil`, leaving the local as it is, when it holds no list.
    @inline(__always)
    func takeList(_ slot: Int) -> [CELValue]? {
        let pointer = locals + slot
        guard case .list(let list) = pointer.pointee else { return nil }
        pointer.pointee = .null
        return list
    }

    /// Whether the budget ran out.
    var exhausted: Bool { withUnsafeMutablePointerToHeader { $0.pointee.exhausted } }

    /// Charges for a value an operator or function built, in proportion to its size, so
    /// that `l.map(x, l + l)` over a large list runs out of budget rather than memory: one
    /// step per element or entry, one per 64 bytes of text.
    @inline(__always)
    func chargeBuilt(_ value: CELValue) -> CELValue {
        let steps: Int
        switch value {
        case .list(let items): steps = items.count
        case .map(let map): steps = map.count
        case .string(let text): steps = text.utf8.count >> 6
        case .bytes(let bytes): steps = bytes.count >> 6
        default: return value
        }
        return charge(steps) ? value : Frame.budgetError
    }

    /// Charges steps; `false` once the budget is spent.
    @inline(__always)
    func charge(_ steps: Int = 1) -> Bool {
        withUnsafeMutablePointerToHeader { header in
            header.pointee.remaining -= steps
            if header.pointee.remaining < 0 {
                header.pointee.exhausted = true
                return false
            }
            return true
        }
    }

    static let budgetError = CELValue.error(CELError("evaluation cost limit exceeded"))
}
