import Foundation
import ReadinessTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `readiness batch` and `readiness diff`, as a funder and an organisation run them.
struct BatchCommandTests {
    /// The five examples: two comply, the bands and domain averages as assessed one by one;
    /// the earlier Harbour profile in history/ is superseded by the later one and counts once.
    @Test func examplesBatch() throws {
        let result = try CommandRunner.run(["batch", "assessments", "--format", "json"])
        // Three of the examples do not comply.
        #expect(result.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let organisations = try #require(object["organisations"] as? [[String: Any]])
        #expect(organisations.count == 5)
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["compliant"] as? Int == 2)
        #expect(totals["assessed"] as? Int == 5)
        #expect(
            (totals["bands"] as? [String: Int]) == [
                "Emerging": 2, "Developing": 1, "Established": 1, "Embedded": 1,
            ])
        let superseded = try #require(totals["superseded"] as? [[String: Any]])
        #expect(
            superseded.map { $0["file"] as? String } == ["assessments/history/03-harbour-2025.yaml"]
        )
        #expect(superseded.first?["by"] as? String == "assessments/03-harbour-developing.yaml")
        let weakest = try #require(totals["most_failed_rules"] as? [[String: Any]])
        #expect(weakest.count == 10)
        #expect((weakest.first?["share"] as? Double).map { $0 > 0.5 } == true)
        // Rows come in path order, whatever order the workers finished in.
        let files = organisations.compactMap { $0["file"] as? String }
        #expect(files == files.sorted())
        // Every row has its keys in snake case, lists of text and a score for each domain.
        for row in organisations {
            #expect(
                Set(row.keys) == [
                    "file", "organisation", "as_of", "score", "band", "compliant",
                    "mandatory_failed", "mandatory_unknown", "unknowns", "domain_scores", "errors",
                    "failed_rules",
                ])
            // Twelve domains; one with no rule that counts has no score.
            #expect(
                (row["domain_scores"] as? [String: Double]).map { (1...12).contains($0.count) }
                    == true)
            #expect(row["mandatory_failed"] is [String])
            #expect(row["failed_rules"] is [String])
            #expect((row["errors"] as? [String])?.isEmpty == true)
        }
        let harbour = try #require(
            organisations.first {
                ($0["file"] as? String)?.hasSuffix("03-harbour-developing.yaml") == true
            })
        #expect((harbour["failed_rules"] as? [String])?.isEmpty == false)
        #expect((harbour["domain_scores"] as? [String: Double])?["training"].map { $0 > 0 } == true)
    }

    /// A rule set that cannot be used stops the batch before any row, whatever the search
    /// (run meanwhile on another core) found: 66 when it is missing, 78 when it is invalid.
    @Test func unusableRuleSetStopsTheBatch() throws {
        let missing = try CommandRunner.run(["batch", "assessments", "--rules", "no/such/rules"])
        #expect(missing.status == 66)
        #expect(missing.stdout.isEmpty)
        let folder = try TemporaryFolder("batch-bad-rules")
        defer { folder.remove() }
        try
            "ruleset: {id: x, version: 1.0.0, title: X}\nrules: [{id: R, domain: nowhere, title: T, require: true}]\n"
            .write(to: folder.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        for paths in [["assessments"], ["no/such/folder"]] {
            let invalid = try CommandRunner.run(["batch"] + paths + ["--rules", folder.path])
            #expect(invalid.status == 78)
            #expect(invalid.stdout.isEmpty)
            #expect(
                invalid.stderr.contains(
                    "error[decode.unknown-reference]: no domain has the id `nowhere`"))
        }
    }

    /// Every key of the batch's JSON is described in docs/report-schema.md's batch section.
    @Test func jsonKeysAreDocumented() throws {
        let result = try CommandRunner.run(["batch", "assessments", "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let schema = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("docs/report-schema.md"),
            encoding: .utf8)
        let section = try #require(
            schema.components(separatedBy: "## The batch").dropFirst().first?.components(
                separatedBy: "\n## "
            ).first)
        var keys = Set(object.keys)
        for row in object["organisations"] as? [[String: Any]] ?? [] { keys.formUnion(row.keys) }
        let totals = try #require(object["totals"] as? [String: Any])
        keys.formUnion(totals.keys)
        for failure in totals["most_failed_rules"] as? [[String: Any]] ?? [] {
            keys.formUnion(failure.keys)
        }
        #expect(keys.count > 20)
        for key in keys.sorted() {
            #expect(section.contains("`\(key)`"), "`\(key)` is not described")
        }
    }

    /// Output larger than the writes it is gathered into (64 KiB) comes out whole and in
    /// order, to standard output and to a file alike.
    @Test func largeOutputIsWrittenWhole() throws {
        let folder = try TemporaryFolder("batch-large")
        defer { folder.remove() }
        let example = Paths.repositoryRoot.appendingPathComponent(
            "assessments/03-harbour-developing.yaml")
        let text = try String(contentsOf: example, encoding: .utf8)
        for number in 0..<600 {
            // Each its own organisation: copies of one would count once.
            try text.replacingOccurrences(
                of: "organisation: Harbour AOD Services",
                with: "organisation: Harbour \(number)"
            ).write(
                to: folder.appendingPathComponent(String(format: "org-%04d.yaml", number)),
                atomically: true, encoding: .utf8)
        }
        let printed = try CommandRunner.run(["batch", folder.path, "--format", "csv"])
        #expect(printed.status == 1)
        #expect(printed.stdout.utf8.count > 100_000)
        let rows = printed.stdout.components(separatedBy: "\r\n").filter {
            $0.hasPrefix(folder.path)
        }
        #expect(rows.count == 600)
        #expect(rows.first?.contains("org-0000.yaml") == true)
        #expect(rows.last?.contains("org-0599.yaml") == true)
        #expect(printed.stdout.hasSuffix("\r\n"))
        let file = folder.appendingPathComponent("out/sector.csv")
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let written = try CommandRunner.run([
            "batch", folder.path, "--format", "csv", "-o", file.path,
        ])
        #expect(written.status == 1)
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
    }

    /// A broken profile in the middle is reported and counted; the batch goes on; exit 65.
    @Test func brokenProfileInTheMiddle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments")
        try FileManager.default.copyItem(
            at: examples.appendingPathComponent("04-eastside-established.yaml"),
            to: folder.appendingPathComponent("a.yaml"))
        try "assessment: {organisation: Broken, as_of: 2026-01-01}\npeer_workers: [\n".write(
            to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: examples.appendingPathComponent("05-southern-embedded.yaml"),
            to: folder.appendingPathComponent("c.yaml"))
        let result = try CommandRunner.run(["batch", folder.path, "--format", "csv"])
        #expect(result.status == 65)
        let lines = result.stdout.components(separatedBy: "\r\n")
        #expect(
            lines[1].hasPrefix(
                "\(folder.path)/a.yaml,Eastside Recovery Network,2026-06-30,77.5,Established,yes"))
        #expect(lines[2].hasPrefix("\(folder.path)/b.yaml,,,,,,,,0,"))
        #expect(lines[2].contains("error[yaml.syntax]"))
        #expect(
            lines[3].hasPrefix(
                "\(folder.path)/c.yaml,Southern Lived Experience Collective,2026-06-30,100,Embedded,yes"
            ))
        // One table: the totals go to --summary.
        #expect(!result.stdout.contains("\r\n\r\n"))
        let summaryFile = folder.appendingPathComponent("totals.csv").path
        let withSummary = try CommandRunner.run([
            "batch", folder.path, "--format", "csv", "--summary", summaryFile,
        ])
        #expect(withSummary.stdout == result.stdout)
        let summary = try String(contentsOfFile: summaryFile, encoding: .utf8)
        #expect(summary.hasPrefix("metric,value\r\n"))
        #expect(summary.contains("failed_to_load,1\r\n"))
        #expect(summary.contains("compliant,2\r\n"))
        let misused = try CommandRunner.run(["batch", folder.path, "--summary", summaryFile])
        #expect(misused.status == 64)
    }

    /// All compliant: exit 0; the HTML page has the heatmap; text ends with the totals.
    @Test func symbolicLinkLoopsInTheFolder() throws {
        // Folders linked into themselves are not followed, so the search ends; a pipe named
        // like a profile is a row with an error, not a batch that never ends.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-loops-\(UUID().uuidString)")
        let sub = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            atPath: Paths.repositoryRoot.appendingPathComponent(
                "assessments/05-southern-embedded.yaml"
            ).path, toPath: sub.appendingPathComponent("org.yaml").path)
        try FileManager.default.createSymbolicLink(
            atPath: sub.appendingPathComponent("up").path, withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("self").path, withDestinationPath: folder.path)
        #expect(mkfifo(folder.appendingPathComponent("pipe.yaml").path, 0o644) == 0)
        let result = try CommandRunner.run(["batch", folder.path, "--format", "csv"])
        #expect(result.status == 65)
        let rows = result.stdout.split(whereSeparator: \.isNewline).filter {
            $0.hasPrefix(folder.path)
        }
        #expect(rows.count == 2)
        #expect(
            rows.contains { $0.contains("Southern Lived Experience Collective,2026-06-30,100") })
        #expect(rows.contains { $0.contains("pipe.yaml") && $0.contains("not a regular file") })
    }

    /// A folder that cannot be searched is reported, the rest is assessed, and the exit is 65.
    @Test func unreadableFolderFailsTheBatch() throws {
        let example = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/05-southern-embedded.yaml"), encoding: .utf8)
        let deep = try DeepFolder(profile: example)
        defer { deep.remove() }
        let result = try CommandRunner.run(["batch", deep.root.path, "--format", "csv"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("error[batch.folder-unreadable]: \(deep.root.path)/ddd"))
        #expect(result.stderr.contains("cannot search this folder (file name too long)"))
        #expect(
            result.stdout.contains("\(deep.root.path)/a.yaml,Southern Lived Experience Collective,")
        )
    }

    @Test func compliantBatchAndFormats() throws {
        let profiles = [
            "assessments/04-eastside-established.yaml", "assessments/05-southern-embedded.yaml",
        ]
        let text = try CommandRunner.run(["batch"] + profiles)
        #expect(text.status == 0)
        #expect(text.stdout.contains("2 of 2 organisations comply."))
        let html = try CommandRunner.run(["batch"] + profiles + ["--format", "html"])
        #expect(html.stdout.contains("<table class=\"heatmap sortable\">"))
        // One small script, for sorting and filtering; the page works without it.
        #expect(html.stdout.components(separatedBy: "<script>").count == 2)
        let missing = try CommandRunner.run(["batch", "no/such/folder"])
        #expect(missing.status != 0)
    }

    /// A profile that breaks a constraint of the rule set is a row that could not be assessed,
    /// with the message at its field; the others are assessed; the batch exits 65.
    @Test func constraintBrokenInBatch() throws {
        let folder = try TemporaryFolder("batch-constraint")
        defer { folder.remove() }
        let text = try String(
            contentsOfFile: "assessments/03-harbour-developing.yaml", encoding: .utf8
        ).replacingOccurrences(of: "readiness_trained: 34", with: "readiness_trained: 340")
        try text.write(
            to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: "assessments/04-eastside-established.yaml",
            toPath: folder.appendingPathComponent("good.yaml").path)
        let result = try CommandRunner.run(["batch", folder.path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("Eastside Recovery Network"))
        #expect(
            result.stdout.contains(
                "bad.yaml:11:22: error[profile.constraint]: `staff.readiness_trained` is 340"))
    }

    /// `diff` on two versions of one organisation.
    @Test func diffTwoYears() throws {
        let result = try CommandRunner.run([
            "diff", "assessments/history/03-harbour-2025.yaml",
            "assessments/03-harbour-developing.yaml", "--format", "json",
        ])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["before_as_of"] as? String == "2025-06-30")
        #expect(object["score_delta"] as? Double == 4.0)
        #expect(
            (object["improved"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                "DSC-01", "ORG-02", "SUP-01", "SYS-02",
            ])
        // A new gap is listed once, as a new gap, not also as regressed.
        #expect(
            (object["regressed"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                "SUP-03"
            ])
        #expect(
            (object["new_gaps"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                "SVC-04", "COM-02",
            ])
        #expect(
            (object["actions_completed"] as? [[String: Any]])?.compactMap {
                $0["title"] as? String
            } == ["Record peer activity and outcomes"])
        // Every delta is the difference of the figures shown.
        for domain in object["domains"] as? [[String: Any]] ?? [] {
            guard let before = domain["before"] as? Double, let after = domain["after"] as? Double,
                let delta = domain["delta"] as? Double
            else { continue }
            #expect(abs((after - before) - delta) < 1e-9, "\(domain)")
        }
        let text = try CommandRunner.run([
            "diff", "assessments/history/03-harbour-2025.yaml",
            "assessments/03-harbour-developing.yaml",
        ])
        #expect(text.stdout.contains("Overall 53.8 → 57.8 (+4.0), still Developing; not compliant"))
        #expect(
            text.stdout.contains(
                "- ORG-02 Staff have completed readiness training: partial (12%) → partial (40%)"))
        #expect(text.stdout.contains("- Supervision: 42.0 → 60.8 (+18.8)\n"))
        #expect(text.stdout.contains("- ACT-DATA Record peer activity and outcomes\n"))
    }

    /// The diff as one self-contained page for a board: no script and nothing from elsewhere.
    @Test func diffAsHTML() throws {
        let result = try CommandRunner.run([
            "diff", "assessments/history/03-harbour-2025.yaml",
            "assessments/03-harbour-developing.yaml", "--format", "html",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(!result.stdout.contains("<script"))
        #expect(!result.stdout.contains("http://") && !result.stdout.contains("https://"))
        #expect(result.stdout.contains("<td class=\"num\">+18.8</td>"))
        #expect(result.stdout.contains("<h2>New gaps (2)</h2>"))
    }

    /// Two different organisations are an error naming both, unless asked for; a NEW older
    /// than OLD is a warning.
    @Test func diffChecksItsInputs() throws {
        let different = try CommandRunner.run([
            "diff", "assessments/history/03-harbour-2025.yaml",
            "assessments/04-eastside-established.yaml",
        ])
        #expect(different.status == 65)
        #expect(different.stdout.isEmpty)
        #expect(
            different.stderr.hasPrefix(
                "assessments/04-eastside-established.yaml:4:3: error[diff.different-organisations]: OLD is `Harbour AOD Services` but NEW is `Eastside Recovery Network`"
            ))
        let allowed = try CommandRunner.run([
            "diff", "assessments/history/03-harbour-2025.yaml",
            "assessments/04-eastside-established.yaml", "--allow-different-organisations",
        ])
        #expect(allowed.status == 0)
        let backwards = try CommandRunner.run([
            "diff", "assessments/03-harbour-developing.yaml",
            "assessments/history/03-harbour-2025.yaml",
        ])
        #expect(backwards.status == 0)
        #expect(backwards.stderr.contains("warning[diff.new-older-than-old]"))
    }

    /// A rule that is now unknown is neither progress nor a gap; an action is no longer needed
    /// only when the rules it worked on now pass.
    @Test func unknownIsNeverProgress() throws {
        let folder = try TemporaryFolder("diff-unknown")
        defer { folder.remove() }
        let base = try String(
            contentsOfFile: "assessments/history/03-harbour-2025.yaml", encoding: .utf8)
        let later = base.replacingOccurrences(of: "as_of: 2025-06-30", with: "as_of: 2025-12-31")
            .replacingOccurrences(of: "  peer_supervisor: false", with: "  peer_supervisor: ~")
        #expect(later != base)
        let path = folder.appendingPathComponent("later.yaml").path
        try later.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "diff", "assessments/history/03-harbour-2025.yaml", path, "--format", "json",
        ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["improved"] as? [Any])?.isEmpty == true)
        #expect(
            (object["now_unknown"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                "SUP-05"
            ])
        #expect((object["actions_completed"] as? [Any])?.isEmpty == true)
    }
}
