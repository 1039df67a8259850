import Testing

@testable import readiness_bench

/// The benchmark's command runs in turns with libyaml: paused while each slice is parsed,
/// its time counted only while it runs, its exit status reported.
struct BenchmarkInterleavingTests {
    /// A command that outlasts the slices is paused once for each, and the time it ran is its
    /// whole run (`sleep`'s clock goes on while it is paused, so the pauses cannot hide in
    /// it; the bounds are wide, as a shared machine needs).
    @Test func pausesOnceForEachSlice() throws {
        let measured = try BatchBenchmark.interleaved(
            "/bin/sleep", ["0.4"], slices: [[], [], []], interval: 0.05)
        #expect(measured.status == 0)
        #expect(measured.pauses == 3)
        #expect(measured.command.wall >= 0.35 && measured.command.wall < 10)
    }

    /// A command that ends before its first pause leaves every slice to run after it, and
    /// its exit status is the one a shell would report.
    @Test func reportsTheExitStatus() throws {
        let measured = try BatchBenchmark.interleaved(
            "/bin/sh", ["-c", "exit 3"], slices: [[], []], interval: 5)
        #expect(measured.status == 3)
        #expect(measured.pauses == 0)
    }
}
