import Foundation

/// Results made by concurrent workers, in any order, handed to one consumer in input order.
///
/// Workers ``claim(_:)`` input positions and ``deliver(_:_:)`` their results; the consumer
/// ``take(_:)``s them 0, 1, 2, …. No worker claims a position more than `window` past the
/// last one taken, so at most `window` results wait at any time.
final class OrderedHandOff<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Result `index` waits in slot `index % window`.
    private var slots: [Value?]
    private let count: Int
    /// The next position to claim.
    private var claimed = 0
    /// How many results the consumer has taken.
    private var taken = 0
    /// The position the consumer sleeps until, or -1: workers wake it only for that one.
    private var awaited = -1
    /// Workers sleeping until the consumer frees a slot.
    private var workersWaiting = 0
    /// How many results the consumer waits for at once.
    private static var run: Int { 32 }

    init(count: Int, window: Int) {
        self.count = count
        slots = Array(repeating: nil, count: max(1, min(window, count)))
    }

    /// The next position to work on, or `nil` when every position is claimed; waits while
    /// the window is full.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && claimed < count && claimed >= taken + slots.count {
            workersWaiting += 1
            condition.wait()
            workersWaiting -= 1
        }
        guard !stopped, claimed < count else { return nil }
        defer { claimed += 1 }
        return claimed
    }

    /// Whether ``stop()`` was called: no position is claimed after it.
    private var stopped = false

    /// Stops handing out positions (the consumer stopped taking): waiting workers return.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands over the result for a claimed position.
    func deliver(_ index: Int, _ value: consuming Value) {
        condition.lock()
        defer { condition.unlock() }
        let slot = index % slots.count
        precondition(slots[slot] == nil, "a result is delivered into a slot still in use")
        slots[slot] = value
        if index == awaited { condition.broadcast() }
    }

    /// The result for `index`, the position after the last one taken, once it is delivered.
    func take(_ index: Int) -> Value {
        condition.lock()
        defer { condition.unlock() }
        precondition(index == taken, "results are taken in order")
        let slot = index % slots.count
        if slots[slot] == nil {
            // Sleep until a run of results is ready, not just the next one: waking for each
            // result cost a context switch per profile. The run's last position is within the
            // window, so some worker will claim it.
            let last = min(index + Self.run, taken + slots.count, count) - 1
            awaited = last
            while slots[last % slots.count] == nil { condition.wait() }
            awaited = index
            while slots[slot] == nil { condition.wait() }
            awaited = -1
        }
        taken += 1
        if workersWaiting > 0 { condition.broadcast() }
        // The loops above waited until it was there.
        guard let result = slots[slot].take() else { preconditionFailure("a result handed on") }
        return result
    }
}

/// A flag set once from any thread (an async stream's termination) and read from another.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag.
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    /// Whether the flag is set.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
