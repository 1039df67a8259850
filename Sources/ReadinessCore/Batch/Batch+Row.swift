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
        /// The rules that count against compliance but for a waiver that holds (absent from
        /// the JSON when there are none).
        public var waived: [String] = []

        // In snake case already, so an encoder need not convert them row after row.
        fileprivate enum CodingKeys: String, CodingKey {
            case file, organisation, score, band, compliant, unknowns, errors, waived
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
            if !waived.isEmpty { try encode(waived, forKey: .waived) }
        }
    }

    /// Sector totals.
    public struct Totals: Sendable, Codable, Equatable {
        /// A rule not met across the sector.
        public struct RuleFailure: Sendable, Codable, Equatable {
            /// The rule.
            public var rule: String
            /// Its title.
            public var title: String
            /// How many organisations did not meet it in full.
            public var organisations: Int
            /// Their share of the assessed organisations, 0 to 1.
            public var share: Double
            /// The share as a percentage with one decimal, from the counts.
            public var percent: Double
        }

        /// How many profiles were given.
        public var profiles: Int
        /// How many were assessed.
        public var assessed: Int
        /// How many could not be read or assessed.
        public var failedToLoad: Int
        /// Whether it complies.
        public var compliant: Int
        /// How many organisations are in each band.
        public var bands: [String: Int]
        /// Each domain's mean score over the organisations with one.
        public var domainAverages: [String: Double]
        /// The rules most often not met, most first (up to 10).
        public var mostFailedRules: [RuleFailure]
        /// Profiles left out because a later one of the same organisation is in the batch
        /// (set by the caller that chose them, ``BatchDuplicates/select(_:maxBytes:)``).
        public var superseded: [BatchDuplicates.Superseded] = []
    }
}

extension Batch.Row {
    /// Reads a row as ``encode(to:)`` writes it; `waived` may be absent.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decode(String.self, forKey: .file)
        organisation = try container.decodeIfPresent(String.self, forKey: .organisation)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
        band = try container.decodeIfPresent(String.self, forKey: .band)
        compliant = try container.decodeIfPresent(Bool.self, forKey: .compliant)
        asOf = try container.decodeIfPresent(String.self, forKey: .asOf)
        mandatoryFailed = try container.decode([String].self, forKey: .mandatoryFailed)
        mandatoryUnknown = try container.decode([String].self, forKey: .mandatoryUnknown)
        unknowns = try container.decode(Int.self, forKey: .unknowns)
        domainScores = try container.decode([String: Double].self, forKey: .domainScores)
        errors = try container.decode([String].self, forKey: .errors)
        failedRules = try container.decode([String].self, forKey: .failedRules)
        waived = try container.decodeIfPresent([String].self, forKey: .waived) ?? []
    }
}
