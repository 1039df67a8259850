import Foundation
import ReadinessCore
import ReadinessReport

/// The parts of a funder's dashboard page: the figures, who is overdue, the organisations ×
/// domains table (sortable and filterable by the batch page's script), the sector's weakest
/// rules, the trend, and the waivers in force.
enum FunderDashboard {
    static func summary(_ dashboard: FunderService.Dashboard) -> Markup {
        let totals = dashboard.totals
        let judged = dashboard.ruleSet.ruleSet.judgesCompliance
        let joined = dashboard.entries.count
        var lines = [
            "\(joined) organisation\(joined == 1 ? "" : "s") in the portfolio; \(totals.assessed) with an accepted assessment"
                + (judged
                    ? ", of which \(totals.compliant) \(totals.compliant == 1 ? "complies" : "comply")."
                    : ".")
        ]
        if totals.assessed > 0 {
            lines.append(
                "Bands: "
                    + dashboard.ruleSet.ruleSet.bands.map {
                        "\($0.label) \(totals.bands[$0.label] ?? 0)"
                    }.joined(separator: " · ") + ".")
        }
        lines.append(
            "Assessed under "
                + (dashboard.ruleSet.tailoring.map { "the contract's tailoring \($0.title)" }
                    ?? "the rule set as written")
                + " (\(dashboard.ruleSet.ruleSet.metadata.title) \(dashboard.ruleSet.ruleSet.metadata.version))."
        )
        return .element(
            "section", [("class", "summary")],
            lines.map { .element("p", text: $0) } + [
                .element(
                    "p", [],
                    [.element("a", [("href", "/funder/dashboard.csv")], text: "The table as CSV")])
            ])
    }

    static func reminders(_ dashboard: FunderService.Dashboard) -> Markup {
        let overdue = dashboard.overdue
        guard !overdue.isEmpty else { return .empty }
        let cadence = dashboard.contract?.cadenceDays ?? 365
        return .element(
            "section", [("class", "coming-due"), ("aria-labelledby", "overdue-heading")],
            [
                .element("h2", [("id", "overdue-heading")], text: "Overdue"),
                .element(
                    "p", text: "An accepted assessment is expected every \(cadence) days."),
                .element(
                    "ul", [],
                    overdue.map { entry in
                        .element(
                            "li", [],
                            [
                                link(entry.organisation),
                                .text(
                                    entry.row?.asOf.map {
                                        ": last accepted assessment as of \($0), due by \(entry.due ?? "")."
                                    } ?? ": no accepted assessment yet."),
                            ])
                    }),
            ])
    }

    static func link(_ organisation: Organisation) -> Markup {
        .element(
            "a", [("href", "/funder/organisations/\(organisation.id)")], text: organisation.name)
    }

