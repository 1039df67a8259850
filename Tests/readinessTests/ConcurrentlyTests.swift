import Dispatch
import Testing

@testable import readiness

/// Work started with ``Concurrently`` runs while its starter goes on, and hands its result
/// over whole.
struct ConcurrentlyTests {
    /// The work waits for a signal its starter sends only after starting it: run in the
    /// starter's turn, it would time out and report `false`.
    @Test func runsAlongsideItsStarter() {
        let go = DispatchSemaphore(value: 0)
        let work = Concurrently { go.wait(timeout: .now() + 10) == .success }
        go.signal()
        #expect(work.result())
    }

    @Test func handsOverTheResult() {
        let work = Concurrently { (1...10_000).map { $0 * 2 } }
        #expect(work.result().count == 10_000)
        #expect(work.result().last == 20_000)
    }
}
