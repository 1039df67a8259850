import Foundation
import ReadinessTestSupport
import Testing

/// `readiness assess` on the shipped examples and on broken input, run as a user runs it.
struct AssessCommandTests {
    static let exampleCases = [
        ("01-riverbend-no-peer-workforce", "Emerging", false),
        ("02-northgate-starting-out", "Emerging", false),
        ("03-harbour-developing", "Developing", false),
        ("04-eastside-established", "Established", true),
        ("05-southern-embedded", "Embedded", true),
    ]

    /// Every example assesses with the built-in rule set, lands in its band, exits 0 when
    /// compliant and 1 when not, and gives identical bytes on a second run.
    @Test(arguments: exampleCases)
    func examples(name: String, band: String, compliant: Bool) throws {
        let path = "assessments/\(name).yaml"
        let first = try CommandRunner.run(["assess", path, "--format", "json"])
        #expect(first.status == (compliant ? 0 : 1), "\(first.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(report["schema_version"] as? Int == 1)
        #expect(summary["band"] as? String == band)
        #expect(summary["compliant"] as? Bool == compliant)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
        let second = try CommandRunner.run(["assess", path, "--format", "json"])
        #expect(second.stdout == first.stdout)
        let text = try CommandRunner.run(["assess", path])
        #expect(text.stdout.contains("— \(band) — \(compliant ? "COMPLIANT" : "NOT COMPLIANT")"))
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// The text report shows the verdict's reasons, gaps, data to collect and the plan.
    @Test func textReportSections() throws {
        let result = try CommandRunner.run(["assess", "assessments/03-harbour-developing.yaml"])
        #expect(result.stdout.hasPrefix("Harbour AOD Services — assessed 2026-06-30\n"))
        for section in [
            "\nDomains\n", "\nGaps (", "\nData to collect\n", "\nAction plan — from 57.8\n",
        ] {
            #expect(result.stdout.contains(section), "missing \(section)")
        }
        #expect(
            result.stdout.contains(
                "? Dee (peer worker 4): Days between supervision sessions, in practice — needed\n    by SUP-03"
            ))
        let unwrapped = result.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(
            unwrapped.contains(
                "mandatory rule SYS-03 (Peer activity and outcomes are in departmental reporting) cannot be decided: data is missing"
            ))
    }

    /// `--as-of` replaces the profile's date; an invalid one is a usage error.
    @Test func asOf() throws {
        let later = try CommandRunner.run([
            "assess", "assessments/05-southern-embedded.yaml", "--as-of", "2028-01-01", "--format",
            "json",
        ])
        #expect(later.stdout.contains("\"as_of\" : \"2028-01-01\""))
        #expect(later.stdout.contains("was last evaluated"))
        let bad = try CommandRunner.run([
            "assess", "assessments/05-southern-embedded.yaml", "--as-of", "2028-13-01",
        ])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--as-of must be a date written YYYY-MM-DD"))
    }

    /// `-o` writes the report atomically; a place that cannot be written is exit 73 with
    /// nothing left behind.
    @Test func outputFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("report.json").path
        try "old contents".write(toFile: target, atomically: true, encoding: .utf8)
        let written = try CommandRunner.run([
            "assess", "assessments/05-southern-embedded.yaml", "--format", "json", "-o", target,
        ])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(
            try String(contentsOfFile: target, encoding: .utf8).contains("\"schema_version\" : 1"))
        let nowhere = folder.appendingPathComponent("missing/report.json").path
        let failed = try CommandRunner.run([
            "assess", "assessments/05-southern-embedded.yaml", "-o", nowhere,
        ])
        #expect(failed.status == 73)
        #expect(failed.stderr.contains("error[output.write]"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.json"])
    }

    /// Broken input: a profile that does not fit (65), a missing profile (66), a missing or
    /// invalid rule set (66, 78).
    @Test func brokenInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let profile = folder.appendingPathComponent("org.yaml").path
        try "assessment: {organisation: X, as_of: 2026-01-01}\npeer_workers: yes\n".write(
            toFile: profile, atomically: true, encoding: .utf8)
        let invalid = try CommandRunner.run(["assess", profile])
        #expect(invalid.status == 65)
        #expect(
            invalid.stderr.contains(
                "org.yaml:2:15: error[decode.type]: `peer_workers` must be a list, but is the string `yes`"
            ))
        let missing = try CommandRunner.run(["assess", "no/such/org.yaml"])
        #expect(missing.status == 66)
        let noRules = try CommandRunner.run(["assess", profile, "--rules", "no/such/rules"])
        #expect(noRules.status == 66)
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try
            "ruleset: {id: x, version: 1.0.0, title: X}\nrules: [{id: R, domain: nowhere, title: T, require: true}]\n"
            .write(to: rules.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        let badRules = try CommandRunner.run(["assess", profile, "--rules", rules.path])
        #expect(badRules.status == 78)
        #expect(
            badRules.stderr.contains(
                "error[decode.unknown-reference]: no domain has the id `nowhere`"))
    }

    /// Several profiles give several reports; JSON becomes an array.
    @Test func severalProfiles() throws {
        let result = try CommandRunner.run([
            "assess", "assessments/04-eastside-established.yaml",
            "assessments/05-southern-embedded.yaml", "--format", "json",
        ])
        #expect(result.status == 0)
        let reports =
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(reports?.count == 2)
    }
}