    /// The organisations × domains table: compliance, mandatory rules, due date and every
    /// domain's score, shaded as the batch page shades them.
    static func table(_ dashboard: FunderService.Dashboard) -> Markup {
        let ruleSet = dashboard.ruleSet.ruleSet
        let judged = ruleSet.judgesCompliance
        let domains = ruleSet.domains
        let ordered = dashboard.entries.sorted { left, right in
            let (a, b) = (left.row, right.row)
            if (a?.compliant == true) != (b?.compliant == true) { return a?.compliant == true }
            if (a?.score ?? -1) != (b?.score ?? -1) { return (a?.score ?? -1) > (b?.score ?? -1) }
            return left.organisation.name < right.organisation.name
        }
        let headings =
            ["Organisation", "As of", "Score", "Band"]
            + (judged ? ["Complies", "Mandatory not met", "Mandatory unknown"] : [])
            + ["Next due"]
        let rows: [Markup] = ordered.map { entry in
            let row = entry.row
            var cells: [Markup] = [
                .element("td", [("class", "org")], [link(entry.organisation)]),
                // The date links to that assessment's report under the contract.
                .element(
                    "td", [("class", "date")],
                    [
                        entry.assessmentID.map { id in
                            .element(
                                "a", [("href", "/funder/assessments/\(id)")],
                                text: row?.asOf ?? "report")
                        } ?? .text("—")
                    ]),
                .element(
                    "td", [("class", shade(row?.score) + " num")],
                    text: row?.score.map(NumberFormat.oneDecimal) ?? "—"),
                .element("td", text: row?.band ?? "—"),
            ]
            if judged {
                cells += [
                    .element(
                        "td", [("class", row?.compliant.map { $0 ? "yes" : "no" } ?? "")],
                        text: row?.compliant.map { $0 ? "yes" : "no" } ?? "—"),
                    .element(
                        "td", [("class", "rules")],
                        text: (row?.mandatoryFailed ?? []).map {
                            (row?.waived.contains($0) ?? false) ? "\($0) (waived)" : $0
                        }.joined(separator: " ")),
                    .element(
                        "td", [("class", "rules")],
                        text: (row?.mandatoryUnknown ?? []).joined(separator: " ")),
                ]
            }
            cells.append(
                .element(
                    "td", [("class", entry.overdue ? "date no" : "date")],
                    text: entry.due.map { entry.overdue ? "overdue since \($0)" : $0 }
                        ?? "overdue"))
            cells += domains.map { domain in
                let score = row?.domainScores[domain.id]
                return .element(
                    "td", [("class", shade(score) + " num")],
                    text: score.map(NumberFormat.oneDecimal) ?? "")
            }
            return .element("tr", [], cells)
        }
        let averages: Markup = .element(
            "tr", [("class", "average")],
            // Header cells only: the sorting script moves the rows with data cells, and this
            // one stays last.
            [.element("th", [("scope", "row")], text: "Average")]
                + Array(repeating: Markup.element("th", text: ""), count: headings.count - 1)
                + domains.map { domain in
                    .element(
                        "th", [("class", "num")],
                        text: dashboard.totals.domainAverages[domain.id].map(
                            NumberFormat.oneDecimal) ?? "")
                })
        return .element(
            "section", [("aria-labelledby", "organisations-heading")],
            [
                .element("h2", [("id", "organisations-heading")], text: "Organisations"),
                .element(
                    "p", [("class", "hint")],
                    text:
                        "Each organisation's latest accepted assessment under the contract"
                        + (judged ? ", complying ones first, then by score" : ", by score")
                        + ". Domain columns are numbered (the key is below the table); each cell is the domain score, shaded in five steps. Click a heading to sort."
                ),
                .element(
                    "div", [("class", "table-scroll")],
                    [
                        .element(
                            "table", [("class", "heatmap sortable")],
                            [
                                .element(
                                    "caption", [("class", "visually-hidden")],
                                    text: "Organisations of the portfolio by domain"),
                                .element(
                                    "tr", [],
                                    headings.map { .element("th", [("scope", "col")], text: $0) }
                                        + domains.enumerated().map { index, domain in
                                            .element(
                                                "th", [("scope", "col"), ("class", "num")],
                                                [
                                                    .element(
                                                        "abbr", [("title", domain.title)],
                                                        text: "D\(index + 1)")
                                                ])
                                        }),
                            ] + rows + [averages])
                    ]),
                .element("h3", text: "Domains"),
                .element(
                    "ol", [("class", "legend")], domains.map { .element("li", text: $0.title) }),
            ])
    }

    /// The shading class of a score's cell, as the batch page's: five steps of 20, or none.
    static func shade(_ score: Double?) -> String {
        guard let score else { return "na" }
        return "s\(min(4, Int(score / 20)))"
    }

    static func weakestRules(_ dashboard: FunderService.Dashboard) -> Markup {
        let failures = dashboard.totals.mostFailedRules
        guard !failures.isEmpty else { return .empty }
        return .element(
            "section", [("aria-labelledby", "weakest-heading")],
            [
                .element("h2", [("id", "weakest-heading")], text: "The sector's weakest rules"),
                .element(
                    "div", [("class", "table-scroll")],
                    [
                        .element(
                            "table", [],
                            [
                                .element(
                                    "tr", [],
                                    [
                                        .element("th", [("scope", "col")], text: "Rule"),
                                        .element("th", [("scope", "col")], text: "Not met by"),
                                    ])
                            ]
                                + failures.map { failure in
                                    .element(
                                        "tr", [],
                                        [
                                            .element(
                                                "td", [],
                                                [
                                                    .element("strong", text: failure.rule),
                                                    .text(" \(failure.title)"),
                                                ]),
                                            .element(
                                                "td", [("class", "num")],
                                                text:
                                                    "\(NumberFormat.oneDecimal(failure.percent))% (\(failure.organisations))"
                                            ),
                                        ])
                                })
                    ]),
            ])
    }

