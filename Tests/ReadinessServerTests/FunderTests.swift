import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

@testable import ReadinessServer

/// Funders: their portfolios (joined by invitation), contracts (a tailoring and a cadence),
/// the dashboard (live `readiness batch` from the store), and waivers. A funder's account
/// reads accepted assessments of its portfolio only; everything else is a 404.
struct FunderTests {
    static let examples = [
        "01-riverbend-no-peer-workforce", "02-northgate-starting-out", "03-harbour-developing",
        "04-eastside-established", "05-southern-embedded",
    ]
    static let tailoring = "rules/vic-aod-peer-workforce/tailoring/funder-minimum.yaml"

    /// Two funders: North (`north@phn.org`) funds every example organisation; South
    /// (`south@phn.org`) funds Harbour too (Harbour reports to both) and Riverbend Community
    /// Health (the test server's other organisation), which North does not fund. Each
    /// example organisation has its profile accepted.
    struct World {
        let server: TestServer
        let north: Funder
        let south: Funder
        var organisations: [String: Organisation] = [:]
        var accepted: [String: StoredAssessment] = [:]

        init(contract: Bool = true) async throws {
            server = try await TestServer()
            let accounts = AccountService(storage: server.storage, passwords: Passwords(cost: 4))
            _ = try await accounts.addUser(
                email: "north@phn.org", password: TestServer.password, role: .funder,
                organisation: nil, funder: "North region PHN")
            _ = try await accounts.addUser(
                email: "south@phn.org", password: TestServer.password, role: .funder,
                organisation: nil, funder: "South PHN")
            north = try #require(
                try await server.storage.funders().first { $0.name.hasPrefix("North") })
            south = try #require(
                try await server.storage.funders().first { $0.name.hasPrefix("South") })
            let storage = server.storage
            let lead = try #require(try await storage.user(email: "lead@harbour.org"))
            let service = AssessmentService(storage: storage, ruleSet: server.ruleSet)
            for example in FunderTests.examples {
                let text = try String(
                    contentsOf: Paths.repositoryRoot.appendingPathComponent(
                        "assessments/\(example).yaml"), encoding: .utf8)
                let name = try Assessment.run(
                    ruleSet: server.ruleSet, profileText: text, name: "p.yaml"
                ).profile.organisation
                let organisation = try await storage.ensureOrganisation(named: name)
                organisations[example] = organisation
                let stored = try await service.submit(
                    profileText: text, name: "\(example).yaml", organisation: organisation,
                    by: lead)
                accepted[example] = try await storage.review(
                    assessmentID: stored.id, status: .accepted, note: nil, by: lead.id,
                    at: Date(), plan: [], followUps: [])
                try await storage.invite(
                    funderID: north.id, organisationID: organisation.id, by: lead.id, at: Date())
                try await storage.join(
                    funderID: north.id, organisationID: organisation.id, by: lead.id, at: Date())
            }
            let harbour = try #require(organisations["03-harbour-developing"])
            let riverbend = try await server.organisation("Riverbend Community Health")
            for organisation in [harbour, riverbend] {
                try await storage.invite(
                    funderID: south.id, organisationID: organisation.id, by: lead.id, at: Date())
                try await storage.join(
                    funderID: south.id, organisationID: organisation.id, by: lead.id, at: Date())
            }
            if contract {
                let funderUser = try #require(try await storage.user(email: "north@phn.org"))
                _ = try await FunderService(assessments: service).setContract(
                    funder: north,
                    tailoringBytes: Array(
                        try Data(
                            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                                FunderTests.tailoring))),
                    name: "funder-minimum.yaml", cadenceText: "365", by: funderUser)
            }
        }

        var harbour: Organisation {
            organisations["03-harbour-developing"] ?? Organisation(id: 0, name: "")
        }
    }

    @Test func accessMatrixForFundersOfThePortfolioOfAnotherAndAnOrganisationInTwo() async throws {
        let world = try await World()
        let harbour = world.harbour
        let southern = try #require(world.organisations["05-southern-embedded"])
        let riverbend = try await world.server.organisation("Riverbend Community Health")
        let harbourAssessment = try #require(world.accepted["03-harbour-developing"])
        let southernAssessment = try #require(world.accepted["05-southern-embedded"])
        // A submitted assessment not yet accepted is no funder's to read.
        let lead = try #require(try await world.server.storage.user(email: "lead@harbour.org"))
        let pending = try await AssessmentService(
            storage: world.server.storage, ruleSet: world.server.ruleSet
        ).submit(
            profileText: try String(
                contentsOf: Paths.repositoryRoot.appendingPathComponent(
                    "assessments/03-harbour-developing.yaml"), encoding: .utf8),
            name: "p.yaml", organisation: harbour, by: lead)
        try await world.server.application().test(.router) { client in
            func status(_ caller: String?, _ route: String) async throws -> HTTPResponse.Status {
                let browser = Browser()
                if let caller { try await browser.signIn(client, caller) }
                return try await browser.get(client, route).status
            }
            let fundersRoutes = [
                "/funder", "/funder/dashboard.csv", "/funder/organisations/\(harbour.id)",
                "/funder/assessments/\(harbourAssessment.id)",
            ]
            for route in fundersRoutes {
                #expect(try await status(nil, route) == .seeOther, "anonymous \(route)")
                // Members, leads and admins have no funder's pages.
                for caller in ["a@harbour.org", "lead@harbour.org", "admin@example.org"] {
                    #expect(try await status(caller, route) == .notFound, "\(caller) \(route)")
                }
                // Harbour is in both portfolios.
                #expect(try await status("north@phn.org", route) == .ok, "north \(route)")
                #expect(try await status("south@phn.org", route) == .ok, "south \(route)")
            }
            // Southern is North's only; Riverbend Community Health is South's only.
            for route in [
                "/funder/organisations/\(southern.id)",
                "/funder/assessments/\(southernAssessment.id)",
            ] {
                #expect(try await status("north@phn.org", route) == .ok)
                #expect(try await status("south@phn.org", route) == .notFound, "\(route)")
            }
            #expect(
                try await status("north@phn.org", "/funder/organisations/\(riverbend.id)")
                    == .notFound)
            #expect(
                try await status("south@phn.org", "/funder/organisations/\(riverbend.id)") == .ok)
            // Not yet accepted, or not there at all: the same 404.
            #expect(
                try await status("north@phn.org", "/funder/assessments/\(pending.id)") == .notFound)
            #expect(try await status("north@phn.org", "/funder/assessments/99999") == .notFound)
            // A funder never reaches the organisation's working pages: drafts, reports awaiting
            // sign-off, the plan.
            for route in [
                "/organisations/\(harbour.id)", "/organisations/\(harbour.id)/draft.yaml",
                "/assessments/\(harbourAssessment.id)",
                "/assessments/\(harbourAssessment.id)/plan",
            ] {
                #expect(try await status("north@phn.org", route) == .notFound, "\(route)")
            }
            // Nor changes them.
            let browser = Browser()
            try await browser.signIn(client, "north@phn.org")
            let save = try await browser.post(
                client, "/organisations/\(harbour.id)/sections/staff", [("revision", "0")])
            #expect(save.status == .notFound)
            // The South funder's dashboard names its two organisations and none of North's.
            let south = Browser()
            try await south.signIn(client, "south@phn.org")
            let page = try await south.get(client, "/funder").text
            #expect(page.contains("Harbour AOD Services"))
            #expect(page.contains("Riverbend Community Health"))
            #expect(!page.contains("Southern Lived Experience Collective"))
            // Signing in takes a funder to the dashboard.
            #expect(try await south.get(client, "/").headers[.location] == "/funder")
        }
    }

    @Test func theDashboardsFiguresAreThoseOfReadinessBatchWithTheSameTailoringAndWaivers()
        async throws
    {
        let world = try await World()
        let storage = world.server.storage
        let funderUser = try #require(try await storage.user(email: "north@phn.org"))
        let service = FunderService(
            assessments: AssessmentService(storage: storage, ruleSet: world.server.ruleSet))
        _ = try await service.grantWaiver(
            FunderService.WaiverForm(
                rule: "SUP-02", justification: "A new supervisor starts in August.",
                approvedBy: "Program manager, North region", granted: "2026-05-20",
                expires: "2026-09-30"),
            organisation: world.harbour, funder: world.north, requestID: nil, by: funderUser)
        let dashboard = try await service.dashboard(funder: world.north, today: "2026-07-01")
        let waivers = try TemporaryFolder("waivers")
        let waiverFile = waivers.appendingPathComponent("w.yaml").path
        try """
        waivers:
          - rule: SUP-02
            organisation: Harbour AOD Services
            justification: A new supervisor starts in August.
            approved_by: Program manager, North region
            granted: 2026-05-20
            expires: 2026-09-30
        """.write(toFile: waiverFile, atomically: true, encoding: .utf8)
        let cli = try CommandRunner.run([
            "batch", "assessments", "--tailoring", Self.tailoring, "--waivers", waiverFile,
            "--format", "json",
        ])
        #expect(cli.status == 1, "\(cli.stderr)")
        // Rows spell their keys themselves; the totals are in snake case.
        struct Rows: Decodable { var organisations: [Batch.Row] }
        struct Totals: Decodable { var totals: Batch.Totals }
        let decoder = JSONDecoder()
        let rows = try decoder.decode(Rows.self, from: Data(cli.stdout.utf8))
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let batch = (
            organisations: rows.organisations,
            totals: try decoder.decode(Totals.self, from: Data(cli.stdout.utf8)).totals
        )
        func comparable(_ row: Batch.Row) -> Batch.Row {
            var row = row
            row.file = ""
            return row
        }
        let fromCLI = Dictionary(
            uniqueKeysWithValues: batch.organisations.map {
                ($0.organisation ?? "", comparable($0))
            })
        #expect(dashboard.entries.count == 5)
        for entry in dashboard.entries {
            let row = try #require(entry.row)
            #expect(
                comparable(row) == fromCLI[entry.organisation.name], "\(entry.organisation.name)")
        }
        #expect(
            dashboard.entries.first { $0.organisation == world.harbour }?.row?.waived == ["SUP-02"])
        var totals = batch.totals
        totals.superseded = []
        #expect(dashboard.totals == totals)
        #expect(dashboard.ruleSet.tailoring?.id == "funder-minimum")
        // The CSV export is `readiness batch --format csv` over the same rows.
        let csv = try CommandRunner.run([
            "batch", "assessments", "--tailoring", Self.tailoring, "--format", "csv",
        ])
        try await world.server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "north@phn.org")
            let exported = try await browser.get(client, "/funder/dashboard.csv").text
            func withoutFiles(_ text: String) -> [String] {
                text.split(separator: "\r\n").map {
                    $0.split(separator: ",", maxSplits: 1).last.map(String.init) ?? ""
                }
                .sorted()
            }
            // The waived column is the CLI's only with --waivers; without it the rows differ
            // only in Harbour's verdict, so compare the unwaived parts line by line.
            let exportedLines = withoutFiles(exported)
            let cliLines = withoutFiles(csv.stdout)
            #expect(exportedLines.count == cliLines.count)
            #expect(exportedLines.first == cliLines.first)
            #expect(
                Set(exportedLines).subtracting(cliLines).allSatisfy { $0.hasPrefix("Harbour") })
        }
    }

    @Test func aContractIsCheckedAsReadinessCheckChecksATailoring() async throws {
        let world = try await World(contract: false)
        try await world.server.application().test(.router) { client in
            let browser = Browser()
            try await browser.signIn(client, "north@phn.org")
            let before = try await browser.get(client, "/funder").text
            #expect(before.contains("No contract yet"))
            let broken = Array(
                "tailoring: {id: t, title: T, ruleset: vic-aod-peer-workforce}\ninclude: [SUP-99]\n"
                    .utf8)
            let refused = try await browser.postMultipart(
                client, "/funder/contract", [("cadence", "365")],
                file: ("tailoring", "contract.yaml", broken))
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.text.contains(
                    "contract.yaml:2:11: error[decode.invalid]: `include` names `SUP-99`, which matches no rule"
                ))
            let badCadence = try await browser.postMultipart(
                client, "/funder/contract", [("cadence", "every year")],
                file: (
                    "tailoring", "funder-minimum.yaml",
                    Array(
                        try Data(
                            contentsOf: Paths.repositoryRoot.appendingPathComponent(Self.tailoring))
                    )
                ))
            #expect(badCadence.status == .unprocessableContent)
            #expect(badCadence.text.contains("Give the cadence as a whole number of days"))
            #expect(try await world.server.storage.contract(funderID: world.north.id) == nil)
            let saved = try await browser.postMultipart(
                client, "/funder/contract", [("cadence", "30")],
                file: (
                    "tailoring", "funder-minimum.yaml",
                    Array(
                        try Data(
                            contentsOf: Paths.repositoryRoot.appendingPathComponent(Self.tailoring))
                    )
                ))
            #expect(saved.status == .seeOther)
            let page = try await browser.get(client, "/funder?done=contract").text
            #expect(page.contains("every 30 days"))
            // Every organisation's last assessment (as of 2026-06-30) is older than 30 days.
            #expect(page.contains("Overdue"))
            // The cadence alone changes with no file chosen.
            _ = try await browser.postMultipart(
                client, "/funder/contract", [("cadence", "400")], file: nil)
            let contract = try #require(
                try await world.server.storage.contract(funderID: world.north.id))
            #expect(contract.cadenceDays == 400 && contract.tailoringName == "funder-minimum.yaml")
            let trail = try await world.server.storage.auditTrail(organisationID: nil)
            #expect(trail.filter { $0.action == "contract.set" }.count == 2)
        }
    }

    @Test func anOrganisationJoinsByItsLeadAndIsRemindedWhenOverdue() async throws {
        let world = try await World(contract: false)
        let storage = world.server.storage
        let funderUser = try #require(try await storage.user(email: "south@phn.org"))
        let service = FunderService(
            assessments: AssessmentService(storage: storage, ruleSet: world.server.ruleSet))
        let eastside = try #require(world.organisations["04-eastside-established"])
        // An unknown name is refused with the one meant.
        await #expect(throws: FunderService.Refusal.self) {
            _ = try await service.invite(
                named: "Eastside Recovery Netwrk", funderID: world.south.id, by: funderUser)
        }
        _ = try await service.invite(
            named: "Eastside Recovery Network", funderID: world.south.id, by: funderUser)
        _ = try await AccountService(storage: storage, passwords: Passwords(cost: 4)).addUser(
            email: "lead@eastside.org", password: TestServer.password, role: .lead,
            organisation: "Eastside Recovery Network")
        _ = try await AccountService(storage: storage, passwords: Passwords(cost: 4)).addUser(
            email: "m@eastside.org", password: TestServer.password, role: .member,
            organisation: "Eastside Recovery Network")
        try await world.server.application().test(.router) { client in
            // Invited, not joined: the funder sees nothing of it.
            let funder = Browser()
            try await funder.signIn(client, "south@phn.org")
            #expect(
                try await funder.get(client, "/funder/organisations/\(eastside.id)").status
                    == .notFound)
            // A member sees the invitation; only the lead accepts it.
            let member = Browser()
            try await member.signIn(client, "m@eastside.org")
            let memberPage = try await member.get(client, "/organisations/\(eastside.id)").text
            #expect(memberPage.contains("South PHN invites you"))
            #expect(
                try await member.post(
                    client, "/organisations/\(eastside.id)/funders/\(world.south.id)/join", []
                ).status == .forbidden)
            let lead = Browser()
            try await lead.signIn(client, "lead@eastside.org")
            _ = try await lead.get(client, "/organisations/\(eastside.id)")
            let joined = try await lead.post(
                client, "/organisations/\(eastside.id)/funders/\(world.south.id)/join", [])
            #expect(joined.status == .seeOther)
            #expect(
                try await funder.get(client, "/funder/organisations/\(eastside.id)").status == .ok)
            // With no contract the cadence is a year: as of 2026-06-30, due by 2027-06-30.
            let page = try await lead.get(client, "/organisations/\(eastside.id)").text
            #expect(page.contains("every 365 days: the next by 2027-06-30"))
            let again = try await lead.post(
                client, "/organisations/\(eastside.id)/funders/\(world.south.id)/join", [])
            #expect(again.status == .conflict)
        }
        // A contract of 30 days makes it overdue, for the funder and the organisation.
        let contract = try await service.dashboard(funder: world.south, today: "2026-08-15")
        #expect(contract.overdue.isEmpty == false)
        let trail = try await storage.auditTrail(organisationID: eastside.id)
        #expect(trail.map(\.action).contains("portfolio.invite"))
        #expect(trail.map(\.action).contains("portfolio.join"))
    }

    @Test func waiversAreRequestedGrantedRenewedAndRevokedEachInTheTrail() async throws {
        let world = try await World()
        let harbour = world.harbour
        let storage = world.server.storage
        try await world.server.application().test(.router) { client in
            let lead = Browser()
            try await lead.signIn(client, "lead@harbour.org")
            let page = try await lead.get(client, "/organisations/\(harbour.id)").text
            #expect(page.contains("Ask a funder to waive a rule"))
            // Refusals name the field.
            let unknown = try await lead.post(
                client, "/organisations/\(harbour.id)/waivers",
                [
                    ("funder", String(world.north.id)), ("rule", "SUP-2"),
                    ("justification", "A new supervisor starts in August."),
                    ("expires", "2099-09-30"),
                ])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("No rule of the contract is SUP-2. Did you mean SUP-02?"))
            let past = try await lead.post(
                client, "/organisations/\(harbour.id)/waivers",
                [
                    ("funder", String(world.north.id)), ("rule", "SUP-02"),
                    ("justification", "A new supervisor starts in August."),
                    ("expires", "2020-01-01"),
                ])
            #expect(past.status == .unprocessableContent)
            // A member may not ask.
            let member = Browser()
            try await member.signIn(client, "a@harbour.org")
            _ = try await member.get(client, "/organisations/\(harbour.id)")
            #expect(
                try await member.post(
                    client, "/organisations/\(harbour.id)/waivers",
                    [("funder", String(world.north.id)), ("rule", "SUP-02")]
                ).status == .forbidden)
            let asked = try await lead.post(
                client, "/organisations/\(harbour.id)/waivers",
                [
                    ("funder", String(world.north.id)), ("rule", "sup-02"),
                    ("justification", "A new supervisor starts in August."),
                    ("expires", "2099-09-30"),
                ])
            #expect(asked.status == .seeOther)
            let request = try #require(
                try await storage.waivers(funderID: world.north.id, organisationID: harbour.id)
                    .first)
            #expect(request.status == .requested && request.rule == "SUP-02")
            // The other funder cannot decide it.
            let south = Browser()
            try await south.signIn(client, "south@phn.org")
            _ = try await south.get(client, "/funder")
            #expect(
                try await south.post(client, "/funder/waivers/\(request.id)/end", []).status
                    == .notFound)
            // North grants it, with the request's rule and reason.
            let north = Browser()
            try await north.signIn(client, "north@phn.org")
            _ = try await north.get(client, "/funder/organisations/\(harbour.id)")
            let noApprover = try await north.post(
                client, "/funder/organisations/\(harbour.id)/waivers",
                [("request", String(request.id)), ("granted", "2026-05-20")])
            #expect(noApprover.status == .unprocessableContent)
            #expect(noApprover.text.contains("Name who approved the waiver."))
            let granted = try await north.post(
                client, "/funder/organisations/\(harbour.id)/waivers",
                [
                    ("request", String(request.id)), ("approved_by", "Program manager"),
                    ("granted", "2026-05-20"),
                ])
            #expect(granted.status == .seeOther)
            let dashboard = try await north.get(client, "/funder").text
            #expect(dashboard.contains("SUP-02 (waived)"))
            #expect(dashboard.contains("Waivers in force"))
            let accepted = try #require(world.accepted["03-harbour-developing"])
            let report = try await north.get(client, "/funder/assessments/\(accepted.id)").text
            #expect(report.contains("waived until 2099-09-30"))
            // Renewed to a later day only.
            let earlier = try await north.post(
                client, "/funder/waivers/\(request.id)/renew", [("expires", "2099-01-01")])
            #expect(earlier.status == .unprocessableContent)
            #expect(earlier.text.contains("Give a day after 2099-09-30."))
            #expect(
                try await north.post(
                    client, "/funder/waivers/\(request.id)/renew", [("expires", "2100-03-31")]
                ).status == .seeOther)
            #expect(
                try await north.post(client, "/funder/waivers/\(request.id)/end", []).status
                    == .seeOther)
            let revoked = try #require(try await storage.waiver(id: request.id))
            #expect(revoked.status == .revoked)
            #expect(!(try await north.get(client, "/funder").text.contains("SUP-02 (waived)")))
            let organisationPage = try await lead.get(client, "/organisations/\(harbour.id)").text
            #expect(organisationPage.contains("revoked"))
            // Every step, on the funder's page; none of it on the other funder's, though
            // Harbour reports to both.
            let steps = try await north.get(client, "/funder/organisations/\(harbour.id)").text
            for words in [
                "Joined North region PHN's portfolio", "Asked for a waiver (SUP-02",
                "Granted a waiver (SUP-02", "Renewed a waiver (SUP-02: renewed until 2100-03-31)",
                "Revoked a waiver",
            ] {
                #expect(steps.contains(words), "\(words)")
            }
            let southSteps = try await south.get(client, "/funder/organisations/\(harbour.id)").text
            #expect(!southSteps.contains("Asked for a waiver"))
            #expect(southSteps.contains("Joined South PHN"))
        }
        let trail = try await storage.auditTrail(organisationID: harbour.id).filter {
            $0.action.hasPrefix("waiver.")
        }
        #expect(
            trail.map(\.action) == [
                "waiver.request", "waiver.grant", "waiver.renew", "waiver.revoke",
            ])
        #expect(trail[2].oldValue == "2099-09-30" && trail[2].newValue == "2100-03-31")
    }
}

