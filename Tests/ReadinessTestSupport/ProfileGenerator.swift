import Foundation

/// Synthetic but valid organisation profiles for the shipped rule set's schema, of realistic
/// size (5 to 40 peer workers, 20 to 200 staff), the same for the same seed: for the batch
/// benchmark and for tests that need many realistic profiles.
public enum ProfileGenerator {
    static let competencies = [
        "engagement", "support", "lived_experience", "personalised_support", "recovery_planning",
        "linking_resources",
        "wellness_information", "crisis_support", "communication", "collaboration", "advocacy",
        "growth_development",
    ]

    /// The text of profile number `index`, drawing from `random`.
    public static func profile(_ index: Int, random: inout SplitMix) -> String {
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func pick(_ values: [String]) -> String {
            values[Int(random.next() % UInt64(values.count))]
        }
        let staff = 20 + Int(random.next() % 181)
        let workers = 5 + Int(random.next() % 36)
        let maturity = random.next() % 100  // how far along the organisation is, 0-99
        func likely() -> Bool { chance(20 + maturity * 3 / 4) }
        var out = """
            assessment:
              organisation: Synthetic Service \(index)
              as_of: 2026-06-30
              assessor: Generator
            staff:
              total: \(staff)
              readiness_trained: \(Int(random.next() % UInt64(staff + 1)))
              managers_trained: \(likely())
              peer_role_understanding: \(1 + random.next() % 3)
            discipline: {position_descriptions: \(likely()), lived_experience_essential: \(likely()), own_classification: \(likely()), career_path: \(likely())}
            readiness: {training_program: \(likely()), leadership_endorsement: \(likely()), peer_led_design: \(likely())}
            peer_workers:

            """
        for worker in 0..<workers {
            let known = competencies.filter { _ in chance(25) }
            out += """
                  - name: PW-\(index)-\(worker)
                    fte: \(Double(1 + random.next() % 10) / 10)
                    paid: \(chance(90))
                    training_hours: \(random.next() % 90)
                    development_plan: \(likely())
                    development_last_year: \(likely())
                    competencies: [\(known.joined(separator: ", "))]
                    supervision:
                      discipline_specific: \(likely())
                      interval_days: \(7 + random.next() % 84)
                      hours_received: \(random.next() % 60)
                      in_employment_terms: \(likely())
                    community_of_practice: \(likely())

                """
        }
        out += """
            supervision: {model_documented: \(likely()), model_developed_with_peers: \(likely()), peer_supervisor: \(likely())}
            competencies: {framework_adopted: \(likely()), practice_guidelines: \(likely()), developed_with_stakeholders: \(likely()), mutuality_and_role_integrity: \(likely())}
            resourcing:
              paid_positions: \(random.next() % 12)
              dedicated_budget: \(likely())
              budget_share: \(Double(random.next() % 80) / 10)
              central_resource_access: \(likely())
              multi_year_funding: \(likely())
            service_design:
              welcome_sessions: \(pick(["none", "staff_run", "peer_run"]))
              group_check_ins: \(pick(["none", "staff_led", "peer_led"]))
              psychoeducation_groups: \(pick(["none", "staff_led", "peer_led"]))
              art_groups: \(pick(["none", "staff_led", "peer_led"]))
              peers_in_planning: \(likely())
            systems: {activity_data: \(likely()), outcome_data: \(likely()), in_reporting: \(likely())}
            communication: {strategy: true, strategy_reviewed: 2025-\(String(format: "%02d", 1 + random.next() % 12))-15}
            evaluation: {activities_evaluated: true, last_evaluation: 2025-\(String(format: "%02d", 1 + random.next() % 12))-01, shared_with_consumers: \(likely()), shared_with_sector: \(likely())}
            networking: {external_networks: \(likely())}
            cadetship:
              offered: \(chance(30))
              orientation_weeks: \(2 + random.next() % 6)
              rotation_programs: \(random.next() % 4)
              administrative_processes: \(likely())
              co_design_group: \(likely())
              paid_placement: \(likely())
              placement_days_per_week: \(1 + random.next() % 3)
              study_days_per_week: \(random.next() % 2)
              navigation_sessions: \(pick(["none", "observe", "observe_and_participate"]))
              case_note_writing: \(likely())
              mentored: \(likely())
              transition_to_work: \(likely())

            """
        return out
    }

    /// Writes `count` profiles into `folder`.
    public static func write(count: Int, seed: UInt64, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SplitMix(seed: seed)
        for index in 0..<count {
            let path = (folder as NSString).appendingPathComponent(
                String(format: "org-%05d.yaml", index))
            try profile(index, random: &random).write(
                toFile: path, atomically: false, encoding: .utf8)
        }
    }
}

/// A small deterministic random generator, so every run measures the same data.
public struct SplitMix {
    var state: UInt64
    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next number.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