    /// The average score by quarter as an SVG line, with the figures in a table beside it.
    static func trend(_ dashboard: FunderService.Dashboard) -> Markup {
        let points = dashboard.trend
        guard points.count >= 2 else { return .empty }
        let width = 640.0
        let height = 180.0
        let step = (width - 80) / Double(points.count - 1)
        func x(_ index: Int) -> Double { 50 + Double(index) * step }
        func y(_ score: Double) -> Double { 10 + height * (1 - max(0, min(100, score)) / 100) }
        let line = points.indices.map {
            "\(Int(x($0).rounded())),\(Int(y(points[$0].averageScore).rounded()))"
        }
        .joined(separator: " ")
        var parts: [Markup] = [
            .element("title", [("id", "trend-title")], text: "Average score by quarter"),
            .element(
                "desc", [("id", "trend-desc")],
                text: points.map {
                    "\($0.date): \(NumberFormat.oneDecimal($0.averageScore)) over \($0.organisations)"
                }.joined(separator: "; ")),
            .shape(
                "line",
                [
                    ("x1", "40"), ("y1", String(Int(10 + height))), ("x2", String(Int(width))),
                    ("y2", String(Int(10 + height))), ("stroke", "#4a4a4a"),
                ]),
            .shape(
                "polyline",
                [("points", line), ("fill", "none"), ("stroke", "#1d4f91"), ("stroke-width", "3")]),
        ]
        for (index, point) in points.enumerated() {
            parts.append(
                .shape(
                    "circle",
                    [
                        ("cx", String(Int(x(index).rounded()))),
                        ("cy", String(Int(y(point.averageScore).rounded()))), ("r", "4"),
                        ("fill", "#1d4f91"),
                    ]))
            parts.append(
                .element(
                    "text",
                    [
                        ("x", String(Int(x(index).rounded()))), ("y", String(Int(height + 28))),
                        ("text-anchor", "middle"), ("font-size", "11"), ("fill", "#1b1b1b"),
                    ], text: String(point.date.prefix(7))))
        }
        let judged = dashboard.ruleSet.ruleSet.judgesCompliance
        return .element(
            "section", [("aria-labelledby", "trend-heading")],
            [
                .element("h2", [("id", "trend-heading")], text: "The portfolio over time"),
                .element(
                    "svg",
                    [
                        ("xmlns", "http://www.w3.org/2000/svg"), ("role", "img"),
                        ("aria-labelledby", "trend-title trend-desc"),
                        ("viewBox", "0 0 \(Int(width)) \(Int(height + 40))"),
                        ("width", String(Int(width))),
                        ("class", "history-chart"),
                    ], parts),
                .element(
                    "div", [("class", "table-scroll")],
                    [
                        .element(
                            "table", [],
                            [
                                .element(
                                    "tr", [],
                                    (["Quarter ending", "Organisations", "Average score"]
                                        + (judged ? ["Comply"] : [])).map {
                                            .element("th", [("scope", "col")], text: $0)
                                        })
                            ]
                                + points.map { point in
                                    .element(
                                        "tr", [],
                                        [
                                            .element("td", text: point.date),
                                            .element(
                                                "td", [("class", "num")],
                                                text: String(point.organisations)),
                                            .element(
                                                "td", [("class", "num")],
                                                text: NumberFormat.oneDecimal(point.averageScore)),
                                            judged
                                                ? .element(
                                                    "td", [("class", "num")],
                                                    text: String(point.compliant)) : .empty,
                                        ])
                                })
                    ]),
            ])
    }

