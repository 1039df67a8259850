import Foundation
import ReadinessTestSupport
import Testing

/// `readiness fmt` as an author and CI run it: files rewritten, checked or shown as a diff;
/// broken files reported with their place and left alone.
struct FormatCommandTests {
    static let messy = """
        rules:
        - title: Peer workers are supervised   # the rule's statement
          id: SUP-01
          domain: supervision
          require: 'supervision.model_documented'

        """
    static let tidy = """
        rules:
          - id: SUP-01
            domain: supervision
            title: Peer workers are supervised # the rule's statement
            require: supervision.model_documented

        """

    @Test func rewritesAFileInPlace() throws {
        let folder = try TemporaryFolder("fmt-write")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("rules.yaml").path
        try Self.messy.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["fmt", folder.path])
        #expect(result.status == 0)
        #expect(result.stderr == "1 file reformatted, 0 unchanged\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.tidy)
        let again = try CommandRunner.run(["fmt", path])
        #expect(again.status == 0)
        #expect(again.stderr == "0 files reformatted, 1 unchanged\n")
    }

    @Test func checkNamesWhatWouldChangeAndWritesNothing() throws {
        let folder = try TemporaryFolder("fmt-check")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("rules.yaml").path
        try Self.messy.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["fmt", "--check", path])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "\(path): would be reformatted\n1 file would be reformatted, 0 unchanged\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.messy)
    }

    @Test func diffShowsTheChange() throws {
        let folder = try TemporaryFolder("fmt-diff")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("t.yaml").path
        try "a:   1\nb: 'two'\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["fmt", "--diff", path])
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                --- \(path)
                +++ \(path)
                @@ -1,2 +1,2 @@
                -a:   1
                -b: 'two'
                +a: 1
                +b: two

                """)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a:   1\nb: 'two'\n")
    }

    /// The shipped rule sets and examples are formatted (CI checks it too).
    @Test func theShippedFilesAreFormatted() throws {
        let result = try CommandRunner.run(["fmt", "--check", "rules", "assessments"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("0 files would be reformatted, "))
    }

    @Test func brokenFilesAreReportedAndTheRestFormatted() throws {
        let folder = try TemporaryFolder("fmt-broken")
        defer { folder.remove() }
        let broken = folder.appendingPathComponent("a-broken.yaml").path
        let tagged = folder.appendingPathComponent("b-tagged.yaml").path
        let fine = folder.appendingPathComponent("c-fine.yaml").path
        try "a: [1, 2\n".write(toFile: broken, atomically: true, encoding: .utf8)
        try "a: !!str 1\n".write(toFile: tagged, atomically: true, encoding: .utf8)
        try "a:    1\n".write(toFile: fine, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["fmt", folder.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(broken):2:1: error[yaml.syntax]"), "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "\(tagged):1:4: error[fmt.unsupported]: `readiness fmt` does not rewrite tags; the file is left as it is"
            ), "\(result.stderr)")
        #expect(
            result.stderr.hasSuffix(
                "1 file reformatted, 0 unchanged; some could not be formatted (above)\n"))
        #expect(try String(contentsOfFile: broken, encoding: .utf8) == "a: [1, 2\n")
        #expect(try String(contentsOfFile: tagged, encoding: .utf8) == "a: !!str 1\n")
        #expect(try String(contentsOfFile: fine, encoding: .utf8) == "a: 1\n")
    }

    @Test func aPathThatIsNotThere() throws {
        let result = try CommandRunner.run(["fmt", "no-such-file.yaml"])
        #expect(result.status == 66)
        #expect(
            result.stderr.hasPrefix(
                "no-such-file.yaml: error[file.not-found]: no such file or folder"))
    }

    /// A profile's fields follow its rule set's schema, named with --rules.
    @Test func aProfileFollowsItsRuleSetsSchema() throws {
        let folder = try TemporaryFolder("fmt-profile")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("team.yaml").path
        try """
        practice: {welcome_sessions: 2, mutuality: 3}
        assessment: {as_of: 2026-11-30, organisation: Riverside}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "fmt", "--rules", "rules/vic-aod-peer-team-self-assessment", path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try String(contentsOfFile: path, encoding: .utf8) == """
                assessment: {organisation: Riverside, as_of: 2026-11-30}
                practice: {mutuality: 3, welcome_sessions: 2}

                """)
    }
}
