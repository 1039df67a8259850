import Foundation
import ReadinessTestSupport
import Testing

/// `readiness schema` and the editor line of `readiness template`, run as a user runs them.
struct SchemaCommandTests {
    static func committed(_ name: String) throws -> String {
        try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent("docs/schemas/\(name)"),
            encoding: .utf8)
    }

    @Test func printsTheProfileSchemaOfTheRuleSetNamed() throws {
        let builtIn = try CommandRunner.run(["schema", "--profile"])
        #expect(builtIn.status == 0)
        #expect(builtIn.stderr.isEmpty)
        #expect(
            builtIn.stdout == (try Self.committed("vic-aod-peer-workforce.profile.schema.json")))
        let team = try CommandRunner.run([
            "schema", "--profile", "--rules", "rules/vic-aod-peer-team-self-assessment",
        ])
        #expect(team.status == 0)
        #expect(
            team.stdout
                == (try Self.committed("vic-aod-peer-team-self-assessment.profile.schema.json")))
    }

    @Test func printsTheRuleFormatSchema() throws {
        let result = try CommandRunner.run(["schema", "--rule-set"])
        #expect(result.status == 0)
        #expect(result.stdout == (try Self.committed("readiness-rules.schema.json")))
    }

    @Test func writesAFileWhole() throws {
        let folder = try TemporaryFolder("schema-command")
        defer { folder.remove() }
        let path = folder.appendingPathComponent("rules.schema.json").path
        let result = try CommandRunner.run(["schema", "--rule-set", "-o", path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == Self.committed("readiness-rules.schema.json"))
        let unwritable = try CommandRunner.run([
            "schema", "--rule-set", "-o", folder.appendingPathComponent("no/such/folder.json").path,
        ])
        #expect(unwritable.status == 73)
        #expect(
            unwritable.stderr.contains("error[output.write]: the output cannot be written here"))
    }

    @Test func oneSchemaAtATime() throws {
        for arguments in [["schema"], ["schema", "--profile", "--rule-set"]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 64)
            #expect(
                result.stderr.hasPrefix(
                    "Error: give --profile (the schema of profiles) or --rule-set (the schema of rule-set files), one of them"
                ), "\(result.stderr)")
        }
        let rules = try CommandRunner.run([
            "schema", "--rule-set", "--rules", "rules/vic-aod-peer-workforce",
        ])
        #expect(rules.status == 64)
        #expect(rules.stderr.contains("--rules is for --profile"))
    }

    @Test func aRuleSetThatCannotLoad() throws {
        let missing = try CommandRunner.run(["schema", "--profile", "--rules", "no-such-folder"])
        #expect(missing.status == 66)
        #expect(
            missing.stderr.hasPrefix(
                "no-such-folder: error[file.not-found]: no such rule set folder"))
        #expect(missing.stdout.isEmpty)
        let broken = try CommandRunner.run([
            "schema", "--profile", "--rules",
            "Tests/readinessTests/Fixtures/broken-input/ruleset-misspelt-key/rules",
        ])
        #expect(broken.status == 78)
        #expect(broken.stderr.contains("error[decode.unknown-key]"))
        #expect(broken.stdout.isEmpty)
    }

    /// `template -o` writes the profile and, beside it, the schema its first line names.
    @Test func templateWritesItsSchemaBesideIt() throws {
        let folder = try TemporaryFolder("template-schema")
        defer { folder.remove() }
        let profile = folder.appendingPathComponent("my-organisation.yaml").path
        let schema = folder.appendingPathComponent("vic-aod-peer-workforce.profile.schema.json")
            .path
        let result = try CommandRunner.run(["template", "-o", profile])
        #expect(result.status == 0)
        #expect(result.stderr == "wrote \(profile), and \(schema) for editors (docs/editors.md)\n")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        #expect(
            text.hasPrefix(
                "# yaml-language-server: $schema=vic-aod-peer-workforce.profile.schema.json\n"))
        #expect(
            try String(contentsOfFile: schema, encoding: .utf8)
                == Self.committed("vic-aod-peer-workforce.profile.schema.json"))
        // To standard output: the same line, and no file.
        let printed = try CommandRunner.run(["template"], in: folder.url)
        #expect(printed.stdout == text)
        #expect(printed.stderr.isEmpty)
        // Where nothing can be written, nothing is.
        let nowhere = folder.appendingPathComponent("missing/profile.yaml").path
        let refused = try CommandRunner.run(["template", "-o", nowhere])
        #expect(refused.status == 73)
        #expect(!FileManager.default.fileExists(atPath: nowhere))
    }
}
