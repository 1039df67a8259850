import Testing

@testable import ReadinessCore

/// Paths into a profile read into steps, and malformed ones refused.
struct ProfilePathTests {
    @Test func wellFormed() {
        #expect(ProfilePath.steps("staff.total") == [.field("staff"), .field("total")])
        #expect(
            ProfilePath.steps("peer_workers[2].supervision.interval_days")
                == [
                    .field("peer_workers"), .index(2), .field("supervision"),
                    .field("interval_days"),
                ])
        #expect(ProfilePath.steps("grid[0][11]") == [.field("grid"), .index(0), .index(11)])
        #expect(ProfilePath.steps("équipe[1]") == [.field("équipe"), .index(1)])
    }

    @Test(arguments: ["", "[0]", "a..b", "a.", ".a", "a[x]", "a[-1]", "a[0]b", "a[0", "a[]"])
    func malformed(_ path: String) {
        #expect(ProfilePath.steps(path) == nil, "\(path)")
    }
}