/// `readiness template` and `readiness doc`, as a user runs them.
struct CatalogueCommandTests {
    /// The template prints, and assessing it unfilled lists what to fill in (exit 65).
    @Test func templateFlow() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mine.yaml").path
        let template = try CommandRunner.run(["template", "-o", path])
        #expect(template.status == 0)
        let assess = try CommandRunner.run(["assess", path])
        #expect(assess.status == 65)
        #expect(
            assess.stderr.contains(
                "mine.yaml:13:17: error[decode.invalid]: the organisation's name is not filled in yet"
            ))
    }

    /// `readiness doc` prints the committed catalogue.
    @Test func docMatchesCatalogue() throws {
        let result = try CommandRunner.run(["doc"])
        #expect(result.status == 0)
        let committed = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "docs/rules/vic-aod-peer-workforce.md"), encoding: .utf8)
        #expect(result.stdout == committed)
    }
}

/// Results do not depend on the time zone or the locale.
struct EnvironmentIndependenceTests {
    /// Every command, run twice (the second time under a far time zone and a Turkish locale),
    /// gives the same bytes on standard output and standard error, and the same status.
    @Test(arguments: [
        [
            "assess", "assessments/03-harbour-developing.yaml",
            "assessments/04-eastside-established.yaml", "--format", "json",
        ],
        ["batch", "assessments", "--format", "csv"],
        ["batch", "assessments", "--format", "json"],
        ["batch", "assessments", "--format", "html"],
        [
            "diff", "assessments/history/03-harbour-2025.yaml",
            "assessments/03-harbour-developing.yaml",
        ],
        ["template"],
        ["doc"],
        ["check", "rules/vic-aod-peer-workforce", "--format", "json"],
        ["test", "rules/vic-aod-peer-workforce", "--coverage"],
        ["explain", "assessments/03-harbour-developing.yaml", "--rule", "SUP-03"],
        ["eval", "{'b': 2, 'a': 1, 'c': [timestamp('2026-01-01T00:00:00Z')]}"],
        [
            "assess",
            "Tests/readinessTests/Fixtures/broken-input/ruleset-misspelt-key/rules/ruleset.yaml",
        ],
    ])
    func sameBytesTwice(arguments: [String]) throws {
        let first = try CommandRunner.run(arguments, environment: ["TZ": "UTC", "LANG": "C"])
        let second = try CommandRunner.run(
            arguments,
            environment: ["TZ": "Pacific/Chatham", "LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8"])
        #expect(first.stdout == second.stdout)
        #expect(first.stderr == second.stderr)
        #expect(first.status == second.status)
        #expect(!(first.stdout + first.stderr).isEmpty)
    }

    /// Every report format gives the same bytes under a far time zone and a Turkish locale
    /// (where `i` upper-cases to `İ`).
    @Test(arguments: ["json", "text", "markdown", "csv", "html"])
    func sameBytesEverywhere(format: String) throws {
        let arguments = ["assess", "assessments/03-harbour-developing.yaml", "--format", format]
        let plain = try CommandRunner.run(arguments, environment: ["TZ": "UTC", "LANG": "C"])
        let elsewhere = try CommandRunner.run(
            arguments,
            environment: ["TZ": "Pacific/Chatham", "LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8"])
        #expect(plain.stdout == elsewhere.stdout)
        #expect(!plain.stdout.isEmpty)
    }
}

/// The README's sample of `readiness assess` is what the command prints today.
struct ReadmeSampleTests {
    @Test func sampleMatchesTheCommand() throws {
        let readme = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = "$ readiness assess assessments/03-harbour-developing.yaml\n"
        let start = try #require(readme.range(of: marker))
        let sample = try #require(
            readme[start.upperBound...].components(separatedBy: "\n```").first)
        let output = try CommandRunner.run(["assess", "assessments/03-harbour-developing.yaml"])
        #expect(output.status == 1)
        // Each run of lines between the sample's `...` stands in the output as it is.
        for part in sample.components(separatedBy: "\n...") {
            let lines = part.trimmingCharacters(in: .newlines)
            guard !lines.isEmpty, lines != "..." else { continue }
            #expect(output.stdout.contains(lines), "not in the output:\n\(lines)")
        }
    }
}

/// The binary alone, copied to an empty folder and run from another, assesses an example with
/// the rule set inside it; `--rules` and `READINESS_RULES` still choose another.
struct InstalledBinaryTests {
    @Test func binaryAloneAssesses() throws {
        let folder = try TemporaryFolder("installed")
        defer { folder.remove() }
        let binary = folder.appendingPathComponent("bin/readiness")
        try FileManager.default.createDirectory(
            at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Copied by `cp` in a process of its own: copied here, the file would be open for
        // writing in this process while other tests start programs, and a child started then
        // would hold it open, so running the copy failed with "Text file busy" (ETXTBSY).
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = [CommandRunner.executable.path, binary.path]
        try copy.run()
        copy.waitUntilExit()
        #expect(copy.terminationStatus == 0)
        let elsewhere = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let profile = Paths.repositoryRoot.appendingPathComponent(
            "assessments/05-southern-embedded.yaml"
        ).path
        let result = try CommandRunner.run(
            ["assess", profile, "--format", "json"], in: elsewhere, program: binary)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("\"path\" : \"builtin:vic-aod-peer-workforce/actions.yaml\""))
        // READINESS_RULES names another folder: a missing one is an error naming it.
        let chosen = try CommandRunner.run(
            ["assess", profile], in: elsewhere, environment: ["READINESS_RULES": "no/such/rules"],
            program: binary)
        #expect(chosen.status == 66)
        #expect(chosen.stderr.contains("no/such/rules"))
    }
}
