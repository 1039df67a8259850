import ReadinessCore

/// The plan's words that every human format shares, so text, markdown and HTML say the same
/// things in the same order.
enum PlanWords {
    /// A phase's heading: its name, its end date, the score it leads to and its rise.
    static func phaseHeading(_ phase: AssessmentReport.PhaseEntry, from previous: Double) -> String
    {
        var heading = phase.name
        if let due = phase.due { heading += " (by \(due))" }
        heading +=
            " — then \(NumberFormat.oneDecimal(phase.projectedScore)) (\(phase.projectedBand)), \(NumberFormat.signedPoints(phase.projectedScore - previous))"
        if phase.projectedCompliant == true { heading += ", compliant" }
        return heading
    }

    /// An action's owner, effort, due date, the rules it works on and its points.
    static func details(_ action: AssessmentReport.ActionEntry) -> [String] {
        var details: [String] = []
        if let owner = action.owner { details.append(owner) }
        if let effort = action.effortDays { details.append(TextRenderer.days(effort)) }
        if let due = action.due { details.append("due \(due)") }
        if !action.closes.isEmpty {
            details.append("works on \(action.closes.joined(separator: ", "))")
        }
        details.append("\(NumberFormat.signedPoints(action.points)) points")
        return details
    }
}
