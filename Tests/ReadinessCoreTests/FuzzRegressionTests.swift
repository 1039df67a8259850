import Foundation
@_spi(Testing) import ReadinessCore
import ReadinessTestSupport
import Testing

/// Replays the profile decoder regression inputs (`Fixtures/fuzz-regressions`,
/// docs/fuzzing.md) as the `FuzzProfileDecoders` target runs them: both decoders over the same
/// bytes, and no difference between what the fast one takes and what the full one reads.
struct FuzzRegressionTests {
    static let folder = Paths.repositoryRoot.appendingPathComponent(
        "Tests/ReadinessCoreTests/Fixtures/fuzz-regressions")

    static let inputs = Paths.inputs(in: "Tests/ReadinessCoreTests/Fixtures/fuzz-regressions")

    static let reader = Result { try ProfileReader(schema: BuiltInRuleSet.load().ruleSet.schema) }

    @Test func corpusIsPresent() { #expect(Self.inputs.count >= 10) }

    @Test(arguments: inputs)
    func decodersAgree(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        if case .different(let difference) = try Self.reader.get().compareDecoders(
            bytes, name: name)
        {
            Issue.record(Comment(rawValue: difference))
        }
    }

    /// The comparison sees a difference when there is one: a profile the fast decoder takes,
    /// and the same profile with one number changed, are told apart (so the replay above
    /// cannot pass by comparing nothing).
    @Test func aDifferenceIsSeen() throws {
        let reader = try Self.reader.get()
        let text = try String(
            contentsOf: Paths.repositoryRoot.appendingPathComponent(
                "assessments/05-southern-embedded.yaml"), encoding: .utf8)
        guard case .same(let profile) = reader.compareDecoders(Array(text.utf8), name: "p.yaml")
        else {
            Issue.record("the fast decoder declined a shipped example")
            return
        }
        let changed = text.replacingOccurrences(of: "total: ", with: "total: 1")
        let other = try reader.decode(Array(changed.utf8), name: "p.yaml")
        #expect(profile.canonicalText != other.canonicalText)
        #expect(profile.canonicalText.contains("total"))
    }
}
