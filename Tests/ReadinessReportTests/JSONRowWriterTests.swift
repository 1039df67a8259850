import Foundation
import Testing

@testable import ReadinessCore
@testable import ReadinessReport

/// Batch rows written as JSON by hand read back as exactly what `JSONEncoder` encodes, for
/// texts with every kind of character and numbers of every size, and sit in the batch's layout.
struct JSONRowWriterTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Characters a name or message could hold: every control character, quotes, backslash,
    /// slash, DEL, accents (composed and not), line and paragraph separators, an emoji.
    static let pool: [Character] =
        (0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }
        + [
            "\"", "\\", "/", "'", "\u{7F}", "é", "e\u{301}", "\u{2028}", "\u{2029}", "😀", " ", "<",
            "&",
        ]
        + Array("abcXYZ019-_.:,{}[]")

    static func text(_ random: inout SplitMix) -> String {
        String(
            (0..<Int.random(in: 0...12, using: &random)).map { _ in
                pool[Int.random(in: 0..<pool.count, using: &random)]
            })
    }

    static func number(_ random: inout SplitMix) -> Double {
        switch Int.random(in: 0..<7, using: &random) {
        case 0: Double(Int.random(in: 0...100, using: &random))
        case 1: (Double.random(in: 0...100, using: &random) * 100).rounded() / 100
        case 5: -(Double.random(in: 0...1e7, using: &random) * 100).rounded() / 100
        case 6: Double(Int.random(in: -300...300, using: &random)) / 100
        case 2: Double.random(in: -1e-6...1e-6, using: &random)
        case 3: Double.random(in: 1e15...1e22, using: &random)
        default: -0.0
        }
    }

    static func row(_ random: inout SplitMix) -> Batch.Row {
        func texts() -> [String] {
            (0..<Int.random(in: 0...4, using: &random)).map { _ in text(&random) }
        }
        let assessed = Bool.random(using: &random)
        var domains: [String: Double] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            domains[text(&random)] = number(&random)
        }
        return Batch.Row(
            file: text(&random), organisation: assessed ? text(&random) : nil,
            score: assessed ? number(&random) : nil, band: assessed ? text(&random) : nil,
            compliant: assessed ? Bool.random(using: &random) : nil,
            asOf: assessed ? "2026-06-30" : nil, mandatoryFailed: texts(),
            mandatoryUnknown: texts(),
            unknowns: Int.random(in: 0...50, using: &random), domainScores: domains,
            errors: texts(),
            failedRules: texts(), waived: texts())
    }

    @Test func rowsReadBackAsTheEncoderWritesThem() throws {
        var random = SplitMix(state: 7)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for _ in 0..<2_000 {
            let row = Self.row(&random)
            let written = JSONRowWriter.write(row, margin: 4)
            let mine = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? NSDictionary
            let theirs =
                try JSONSerialization.jsonObject(with: try encoder.encode(row)) as? NSDictionary
            #expect(mine != nil && mine == theirs, "\(written)")
            // Negative zero and the like compare equal as numbers: the text must too.
            if let score = row.score, score.isFinite {
                let expected = try #require(
                    String(data: try encoder.encode([score]), encoding: .utf8))
                #expect(written.contains("\"score\" : \(expected.dropFirst().dropLast()),\n"))
            }
        }
    }

    /// A text needing one escape, wherever the byte falls in it (the writer looks for such
    /// bytes eight at a time), reads back as the encoder's does; a text needing none, with
    /// bytes next to the special ones (space, `!`, `#`, `[`, `]`, DEL) and beyond ASCII, is
    /// written as it is. Margins wider than the writer's ready-made indentation work alike.
    @Test func escapesWhereverTheyFall() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let base = Array(" !#[]~\u{7F}abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        let specials = Array(UInt8(0)..<0x20) + [UInt8(ascii: "\""), UInt8(ascii: "\\")]
        for length in [1, 7, 8, 9, 15, 16, 17, 24, 33] {
            for position in 0..<length {
                for special in specials {
                    var bytes = Array(base.prefix(length))
                    bytes[position] = special
                    let row = Batch.Row(
                        file: String(decoding: bytes, as: UTF8.self), organisation: nil,
                        score: nil, band: nil, compliant: nil, mandatoryFailed: [],
                        mandatoryUnknown: [], unknowns: 0,
                        domainScores: [:], errors: [], failedRules: [])
                    let written = JSONRowWriter.write(row, margin: position % 2 == 0 ? 2 : 40)
                    let mine =
                        try JSONSerialization.jsonObject(with: Data(written.utf8)) as? NSDictionary
                    let theirs =
                        try JSONSerialization.jsonObject(with: try encoder.encode(row))
                        as? NSDictionary
                    #expect(mine != nil && mine == theirs, "\(written)")
                }
            }
        }
        let plain = String(decoding: base, as: UTF8.self) + "é e\u{301} \u{2028} 😀 plain"
        let row = Batch.Row(
            file: plain, organisation: nil, score: nil, band: nil, compliant: nil,
            mandatoryFailed: [], mandatoryUnknown: [], unknowns: 0, domainScores: [:], errors: [],
            failedRules: [])
        #expect(JSONRowWriter.write(row, margin: 0).contains("\"file\" : \"\(plain)\""))
    }

    /// Keys in the encoder's order, one a line, indented from the margin; empty lists as `[]`.
    @Test func layout() {
        let row = Batch.Row(
            file: "a/b.yaml", organisation: "Tab\there", score: 62.5, band: "Developing",
            compliant: false, asOf: "2026-06-30", mandatoryFailed: ["ORG-01"],
            mandatoryUnknown: ["SYS-03"], unknowns: 2,
            domainScores: ["training": 50, "readiness": 12.34], errors: [], failedRules: [])
        #expect(
            JSONRowWriter.write(row, margin: 4) == """
                {
                      "as_of" : "2026-06-30",
                      "band" : "Developing",
                      "compliant" : false,
                      "domain_scores" : {
                        "readiness" : 12.34,
                        "training" : 50
                      },
                      "errors" : [],
                      "failed_rules" : [],
                      "file" : "a/b.yaml",
                      "mandatory_failed" : [
                        "ORG-01"
                      ],
                      "mandatory_unknown" : [
                        "SYS-03"
                      ],
                      "organisation" : "Tab\\there",
                      "score" : 62.5,
                      "unknowns" : 2
                    }
                """)
        let unread = Batch.Row(
            file: "c.yaml", organisation: nil, score: nil, band: nil, compliant: nil,
            mandatoryFailed: [], mandatoryUnknown: [], unknowns: 0, domainScores: [:],
            errors: ["x:1:1: error"],
            failedRules: [])
        #expect(
            JSONRowWriter.write(unread, margin: 0) == """
                {
                  "domain_scores" : {},
                  "errors" : [
                    "x:1:1: error"
                  ],
                  "failed_rules" : [],
                  "file" : "c.yaml",
                  "mandatory_failed" : [],
                  "mandatory_unknown" : [],
                  "unknowns" : 0
                }
                """)
    }
}