/// The dashboard's date arithmetic, without a calendar: due dates and quarters.
struct FunderDayTests {
    @Test func daysAddAcrossMonthsYearsAndLeapDays() {
        #expect(FunderService.day("2026-06-30", plus: 365) == "2027-06-30")
        #expect(FunderService.day("2027-12-31", plus: 1) == "2028-01-01")
        #expect(FunderService.day("2028-02-28", plus: 1) == "2028-02-29")
        #expect(FunderService.day("2100-02-28", plus: 1) == "2100-03-01")
        #expect(FunderService.day("2000-02-28", plus: 1) == "2000-02-29")
        #expect(FunderService.day("2026-03-01", plus: -1) == "2026-02-28")
        #expect(FunderService.day("1970-01-01", plus: 0) == "1970-01-01")
        // Not a day: given back as it is.
        #expect(FunderService.day("2026-02-30", plus: 1) == "2026-02-30")
        #expect(FunderService.day("soon", plus: 1) == "soon")
        #expect(FunderService.isDay("2028-02-29") && !FunderService.isDay("2026-02-29"))
        #expect(!FunderService.isDay("2026-1-011") && !FunderService.isDay("+026-01-01"))
    }

    @Test func theTrendTakesEachOrganisationsLatestAssessmentByEachQuarterEnd() {
        #expect(FunderService.quarterEnd(of: "2026-05-04") == "2026-06-30")
        #expect(FunderService.quarterEnd(of: "2026-12-31") == "2026-12-31")
        let points = FunderService.trend(
            [
                .init(organisation: 1, asOf: "2025-06-30", id: 1, score: 40, compliant: false),
                .init(organisation: 1, asOf: "2026-06-30", id: 3, score: 60, compliant: true),
                .init(organisation: 2, asOf: "2026-05-01", id: 2, score: 80, compliant: true),
            ], today: "2026-08-01")
        #expect(
            points.first
                == .init(date: "2025-06-30", organisations: 1, averageScore: 40, compliant: 0))
        #expect(
            points.last
                == .init(date: "2026-08-01", organisations: 2, averageScore: 70, compliant: 2))
        #expect(points.count == 6)
    }
}

