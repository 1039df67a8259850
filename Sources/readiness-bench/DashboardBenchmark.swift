import Foundation
import ReadinessCore
import ReadinessServer
import ReadinessTestSupport

/// A funder's dashboard over a large portfolio, on loopback: a fresh database holding
/// `organisations` organisations of a funder's portfolio with `assessments` accepted
/// assessments each (generated profiles, a quarter apart, assessed and stored as the web
/// application stores them), a contract (the shipped funder-minimum tailoring) and a waiver
/// for every tenth organisation; then the release `readiness serve` on it, and `/funder` asked
/// for `requests` times with the funder's token. The first answer works out every row; the
/// figures of the others are the guard (p99 under 200 ms).
enum DashboardBenchmark {
    static func run(
        executable: String, organisations: Int, assessments: Int, requests: Int
    ) throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-dashboard-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("bench.sqlite").path
        let clock = ContinuousClock()
        let setupStarted = clock.now
        let token = try blocking {
            try await fill(database, organisations: organisations, assessments: assessments)
        }
        print(
            "portfolio\t\(organisations) organisations × \(assessments) accepted assessments (stored in \(format(clock.now - setupStarted)))"
        )

        let (server, port) = try ServeBenchmark.serve(executable, database: ["--db", database])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        guard let connection = LoopbackConnection(port: port) else {
            throw BenchmarkError("no connection to the server")
        }
        let firstStarted = clock.now
        guard let first = connection.get("/funder", token: token), first.status == 200 else {
            throw BenchmarkError("the dashboard did not answer 200")
        }
        let firstTime = clock.now - firstStarted
        let rows = first.body.components(separatedBy: "<td class=\"org\">").count - 1
        guard rows == organisations else {
            throw BenchmarkError("the dashboard lists \(rows) organisations, not \(organisations)")
        }
        var times: [Duration] = []
        for _ in 0..<requests {
            let started = clock.now
            guard connection.get("/funder", token: token)?.status == 200 else {
                throw BenchmarkError("a dashboard request failed")
            }
            times.append(clock.now - started)
        }
        times.sort()
        func percentile(_ fraction: Double) -> String {
            format(times[min(times.count - 1, Int(Double(times.count) * fraction))])
        }
        print("page\t\(first.body.utf8.count / 1024) KiB, \(rows) rows")
        print("first request (every row worked out)\t\(format(firstTime))")
        print("requests after it\t\(requests)")
        print("latency p50\t\(percentile(0.50))")
        print("latency p90\t\(percentile(0.90))")
        print("latency p99\t\(percentile(0.99))")
        print("latency max\t\(percentile(1.0))")
    }

    /// Stores the portfolio; the funder's API token.
    private static func fill(_ database: String, organisations: Int, assessments: Int)
        async throws -> String
    {
        let storage = try SQLiteStorage(path: database)
        let ruleSet = try BuiltInRuleSet.load()
        let service = AssessmentService(storage: storage, ruleSet: ruleSet)
        let funder = try await storage.ensureFunder(named: "Benchmark PHN")
        let officer = try await storage.createUser(
            email: "officer@bench.org", passwordHash: "-", role: .funder, organisationID: nil,
            funderID: funder.id)
        let token = Secrets.newToken()
        try await storage.createToken(
            userID: officer.id, tokenHash: Secrets.hash(token), createdAt: Date())
        let tailoring = Paths.repositoryRoot.appendingPathComponent(
            "rules/vic-aod-peer-workforce/tailoring/funder-minimum.yaml")
        let funders = FunderService(assessments: service)
        _ = try await funders.setContract(
            funder: funder, tailoringBytes: Array(try Data(contentsOf: tailoring)),
            name: "funder-minimum.yaml", cadenceText: "365", by: officer)
        var random = SplitMix(seed: 11)
        let days = ["2026-06-30", "2026-08-15", "2026-09-30", "2026-11-30"]
        for index in 0..<organisations {
            let name = "Synthetic Service \(index)"
            let organisation = try await storage.ensureOrganisation(named: name)
            try await storage.invite(
                funderID: funder.id, organisationID: organisation.id, by: officer.id, at: Date())
            try await storage.join(
                funderID: funder.id, organisationID: organisation.id, by: officer.id, at: Date())
            for round in 0..<assessments {
                let profile = ProfileGenerator.profile(index, random: &random)
                    .replacingOccurrences(
                        of: "as_of: 2026-06-30", with: "as_of: \(days[round % days.count])")
                let stored = try await service.submit(
                    profileText: profile, name: "\(name).yaml", organisation: organisation,
                    by: officer)
                _ = try await storage.review(
                    assessmentID: stored.id, status: .accepted, note: nil, by: officer.id,
                    at: Date(), plan: [], followUps: [])
            }
            if index % 10 == 0 {
                _ = try await funders.grantWaiver(
                    FunderService.WaiverForm(
                        rule: "SUP-03", justification: "Benchmark", approvedBy: "Benchmark",
                        granted: "2026-01-01", expires: "2026-12-31"),
                    organisation: organisation, funder: funder, requestID: nil, by: officer)
            }
        }
        return token
    }

    /// Runs async work to its end from synchronous code (the benchmark's commands are).
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T)
        throws -> T
    {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<T, Error>?
        Task.detached {
            do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let outcome else { throw BenchmarkError("the work did not finish") }
        return try outcome.get()
    }

    private static func format(_ duration: Duration) -> String {
        String(format: "%.1f ms", seconds(duration) * 1000)
    }
}
