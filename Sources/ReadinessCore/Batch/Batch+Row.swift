import Foundation

extension Batch {
    /// One organisation's line in the batch.
    public struct Row: Sendable, Codable, Equatable {
        /// The profile's path.
        public var file: String
        /// The organisation's name, for a profile that was read.
        public var organisation: String?
        /// The overall score (0–100, two decimals), for a profile that was assessed.
        public var score: Double?
        /// The maturity band.
        public var band: String?
        /// Whether the organisation complies.
        public var compliant: Bool?
        /// The assessment date used (`YYYY-MM-DD`).
        public var asOf: String?
        /// The applicable mandatory rules that fail, are partial or could not be evaluated.
        public var mandatoryFailed: [String]
        /// The mandatory rules whose outcome is unknown for missing data.
        public var mandatoryUnknown: [String]
        /// How many rules lack the data to decide them.
        public var unknowns: Int
        /// Each domain's score (two decimals) by domain id; a domain with none is absent.
        public var domainScores: [String: Double]
        /// For a profile that could not be assessed: its problems.
        public var errors: [String]
        /// The rules that failed or were partial (for the sector's weakest rules).
        public var failedRules: [String]

        // In snake case already, so an encoder need not convert them row after row.
        private enum CodingKeys: String, CodingKey {
            case file, organisation, score, band, compliant, unknowns, errors
            case asOf = "as_of"
            case mandatoryFailed = "mandatory_failed"
            case mandatoryUnknown = "mandatory_unknown"
            case domainScores = "domain_scores"
            case failedRules = "failed_rules"
        }

        /// A domain's identifier as a key, written as it is.
        private struct DomainKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// What the synthesized encoding writes, with every list item and domain score
        /// encoded as text or a number rather than as generic values (each of which went
        /// through the encoder's dynamic type checks). `readiness batch` writes its JSON rows
        /// with its own writer, which its tests hold to this encoding.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(asOf, forKey: .asOf)
            try container.encode(file, forKey: .file)
            try container.encodeIfPresent(organisation, forKey: .organisation)
            try container.encodeIfPresent(score, forKey: .score)
            try container.encodeIfPresent(band, forKey: .band)
            try container.encodeIfPresent(compliant, forKey: .compliant)
            func encode(_ texts: [String], forKey key: CodingKeys) throws {
                var list = container.nestedUnkeyedContainer(forKey: key)
                for text in texts { try list.encode(text) }
            }
            try encode(mandatoryFailed, forKey: .mandatoryFailed)
            try encode(mandatoryUnknown, forKey: .mandatoryUnknown)
            try container.encode(unknowns, forKey: .unknowns)
            var domains = container.nestedContainer(keyedBy: DomainKey.self, forKey: .domainScores)
            for (domain, score) in domainScores {
                try domains.encode(score, forKey: DomainKey(stringValue: domain))
            }
            try encode(errors, forKey: .errors)
            try encode(failedRules, forKey: .failedRules)
        }
    }

    /// Sector totals.
    public struct Totals: Sendable, Codable, Equatable {
        public struct RuleFailure: Sendable, Codable, Equatable {
            public var rule: String
            public var title: String
            public var organisations: Int
            public var share: Double
            /// The share as a percentage with one decimal, from the counts.
            public var percent: Double
        }

        public var profiles: Int
        public var assessed: Int
        public var failedToLoad: Int
        public var compliant: Int
        public var bands: [String: Int]
        public var domainAverages: [String: Double]
        public var mostFailedRules: [RuleFailure]
        /// Profiles left out because a later one of the same organisation is in the batch
        /// (set by the caller that chose them, ``BatchDuplicates/select(_:maxBytes:)``).
        public var superseded: [BatchDuplicates.Superseded] = []
    }
}