/// What funders' forms and accounts refuse, each with what to do.
struct FunderRefusalTests {
    @Test func aFundersAccountNeedsItsFunderAndNothingElse() async throws {
        let server = try await TestServer()
        let accounts = AccountService(storage: server.storage, passwords: Passwords(cost: 4))
        await #expect(throws: AccountService.AccountProblem.funderWithoutFunder) {
            _ = try await accounts.addUser(
                email: "f@phn.org", password: TestServer.password, role: .funder,
                organisation: nil)
        }
        await #expect(throws: AccountService.AccountProblem.funderMisplaced) {
            _ = try await accounts.addUser(
                email: "m@phn.org", password: TestServer.password, role: .member,
                organisation: "Harbour AOD Services", funder: "North region PHN")
        }
        await #expect(throws: AccountService.AccountProblem.funderMisplaced) {
            _ = try await accounts.addUser(
                email: "g@phn.org", password: TestServer.password, role: .funder,
                organisation: "Harbour AOD Services", funder: "North region PHN")
        }
        #expect(try await server.storage.funders().isEmpty)
        // Nor is one invited from the admin page.
        try await server.application().test(.router) { client in
            let admin = Browser()
            try await admin.signIn(client, "admin@example.org")
            _ = try await admin.get(client, "/admin")
            let refused = try await admin.post(
                client, "/admin/invitations", [("email", "f@phn.org"), ("role", "funder")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("readiness admin add-user --role funder --funder NAME"))
        }
    }

    @Test func theFundersFormsNameWhatIsWrong() async throws {
        let world = try await FunderTests.World(contract: false)
        let harbour = world.harbour
        let southern = try #require(world.organisations["05-southern-embedded"])
        try await world.server.application().test(.router) { client in
            let north = Browser()
            try await north.signIn(client, "north@phn.org")
            _ = try await north.get(client, "/funder")
            // No file and no contract yet.
            let noFile = try await north.postMultipart(
                client, "/funder/contract", [("cadence", "365")], file: nil)
            #expect(noFile.status == .unprocessableContent)
            #expect(noFile.text.contains("Choose the tailoring file to upload."))
            // Invitations: a name that is none, and one already in.
            let unknown = try await north.post(
                client, "/funder/invitations", [("organisation", "Harbor AOD Services")])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("Did you mean “Harbour AOD Services”?"))
            let again = try await north.post(
                client, "/funder/invitations", [("organisation", "Harbour AOD Services")])
            #expect(again.status == .conflict)
            // Granting: dates that are none or in the wrong order.
            _ = try await north.get(client, "/funder/organisations/\(harbour.id)")
            let base = "/funder/organisations/\(harbour.id)/waivers"
            let fields = [
                ("rule", "SUP-02"), ("justification", "J"), ("approved_by", "A"),
            ]
            let badDay = try await north.post(
                client, base, fields + [("granted", "2026-02-30"), ("expires", "2026-09-30")])
            #expect(badDay.status == .unprocessableContent)
            #expect(badDay.text.contains("Give the day as YYYY-MM-DD"))
            let backwards = try await north.post(
                client, base, fields + [("granted", "2026-09-30"), ("expires", "2026-05-01")])
            #expect(backwards.text.contains("Give a day after 2026-09-30."))
            let noRule = try await north.post(
                client, base,
                [
                    ("justification", "J"), ("approved_by", "A"), ("granted", "2026-05-01"),
                    ("expires", "2026-09-30"),
                ])
            #expect(noRule.text.contains("Name the rule to waive"))
            // A request of another organisation's is none of this page's.
            let storage = world.server.storage
            let lead = try #require(try await storage.user(email: "lead@harbour.org"))
            let service = FunderService(
                assessments: AssessmentService(storage: storage, ruleSet: world.server.ruleSet))
            let request = try await service.requestWaiver(
                .init(rule: "SUP-02", justification: "J", expires: "2099-01-01"),
                organisation: harbour, funderID: world.north.id, by: lead, today: "2026-12-07")
            _ = try await north.get(client, "/funder/organisations/\(southern.id)")
            let elsewhere = try await north.post(
                client, "/funder/organisations/\(southern.id)/waivers",
                [("request", String(request.id)), ("approved_by", "A"), ("granted", "2026-05-01")])
            #expect(elsewhere.text.contains("There is no such request."))
            // Declined, then neither declined again nor renewed.
            #expect(
                try await north.post(client, "/funder/waivers/\(request.id)/end", []).status
                    == .seeOther)
            let twice = try await north.post(client, "/funder/waivers/\(request.id)/end", [])
            #expect(twice.text.contains("The waiver was ended already."))
            let renew = try await north.post(
                client, "/funder/waivers/\(request.id)/renew", [("expires", "2100-01-01")])
            #expect(renew.text.contains("Only a granted waiver is renewed."))
            // The other funder's organisation is a 404 to post to.
            let riverbend = try await world.server.organisation("Riverbend Community Health")
            #expect(
                try await north.post(
                    client, "/funder/organisations/\(riverbend.id)/waivers", fields
                ).status == .notFound)
            // Asked of a funder the organisation does not report to.
            let outsider = try await storage.ensureFunder(named: "Elsewhere PHN")
            await #expect(throws: FunderService.Refusal.self) {
                _ = try await service.requestWaiver(
                    .init(rule: "SUP-02", justification: "J", expires: "2099-01-01"),
                    organisation: harbour, funderID: outsider.id, by: lead, today: "2026-12-07")
            }
        }
    }

    @Test func anOrganisationOverdueForAFunderIsToldSo() async throws {
        let world = try await FunderTests.World(contract: false)
        let storage = world.server.storage
        let officer = try #require(try await storage.user(email: "north@phn.org"))
        let service = FunderService(
            assessments: AssessmentService(storage: storage, ruleSet: world.server.ruleSet))
        _ = try await service.setContract(
            funder: world.north,
            tailoringBytes: Array(
                try Data(
                    contentsOf: Paths.repositoryRoot.appendingPathComponent(
                        FunderTests.tailoring))),
            name: "funder-minimum.yaml", cadenceText: "30", by: officer)
        try await world.server.application().test(.router) { client in
            let lead = Browser()
            try await lead.signIn(client, "lead@harbour.org")
            let page = try await lead.get(client, "/organisations/\(world.harbour.id)").text
            #expect(page.contains("Overdue: it expects an accepted assessment every 30 days"))
        }
        let dashboard = try await service.dashboard(funder: world.north, today: "2026-12-07")
        #expect(dashboard.overdue.count == 5)
        #expect(dashboard.overdue.allSatisfy { $0.due == "2026-07-30" })
    }
}

