import Foundation
import ReadinessCore
import ReadinessTestSupport
import SourceDiagnostics
import Testing

/// Cross-field constraints: implausible profiles are rejected when read, at the field the
/// constraint names, with its message; constraints are checked when the rule set loads.
struct ConstraintTests {
    private static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        schema:
          staff: {total: {type: int}, trained: {type: int}}
          workers:
            type: list
            items: {name: {type: string}, fte: {type: number}, paid: {type: bool}}
        constraints:
          - require: staff.trained <= staff.total
            at: staff.trained
            message: More staff are trained than employed.
          - each: workers
            as: w
            require: w.fte > 0.0 || !w.paid
            at: fte
            message: A paid position has no hours.
        rules:
          - {id: R, domain: d, title: Trained, require: staff.trained > 0}
        actions: []

        """

    private func assess(_ profile: String) throws -> Assessment {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules,
            "profiles/p.yaml": "assessment: {organisation: X, as_of: 2026-01-01}\n" + profile,
        ])
        do {
            return try Assessment.run(
                ruleSet: try CompiledRuleSet.load(folder: folder.folder),
                profilePath: folder.path("profiles/p.yaml"))
        } catch {
            throw ConstraintFailure(
                lines: error.diagnostics.map {
                    $0.description.replacingOccurrences(of: folder.folder, with: "RS")
                })
        }
    }

    struct ConstraintFailure: Error { let lines: [String] }

    /// "30 of 2 staff trained" is rejected at the field, with the constraint's message; so is
    /// each list item that breaks an item constraint, at that item's field.
    @Test func implausibleDataIsRejected() throws {
        #expect {
            try assess(
                """
                staff: {total: 2, trained: 30}
                workers:
                  - {name: A, fte: 0.5, paid: true}
                  - {name: B, fte: 0, paid: true}
                  - {name: C, fte: 0, paid: false}

                """)
        } throws: { error in
            (error as? ConstraintFailure)?.lines == [
                "RS/profiles/p.yaml:2:28: error[profile.constraint]: `staff.trained` is 30: More staff are trained than employed.",
                "RS/profiles/p.yaml:5:20: error[profile.constraint]: `workers[1].fte` is 0: A paid position has no hours.",
            ]
        }
    }

    /// A profile decoded from memory is placed by the bytes it came from: a file of its name,
    /// changed or never there, is not read for the message's line and column.
    @Test func inMemoryProfileIsPlacedByItsOwnBytes() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules,
            // A decoy of the same name, with the field on another line.
            "profiles/upload.yaml": "# decoy\n# decoy\nstaff: {trained: 30}\n",
        ])
        let ruleSet = try CompiledRuleSet.load(folder: folder.folder)
        let text = """
            assessment: {organisation: X, as_of: 2026-01-01}
            staff: {total: 2, trained: 30}

            """
        #expect {
            try Assessment.run(
                ruleSet: ruleSet, profileText: text, name: folder.path("profiles/upload.yaml"))
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map {
                $0.description.replacingOccurrences(of: folder.folder, with: "RS")
            } == [
                "RS/profiles/upload.yaml:2:28: error[profile.constraint]: `staff.trained` is 30: More staff are trained than employed."
            ]
        }
    }

    /// Plausible data, and data not known, pass.
    @Test func plausibleOrUnknownPasses() throws {
        _ = try assess(
            "staff: {total: 2, trained: 2}\nworkers: [{name: A, fte: 0.5, paid: true}]\n")
        _ = try assess("staff: {total: 2}\nworkers: [{name: A, paid: true}]\n")
    }

    /// A constraint that does not give a bool, a list that is not one, or an `at` that is no
    /// field are load errors at their place.
    @Test func badConstraintsAreLoadErrors() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(
                of: "require: staff.trained <= staff.total", with: "require: staff.trained"
            ).replacingOccurrences(of: "at: fte", with: "at: hours")
        ])
        let errors = folder.loadErrors()
        #expect(
            errors.contains {
                $0.contains(
                    "error[rule.type]: the `require` of a constraint must give bool, but gives int")
            }, "\(errors)")
        #expect(
            errors.contains {
                $0.contains(
                    "error[decode.unknown-reference]: the `at` of a constraint, `hours`, is not a field of the list's items"
                )
            }, "\(errors)")
    }

    /// A constraint's `each` must give a list.
    @Test func eachMustBeAList() throws {
        let folder = try TemporaryRuleSet([
            "r.yaml": Self.rules.replacingOccurrences(of: "- each: workers", with: "- each: staff")
        ])
        #expect(
            folder.loadErrors().contains {
                $0.contains("error[rule.type]: the `each` of a constraint must give a list")
            }, "\(folder.loadErrors())")
    }

    /// The shipped rule set's constraints accept every example and reject "340 of 85 staff".
    @Test func shippedConstraints() throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let examples = Paths.repositoryRoot.appendingPathComponent("assessments")
        for name in try FileManager.default.contentsOfDirectory(atPath: examples.path)
        where name.hasSuffix(".yaml") {
            _ = try Assessment.run(
                ruleSet: ruleSet, profilePath: examples.appendingPathComponent(name).path)
        }
        let folder = try TemporaryFolder("constraint")
        defer { folder.remove() }
        let text = try String(
            contentsOf: examples.appendingPathComponent("03-harbour-developing.yaml"),
            encoding: .utf8
        ).replacingOccurrences(of: "readiness_trained: 34", with: "readiness_trained: 340")
        let path = folder.appendingPathComponent("p.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticError.self) {
            try Assessment.run(ruleSet: ruleSet, profilePath: path)
        }
    }
}

/// A tailoring's `mandatory` adds to the rule set's mandatory rules as a list and replaces them
/// with `{only: […]}`; a mapping without `only` is an error at its place.
struct TailoringMandatoryTests {
    private static let rules = """
        ruleset: {id: t, version: 1.0.0, title: Test}
        domains: [{id: d, title: D}]
        schema: {a: {type: bool}}
        rules:
          - {id: A, domain: d, title: A, mandatory: true, require: a}
          - {id: B, domain: d, title: B, require: a}
        actions: []

        """

    private func mandatory(_ tailoring: String) throws -> [String] {
        let folder = try TemporaryRuleSet(["r.yaml": Self.rules, "tailoring/t.yaml": ""])
        let path = folder.path("tailoring/t.yaml")
        try ("tailoring: {id: x, title: X, ruleset: t}\n" + tailoring).write(
            toFile: path, atomically: true, encoding: .utf8)
        return try CompiledRuleSet.load(folder: folder.folder, tailoringPath: path).rules
            .filter(\.rule.mandatory).map(\.rule.id)
    }

    @Test func addOrReplace() throws {
        #expect(try mandatory("mandatory: [B]\n") == ["A", "B"])
        #expect(try mandatory("mandatory: {only: [B]}\n") == ["B"])
        #expect(throws: DiagnosticError.self) { try mandatory("mandatory: {ony: [B]}\n") }
    }
}