    /// Accepted assessments that cannot be assessed again under the rule set this server
    /// runs (made under an earlier version whose answers no longer fit): named, with their
    /// first problem, rather than left out without a word.
    static func unassessed(_ dashboard: FunderService.Dashboard) -> Markup {
        let failed = dashboard.entries.filter { !($0.row?.errors.isEmpty ?? true) }
        guard !failed.isEmpty else { return .empty }
        return .element(
            "section", [("aria-labelledby", "unassessed-heading")],
            [
                .element(
                    "h2", [("id", "unassessed-heading")],
                    text: "Assessments that could not be assessed again"),
                .element(
                    "p",
                    text:
                        "Their answers do not fit the rule set this server runs (they were accepted under another version): they are left out of the figures until the organisation's next accepted assessment."
                ),
                .element(
                    "ul", [],
                    failed.map { entry in
                        .element(
                            "li", [],
                            [
                                link(entry.organisation),
                                .text(": " + (entry.row?.errors.first ?? "")),
                            ])
                    }),
            ])
    }

    static func waiversInForce(_ dashboard: FunderService.Dashboard) -> Markup {
        guard !dashboard.waivers.isEmpty else { return .empty }
        let names = Dictionary(
            dashboard.entries.map { ($0.organisation.id, $0.organisation) },
            uniquingKeysWith: { first, _ in first })
        return .element(
            "section", [("aria-labelledby", "waivers-heading")],
            [
                .element("h2", [("id", "waivers-heading")], text: "Waivers in force"),
                .element(
                    "ul", [],
                    dashboard.waivers.map { waiver in
                        .element(
                            "li", [],
                            [
                                names[waiver.organisationID].map(link) ?? .empty,
                                .text(
                                    ": \(waiver.rule) waived until \(waiver.expires) — \(waiver.justification)"
                                ),
                            ])
                    }),
            ])
    }
}

/// A waiver in words, on the funder's page (with its renew and revoke forms) and the
/// organisation's.
enum FunderWaiverWords {
    static func state(_ waiver: StoredWaiver, today: String) -> String {
        switch waiver.status {
        case .requested: "requested until \(waiver.expires), awaiting the funder's decision"
        case .declined: "declined"
        case .revoked: "revoked (it held until \(waiver.expires))"
        case .granted:
            today < waiver.expires
                ? "in force until \(waiver.expires)" : "expired on \(waiver.expires)"
        }
    }

    static func item(
        _ waiver: StoredWaiver, today: String, names: [Int64: String], csrf: String?,
        decidable: Bool, funder: String? = nil
    ) -> Markup {
        var parts: [Markup] = [
            funder.map { .text("\($0): ") } ?? .empty,
            .element("strong", text: waiver.rule),
            .text(" — \(state(waiver, today: today)). \(waiver.justification)"),
            .text(
                waiver.approvedBy.map {
                    " Approved by \($0)" + (waiver.granted.map { " on \($0)." } ?? ".")
                }
                    ?? (waiver.requestedBy.flatMap { names[$0] }.map { " Asked by \($0)." } ?? "")),
        ]
        let ongoing =
            waiver.status == .requested || (waiver.status == .granted && today < waiver.expires)
        if decidable, ongoing {
            if waiver.status == .granted {
                parts.append(
                    .element(
                        "form",
                        [
                            ("method", "post"), ("action", "/funder/waivers/\(waiver.id)/renew"),
                            ("class", "inline"),
                        ],
                        [
                            Pages.csrfInput(csrf),
                            .element(
                                "label", [("for", "renew-\(waiver.id)")],
                                text: " Renew until (YYYY-MM-DD) "),
                            .void(
                                "input",
                                [
                                    ("id", "renew-\(waiver.id)"), ("name", "expires"),
                                    ("size", "10"),
                                ]),
                            .element("button", [("type", "submit")], text: "Renew"),
                        ]))
            }
            parts.append(
                .element(
                    "form",
                    [
                        ("method", "post"), ("action", "/funder/waivers/\(waiver.id)/end"),
                        ("class", "inline"),
                    ],
                    [
                        Pages.csrfInput(csrf),
                        .element(
                            "button", [("type", "submit"), ("class", "secondary")],
                            text: waiver.status == .granted ? "Revoke" : "Decline"),
                    ]))
        }
        return .element("li", [("id", "waiver-\(waiver.id)")], parts)
    }
}