/// What the dashboard says when what is stored no longer fits the rule set the server runs.
struct FunderDriftTests {
    @Test func aContractThatNoLongerFitsIsSaidAndCanBeReplaced() async throws {
        let world = try await FunderTests.World(contract: false)
        let storage = world.server.storage
        let officer = try #require(try await storage.user(email: "north@phn.org"))
        // As a contract stored under an earlier rule set would read: a rule since removed.
        try await storage.setContract(
            Contract(
                funderID: world.north.id,
                tailoringText:
                    "tailoring: {id: old, title: Old, ruleset: vic-aod-peer-workforce}\nmandatory: [SUP-99]\n",
                tailoringName: "old.yaml", tailoringSHA256: "old", cadenceDays: 365,
                updatedAt: Date(), updatedBy: officer.id),
            audit: AuditEntry(
                at: Date(), userID: officer.id, organisationID: nil, action: "contract.set",
                detail: "old"))
        try await world.server.application().test(.router) { client in
            let north = Browser()
            try await north.signIn(client, "north@phn.org")
            let page = try await north.get(client, "/funder")
            #expect(page.status == .conflict)
            #expect(page.text.contains("does not fit the rule set this server runs"))
            #expect(page.text.contains("old.yaml:2:13: error[decode.invalid]"))
            #expect(page.text.contains("Save the contract"))
            let accepted = try #require(world.accepted["03-harbour-developing"])
            let report = try await north.get(client, "/funder/assessments/\(accepted.id)")
            #expect(report.status == .conflict)
            #expect(report.text.contains("cannot be assessed again"))
            // The API says the same, with the problem's line and column.
            let token = try #require(
                try await AccountService(storage: storage, passwords: Passwords(cost: 4))
                    .addToken(email: "north@phn.org"))
            let api = try await client.execute(
                uri: "/api/v1/funder/dashboard", method: .get,
                headers: [.authorization: "Bearer \(token)"])
            #expect(api.status == .conflict)
            #expect(api.text.contains("\"line\": 2, \"column\": 13"))
            // A tailoring that fits puts the figures back.
            let saved = try await north.postMultipart(
                client, "/funder/contract", [("cadence", "365")],
                file: (
                    "tailoring", "funder-minimum.yaml",
                    Array(
                        try Data(
                            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                                FunderTests.tailoring)))
                ))
            #expect(saved.status == .seeOther)
            #expect(try await north.get(client, "/funder").status == .ok)
        }
    }

    @Test func anAssessmentWhoseAnswersNoLongerFitIsNamedNotDropped() async throws {
        let world = try await FunderTests.World()
        let storage = world.server.storage
        let lead = try #require(try await storage.user(email: "lead@harbour.org"))
        // As an assessment accepted under an earlier schema would read: a section since
        // renamed.
        let stored = try await storage.insertAssessment(
            NewAssessment(
                organisationID: world.harbour.id,
                profileText:
                    "assessment: {organisation: Harbour AOD Services, as_of: 2026-11-30}\nstaffing: {total: 3}\n",
                reportJSON: "{}", ruleSetID: "vic-aod-peer-workforce", ruleSetVersion: "0.9.0",
                ruleSetSHA256: "old", tailoring: nil, asOf: "2026-11-30", score: 10,
                band: "Emerging", compliant: false, submittedBy: lead.id, submittedAt: Date()),
            draftRevision: nil)
        _ = try await storage.review(
            assessmentID: stored.id, status: .accepted, note: nil, by: lead.id, at: Date(),
            plan: [], followUps: [])
        try await world.server.application().test(.router) { client in
            let north = Browser()
            try await north.signIn(client, "north@phn.org")
            let page = try await north.get(client, "/funder").text
            #expect(page.contains("Assessments that could not be assessed again"))
            #expect(page.contains("assessment \(stored.id):"))
        }
        let dashboard = try await FunderService(
            assessments: AssessmentService(storage: storage, ruleSet: world.server.ruleSet)
        ).dashboard(funder: world.north, today: "2026-12-07")
        #expect(dashboard.totals.failedToLoad == 1)
        #expect(dashboard.totals.assessed == 4)
    }
}

