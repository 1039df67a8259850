import Dispatch

/// Work started on another core now, its result collected later: for two independent steps
/// that would otherwise wait on each other, such as searching the folders of a batch while
/// its rule set loads.
final class Concurrently<Value: Sendable>: @unchecked Sendable {
    // Written once by the work, read only after `finished` has been signalled, which orders
    // the write before the read: the unchecked conformance rests on that.
    private var value: Value?
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue.
    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.value = work()
            self.finished.signal()
        }
    }

    /// The work's result, waiting for it if it is still running.
    func result() -> Value {
        finished.wait()
        // Signalled again for the next caller: the value stays.
        defer { finished.signal() }
        guard let value else { preconditionFailure("the work finished without a result") }
        return value
    }
}