/// The dashboard as JSON for a funder's own systems: a funder's token only.
struct FunderAPITests {
    @Test func theDashboardAsJSONCarriesBatchRowsAndTotals() async throws {
        let world = try await FunderTests.World()
        let accounts = AccountService(storage: world.server.storage, passwords: Passwords(cost: 4))
        let funderToken = try #require(try await accounts.addToken(email: "north@phn.org"))
        let memberToken = try #require(try await accounts.addToken(email: "a@harbour.org"))
        try await world.server.application().test(.router) { client in
            func get(_ token: String?) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/funder/dashboard", method: .get,
                    headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:])
            }
            #expect(try await get(nil).status == .unauthorized)
            let member = try await get(memberToken)
            #expect(member.status == .notFound)
            #expect(member.text.contains("api.not-found"))
            let answer = try await get(funderToken)
            #expect(answer.status == .ok)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(answer.text.utf8)) as? [String: Any])
            #expect(document["funder"] as? String == "North region PHN")
            let tailoring = try #require(document["tailoring"] as? [String: Any])
            #expect(tailoring["id"] as? String == "funder-minimum")
            let organisations = try #require(document["organisations"] as? [[String: Any]])
            #expect(organisations.count == 5)
            let harbour = try #require(
                organisations.first { $0["organisation"] as? String == "Harbour AOD Services" })
            let row = try #require(harbour["row"] as? [String: Any])
            #expect(row["score"] as? Double != nil)
            #expect(row["mandatory_failed"] is [String])
            let totals = try #require(document["totals"] as? [String: Any])
            #expect(totals["assessed"] as? Int == 5)
            #expect(document["trend"] is [[String: Any]])
            // A browser's session does not open the API.
            let browser = Browser()
            try await browser.signIn(client, "north@phn.org")
            let bySession = try await browser.get(client, "/api/v1/funder/dashboard")
            #expect(bySession.status == .unauthorized)
        }
    }
}

/// Rules named as the rule set names them, typed in any case; a contract tailors the rule set
/// as written, once.
struct FunderRuleNameTests {
    @Test func aWaiverNamesTheRuleAsTheRuleSetWritesItWhateverTheCaseTyped() async throws {
        let rules = try TemporaryFolder("lower-case-rules")
        defer { rules.remove() }
        try """
        ruleset: {id: lower, version: 1.0.0, title: Lower, compliance: {min_score: 0}}
        domains: [{id: d, title: D}]
        schema:
          policy: {type: bool}
        rules:
          - {id: policy-written, domain: d, title: The policy is written, mandatory: true, require: policy, gap: No policy.}
        """.write(
            to: rules.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        let server = try await TestServer(rules: rules.path)
        let storage = server.storage
        let lead = try #require(try await storage.user(email: "lead@harbour.org"))
        let harbour = try await server.organisation("Harbour AOD Services")
        let funder = try await storage.ensureFunder(named: "North region PHN")
        try await storage.invite(
            funderID: funder.id, organisationID: harbour.id, by: lead.id, at: Date())
        try await storage.join(
            funderID: funder.id, organisationID: harbour.id, by: lead.id, at: Date())
        let service = FunderService(
            assessments: AssessmentService(storage: storage, ruleSet: server.ruleSet))
        let asked = try await service.requestWaiver(
            .init(rule: "POLICY-WRITTEN", justification: "J", expires: "2099-01-01"),
            organisation: harbour, funderID: funder.id, by: lead, today: "2026-12-07")
        #expect(asked.rule == "policy-written")
        await #expect(
            throws: FunderService.Refusal(
                field: "rule",
                message: "No rule of the contract is POLICY-WRITEN. Did you mean policy-written?")
        ) {
            _ = try await service.requestWaiver(
                .init(rule: "POLICY-WRITEN", justification: "J", expires: "2099-01-01"),
                organisation: harbour, funderID: funder.id, by: lead, today: "2026-12-07")
        }
    }

    @Test func aTailoredRuleSetIsNotTailoredAgain() throws {
        let tailoring = Array(
            try Data(
                contentsOf: Paths.repositoryRoot.appendingPathComponent(FunderTests.tailoring)))
        let tailored = try BuiltInRuleSet.load().tailored(bytes: tailoring, name: "contract.yaml")
        #expect(tailored.tailoring?.id == "funder-minimum")
        #expect {
            _ = try tailored.tailored(bytes: tailoring, name: "contract.yaml")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.description) == [
                "contract.yaml: error[tailoring.twice]: the rule set is tailored already; a tailoring applies to the rule set as written"
            ]
        }
    }
}
