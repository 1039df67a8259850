import Foundation
import HTTPTypes
import Hummingbird
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// The pages: sign-in, the organisation's self-assessment section by section, submission,
/// the report and the history. Every page works without JavaScript; every form carries its
/// CSRF token; every organisation's page asks ``Access`` and answers 404 to whoever may not
/// see it.
package struct WebRoutes: Sendable {
    let service: AssessmentService
    let accounts: AccountService
    /// Whether cookies are marked `Secure` (the public address is https).
    let secureCookies: Bool

    /// The cookie that carries an anonymous visitor's CSRF token (the sign-in form's).
    static let csrfCookie = "readiness_csrf"
    /// The most a form's body may hold.
    static let formLimit = 512 * 1024

    package func register(on router: Router<AppContext>) {
        router.get("/assets/app.css") { _, _ in
            Responses.file(Pages.stylesheet, type: "text/css; charset=utf-8", cache: "max-age=3600")
        }
        // The batch page's sorting and filter, for the funder's dashboard: a file of this site's
        // own, as the policy allows no inline script.
        router.get("/assets/sortable.js") { _, _ in
            Responses.file(
                BatchRenderer.script, type: "text/javascript; charset=utf-8",
                cache: "max-age=3600")
        }
        router.get("/assets/report.css") { _, _ in
            Responses.file(
                HTMLRenderer.scopedCSS, type: "text/css; charset=utf-8", cache: "max-age=3600")
        }
        router.get("/health") { _, _ in Responses.file("ok\n", type: "text/plain") }
        router.get("/sign-in") { request, context in try await signInPage(request, context) }
        router.post("/sign-in") { request, context in try await signIn(request, context) }
        router.post("/sign-out") { request, context in try await signOut(request, context) }
        router.get("/") { request, context in try await home(request, context) }
        registerFunderRoutes(on: router)
        router.get("/organisations/:organisation") { request, context in
            try await organisationPage(request, context, notice: noticeText(request))
        }
        router.get("/organisations/:organisation/sections/:section") { request, context in
            try await sectionPage(request, context)
        }
        router.post("/organisations/:organisation/sections/:section") { request, context in
            try await saveSection(request, context)
        }
        router.post("/organisations/:organisation/submit") { request, context in
            try await submit(request, context)
        }
        router.post("/organisations/:organisation/import") { request, context in
            try await importDraft(request, context)
        }
        router.get("/organisations/:organisation/draft.yaml") { request, context in
            let organisation = try await visibleOrganisation(request, context)
            let (_, answers) = try await service.draft(for: organisation)
            return Responses.file(
                ProfileText.yaml(answers, schema: service.schema), type: "application/yaml",
                downloadName: "draft.yaml")
        }
        router.get("/organisations/:organisation/diff") { request, context in
            try await diffPage(request, context)
        }
        router.get("/assessments/:assessment") { request, context in
            try await reportPage(request, context)
        }
        router.get("/assessments/:assessment/profile.yaml") { request, context in
            let stored = try await visibleAssessment(request, context)
            return Responses.file(
                stored.profileText, type: "application/yaml",
                downloadName: "assessment-\(stored.id).yaml")
        }
        router.get("/assessments/:assessment/plan.csv") { request, context in
            let stored = try await visibleAssessment(request, context)
            let report = try Self.report(stored)
            return Responses.file(
                CSVRenderer().render(report), type: "text/csv; charset=utf-8",
                downloadName: "plan-\(stored.id).csv")
        }
    }

    // MARK: Signing in and out

    private func signInPage(
        _ request: Request, _ context: AppContext, problem: String? = nil,
        email: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        if context.identity != nil, problem == nil { return Responses.redirect("/") }
        let token = request.cookies[Self.csrfCookie]?.value ?? Secrets.newToken()
        var response = Responses.html(
            Pages.page(
                title: "Sign in", identity: nil, csrf: token,
                [
                    .element("h1", text: "Sign in"),
                    Pages.errorSummary(problem.map { [(nil, $0)] } ?? []),
                    .element(
                        "form", [("method", "post"), ("action", "/sign-in")],
                        [
                            Pages.csrfInput(token),
                            .element(
                                "div", [("class", "field")],
                                [
                                    .element("label", [("for", "email")], text: "Email address"),
                                    .void(
                                        "input",
                                        [
                                            ("type", "email"), ("id", "email"), ("name", "email"),
                                            ("autocomplete", "email"), ("required", ""),
                                            ("value", email), ("maxlength", "254"),
                                        ]),
                                ]),
                            .element(
                                "div", [("class", "field")],
                                [
                                    .element("label", [("for", "password")], text: "Password"),
                                    .void(
                                        "input",
                                        [
                                            ("type", "password"), ("id", "password"),
                                            ("name", "password"),
                                            ("autocomplete", "current-password"),
                                            ("required", ""), ("maxlength", "200"),
                                        ]),
                                ]),
                            .element("button", [("type", "submit")], text: "Sign in"),
                        ]),
                ]), status: status)
        response.setCookie(
            Cookie(
                name: Self.csrfCookie, value: token, path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    private func signIn(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireCookie(form, request)
        let email = form["email"] ?? ""
        do {
            let signedIn = try await accounts.signIn(
                email: email, password: form["password"] ?? "", address: context.addressText)
            return Responses.redirect(
                "/",
                cookies: [
                    Cookie(
                        name: IdentityMiddleware.sessionCookie, value: signedIn.cookie,
                        maxAge: Int(accounts.sessionLength), path: "/", secure: secureCookies,
                        httpOnly: true, sameSite: .lax)
                ])
        } catch AccountService.SignInFailure.wrongCredentials {
            return try await signInPage(
                request, context, problem: "The email address or the password is not right.",
                email: email, status: .unauthorized)
        } catch AccountService.SignInFailure.tooManyAttempts(let wait) {
            var response = try await signInPage(
                request, context,
                problem:
                    "Too many attempts: try again in \(Int(wait / 60) + 1) minutes.",
                email: email, status: .tooManyRequests)
            response.headers[.retryAfter] = String(Int(wait) + 1)
            return response
        }
    }

    private func signOut(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireSession(form, context)
        if let session = context.session { try await accounts.signOut(session) }
        return Responses.redirect(
            "/sign-in",
            cookies: [
                Cookie(
                    name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                    secure: secureCookies, httpOnly: true, sameSite: .lax)
            ])
    }

    // MARK: Home and organisations

    private func home(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let identity = context.identity else { return Responses.redirect("/sign-in") }
        if identity.user.role.belongsToOrganisation, let own = identity.user.organisationID {
            return Responses.redirect("/organisations/\(own)")
        }
        if Access.funder(of: identity) != nil { return Responses.redirect("/funder") }
        let organisations = try await service.storage.organisations().filter {
            Access.allows(identity, organisation: $0.id)
        }
        return Responses.html(
            Pages.page(
                title: "Organisations", identity: identity, csrf: context.session?.csrfToken,
                [
                    .element("h1", text: "Organisations"),
                    organisations.isEmpty
                        ? .element(
                            "p", [],
                            [
                                .text("No organisations yet. "),
                                .element("a", [("href", "/admin")], text: "Invite a member"),
                                .text(", or add one with "),
                                .element(
                                    "code", text: "readiness admin add-user --organisation NAME"),
                                .text("."),
                            ])
                        : .element(
                            "ul", [],
                            organisations.map { organisation in
                                .element(
                                    "li", [],
                                    [
                                        .element(
                                            "a", [("href", "/organisations/\(organisation.id)")],
                                            text: organisation.name)
                                    ])
                            }),
                ]))
    }

    private func visibleOrganisation(_ request: Request, _ context: AppContext) async throws
        -> Organisation
    {
        try await Visible.organisation(context, storage: service.storage)
    }

    private func visibleAssessment(_ request: Request, _ context: AppContext) async throws
        -> StoredAssessment
    {
        try await Visible.assessment(context, storage: service.storage)
    }

    private func noticeText(_ request: Request) -> String? {
        switch request.uri.queryParameters["done"].map(String.init) {
        case "saved": "Saved."
        case "imported": "The profile was imported into the draft."
        case "settled": "The round was settled: the agreed ratings are in the draft."
        case "returned": "The assessment was returned: it is the draft again, with your reason."
        case "accepted": "The assessment was accepted: it is final."
        case "joined": "You joined the funder's portfolio: it sees your accepted assessments."
        case "waiver-requested": "Your request is with the funder."
        default: nil
        }
    }

    func organisationPage(
        _ request: Request, _ context: AppContext, notice: String? = nil,
        problems: [Diagnostic] = [], status: HTTPResponse.Status = .ok, importOpen: Bool = false,
        funderProblems: [(field: String?, message: String)] = []
    ) async throws -> Response {
        let organisation = try await visibleOrganisation(request, context)
        let (revision, answers) = try await service.draft(for: organisation)
        let draftProblems = service.problems(in: answers)
        let assessments = try await service.storage.assessments(organisationIDs: [organisation.id])
        let csrf = context.session?.csrfToken
        let base = "/organisations/\(organisation.id)"
        let sections =
            [("assessment", "About this assessment")]
            + service.schema.fields.map { ($0.name, SchemaForm.label($0.name, $0.spec)) }
        let sectionItems: [Markup] = sections.map { name, title in
            let answered = answers[name] != nil
            let issues = draftProblems.filter { Self.section(of: $0) == name }.count
            let status =
                issues > 0
                ? "\(issues) to fix" : (answered ? "answered" : "not started")
            return .element(
                "li", [],
                [
                    .element("a", [("href", "\(base)/sections/\(name)")], text: title),
                    .text(" "),
                    .element("span", [("class", "status")], text: "(\(status))"),
                ])
        }
        // A column of verdicts only where the rule set gives them.
        let judged = assessments.contains { $0.compliant != nil }
        let history: Markup =
            assessments.isEmpty
            ? .element("p", text: "No assessment submitted yet.")
            : .element(
                "div", [("class", "table-scroll")],
                [
                    .element(
                        "table", [],
                        [
                            .element(
                                "caption", [("class", "visually-hidden")],
                                text: "Submitted assessments, newest first"),
                            .element(
                                "thead", [],
                                [
                                    .element(
                                        "tr", [],
                                        (["Assessed as of", "Score", "Band"]
                                            + (judged ? ["Compliant"] : []) + [
                                                "Submitted", "Sign-off",
                                            ])
                                            .map { .element("th", [("scope", "col")], text: $0) })
                                ]),
                            .element(
                                "tbody", [],
                                assessments.map { stored in
                                    .element(
                                        "tr", [],
                                        [
                                            .element(
                                                "td", [],
                                                [
                                                    .element(
                                                        "a",
                                                        [("href", "/assessments/\(stored.id)")],
                                                        text: stored.asOf)
                                                ]),
                                            .element(
                                                "td", text: NumberFormat.oneDecimal(stored.score)),
                                            .element("td", text: stored.band),
                                            judged
                                                ? .element(
                                                    "td",
                                                    text: stored.compliant.map { $0 ? "Yes" : "No" }
                                                        ?? "—") : .empty,
                                            .element(
                                                "td",
                                                text: ISO8601DateFormatter.string(
                                                    from: stored.submittedAt, timeZone: .gmt,
                                                    formatOptions: [.withFullDate])),
                                            .element("td", text: stored.status.words),
                                        ])
                                }),
                        ])
                ])
        let collaboration = try await collaborationParts(organisation, context: context)
        let content: [Markup] = [
            .element("h1", text: organisation.name),
            Pages.notice(notice),
            try await comingDue(assessments),
            collaboration.returned,
            Pages.errorSummary(
                funderProblems.map { ($0.field.map { "waiver-" + $0 }, $0.message) }),
            try await funderPart(
                organisation, assessments: assessments, context: context,
                problems: funderProblems),
            Pages.errorSummary(
                problems.map { [formSchema = Self.formSchema(service.schema)] problem in
                    (
                        Self.section(of: problem).map { _ in problem.field ?? "" },
                        FormMessages.inSummary(problem, schema: formSchema)
                    )
                },
                page: { path in
                    "\(base)/sections/" + String(path.prefix { $0 != "." && $0 != "[" })
                }),
            .element("h2", text: "Self-assessment"),
            .element(
                "p",
                text:
                    "Answer each section; each is saved on its own, so you can stop and come back. Submit when every section is answered."
                    + (service.schema.raters == nil
                        ? ""
                        : " Or let each member rate the statements on their own in a round (below), and settle the agreed ratings together.")
            ),
            .element("ol", [("class", "sections")], sectionItems),
            .element(
                "form", [("method", "post"), ("action", "\(base)/submit")],
                [
                    Pages.csrfInput(csrf),
                    .void(
                        "input",
                        [("type", "hidden"), ("name", "revision"), ("value", String(revision))]),
                    .element(
                        "p", [("class", "status")],
                        text: draftProblems.isEmpty
                            ? "Every section is complete."
                            : draftProblems.count == 1
                                ? "1 answer still to give or fix before submitting."
                                : "\(draftProblems.count) answers still to give or fix before submitting."
                    ),
                    .element("button", [("type", "submit")], text: "Submit the assessment"),
                ]),
            .element(
                "p", [],
                [
                    .element(
                        "a", [("href", "\(base)/draft.yaml")], text: "Download the draft as YAML"),
                    .text(" · "),
                    .element("a", [("href", "\(base)/audit")], text: "Every change to the draft"),
                ]),
            .element(
                // Open again after a refused import, so the form is where the message says.
                "details", importOpen ? [("open", "")] : [],
                [
                    .element("summary", text: "Import a profile written in YAML"),
                    .element(
                        "p", [],
                        [
                            .text("A profile downloaded from here, or written for "),
                            .element("code", text: "readiness assess"),
                            .text(", replaces the draft."),
                        ]),
                    .element(
                        "form",
                        [
                            ("method", "post"), ("action", "\(base)/import"),
                            ("enctype", "multipart/form-data"),
                        ],
                        [
                            Pages.csrfInput(csrf),
                            .void(
                                "input",
                                [
                                    ("type", "hidden"), ("name", "revision"),
                                    ("value", String(revision)),
                                ]),
                            .element("label", [("for", "file")], text: "Profile file"),
                            .element(
                                "p", [("class", "hint"), ("id", "file-hint")],
                                text:
                                    "A YAML file (.yaml or .yml) of at most \(ProfileUpload.megabytes(importLimit)) MB."
                            ),
                            .void(
                                "input",
                                [
                                    ("type", "file"), ("id", "file"), ("name", "file"),
                                    ("accept", ".yaml,.yml,application/yaml,text/yaml"),
                                    ("aria-describedby", "file-hint"),
                                ]),
                            .element("label", [("for", "profile")], text: "Or paste its text"),
                            .element(
                                "p", [("class", "hint"), ("id", "profile-hint")],
                                text: "Used when no file is chosen."
                            ),
                            .element(
                                "textarea",
                                [
                                    ("id", "profile"), ("name", "profile"), ("rows", "10"),
                                    ("aria-describedby", "profile-hint"),
                                ], text: ""),
                            .element(
                                "button", [("type", "submit"), ("class", "secondary")],
                                text: "Import"),
                        ]),
                ]),
            collaboration.rounds,
            collaboration.evidence,
            .element("h2", text: "Submitted assessments"),
            HistoryChart.svg(assessments),
            history,
            diffForm(assessments, base: base),
        ]
        return Responses.html(
            Pages.page(title: organisation.name, identity: context.identity, csrf: csrf, content),
            status: status)
    }

    /// A form to compare two submitted assessments (shown when there are two or more).
    private func diffForm(_ assessments: [StoredAssessment], base: String) -> Markup {
        guard assessments.count >= 2 else { return .empty }
        func select(_ name: String, _ label: String, selected: Int64) -> Markup {
            .element(
                "div", [("class", "field")],
                [
                    .element("label", [("for", "diff-\(name)")], text: label),
                    .element(
                        "select", [("id", "diff-\(name)"), ("name", name)],
                        assessments.map { stored in
                            .element(
                                "option",
                                [
                                    ("value", String(stored.id)),
                                    ("selected", stored.id == selected ? "" : nil),
                                ],
                                text:
                                    "\(stored.asOf) (\(NumberFormat.oneDecimal(stored.score)), submitted #\(stored.id))"
                            )
                        }),
                ])
        }
        return .element(
            "form", [("method", "get"), ("action", "\(base)/diff")],
            [
                .element("h3", text: "Compare two assessments"),
                select("from", "Earlier", selected: assessments[1].id),
                select("to", "Later", selected: assessments[0].id),
                .element("button", [("type", "submit"), ("class", "secondary")], text: "Compare"),
            ])
    }

    private func diffPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await visibleOrganisation(request, context)
        guard let from = request.uri.queryParameters["from"].flatMap({ Int64(String($0)) }),
            let to = request.uri.queryParameters["to"].flatMap({ Int64(String($0)) }),
            let before = try await service.storage.assessment(id: from),
            let after = try await service.storage.assessment(id: to),
            before.organisationID == organisation.id, after.organisationID == organisation.id
        else { throw HTTPError(.notFound, message: "There are no such assessments to compare.") }
        let diff = AssessmentDiff(before: try Self.report(before), after: try Self.report(after))
        // The library's comparison page carries its stylesheet inline: allowed for styles on
        // this page only (still no script, nothing from elsewhere).
        var response = Responses.html(DiffRenderer.html(diff))
        response.headers[.contentSecurityPolicy] =
            SecurityHeadersMiddleware<AppContext>.policy + "; style-src 'self' 'unsafe-inline'"
        return response
    }

    /// The top-level section a diagnostic is about (`staff` for `staff.total`), if any.
    static func section(of diagnostic: Diagnostic) -> String? {
        guard let field = diagnostic.field, !field.isEmpty else { return nil }
        return String(field.prefix { $0 != "." && $0 != "[" })
    }

    // MARK: Sections

    private func sectionSpec(_ name: String) -> FieldSpec? {
        if name == "assessment" { return Self.assessmentSpec(service.schema) }
        return service.schema.fields.first { $0.name == name }?.spec
    }

    /// The schema with the `assessment` header as a section, as the form has it.
    static func formSchema(_ schema: ObjectSpec) -> ObjectSpec {
        ObjectSpec(fields: [("assessment", assessmentSpec(schema))] + schema.fields)
    }

    /// The `assessment` header as a record of its own, for the form, with the fields the rule
    /// set adds to it.
    static func assessmentSpec(_ schema: ObjectSpec) -> FieldSpec {
        var spec = baseAssessmentSpec
        if case .object(var object) = spec.type {
            object.fields += schema.headerFields
            spec.type = .object(object)
        }
        return spec
    }

    /// The header every profile has (the organisation is the one the form is for).
    private static let baseAssessmentSpec: FieldSpec = {
        let nowhere = SourceRange(start: SourceLocation(file: "", line: 1, column: 1))
        func field(_ type: FieldType, required: Bool, label: String, description: String?)
            -> FieldSpec
        {
            var spec = FieldSpec(
                type: type, description: description, required: required, range: nowhere)
            spec.label = label
            return spec
        }
        let object = ObjectSpec(fields: [
            (
                "as_of",
                field(
                    .date, required: true, label: "Assessed as of",
                    description: "The date the answers describe.")
            ),
            (
                "assessor",
                field(
                    .string, required: false, label: "Who assessed",
                    description: "Your role, or the team that answered.")
            ),
        ])
        return field(
            .object(object), required: true, label: "About this assessment", description: nil)
    }()

    private func sectionPage(
        _ request: Request, _ context: AppContext, answer posted: Answer?? = nil,
        revision postedRevision: Int? = nil, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organisation = try await visibleOrganisation(request, context)
        guard let name = context.parameters.get("section"), let spec = sectionSpec(name) else {
            throw HTTPError(.notFound, message: "There is no such section.")
        }
        let (revision, answers) = try await service.draft(for: organisation)
        let answer = posted ?? answers[name]
        // The decoder's problems with this section, once it has been answered.
        var errors: [String: [String]] = [:]
        var summary: [(path: String?, message: String)] = []
        if answers[name] != nil, posted == nil {
            let formSchema = Self.formSchema(service.schema)
            for diagnostic in service.problems(in: answers)
            where Self.section(of: diagnostic) == name {
                let path = diagnostic.field ?? name
                errors[path, default: []].append(
                    FormMessages.besideInput(diagnostic, schema: formSchema))
                summary.append(
                    (
                        path,
                        FormMessages.inSummary(diagnostic, schema: formSchema)
                    ))
            }
        }
        if let problem { summary.insert((nil, problem), at: 0) }
        let base = "/organisations/\(organisation.id)"
        let names = ["assessment"] + service.schema.fields.map(\.name)
        let next = names.firstIndex(of: name).flatMap { index in
            index + 1 < names.count ? names[index + 1] : nil
        }
        let form = SchemaForm(errors: errors)
        let title = SchemaForm.label(name, spec)
        let content: [Markup] = [
            .element(
                "p", [],
                [.element("a", [("href", base)], text: "← \(organisation.name): all sections")]),
            .element("h1", text: title),
            Pages.notice(noticeText(request)),
            Pages.errorSummary(summary),
            .element(
                "form",
                [("method", "post"), ("action", "\(base)/sections/\(name)"), ("novalidate", "")],
                [
                    Pages.csrfInput(context.session?.csrfToken),
                    .void(
                        "input",
                        [
                            ("type", "hidden"), ("name", "revision"),
                            ("value", String(postedRevision ?? revision)),
                        ]),
                    name == "assessment"
                        ? .group(
                            (Self.assessmentSpec(service.schema).objectFields).map { field in
                                form.render(
                                    name: field.name, spec: field.spec,
                                    path: "assessment.\(field.name)",
                                    answer: answer?.record?[field.name])
                            })
                        : form.render(name: name, spec: spec, path: name, answer: answer ?? nil),
                    .element(
                        "button", [("type", "submit"), ("name", "action"), ("value", "save")],
                        text: "Save"),
                    next.map {
                        .element(
                            "button",
                            [
                                ("type", "submit"), ("name", "action"), ("value", "next:\($0)"),
                                ("class", "secondary"),
                            ],
                            text: "Save and go to the next section")
                    } ?? .empty,
                ]),
            try await sectionEvidence(organisation, section: name, context: context),
        ]
        return Responses.html(
            Pages.page(
                title: title, identity: context.identity, csrf: context.session?.csrfToken,
                content), status: status)
    }

    private func saveSection(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await visibleOrganisation(request, context)
        guard let identity = context.identity, let name = context.parameters.get("section"),
            let spec = sectionSpec(name)
        else { throw HTTPError(.notFound, message: "There is no such section.") }
        let form = try FormData(await Responses.body(request, limit: Self.formLimit))
        try CSRF.requireSession(form, context)
        let action = form["action"] ?? "save"
        let revision = Int(form["revision"] ?? "") ?? -1
        var answer: Answer?
        if name == "assessment" {
            var record = AnswerRecord()
            for field in Self.assessmentSpec(service.schema).objectFields {
                record[field.name] = SchemaForm.answer(
                    field.spec, path: "assessment.\(field.name)", form: form)
            }
            answer = .record(record)
        } else {
            answer = SchemaForm.answer(spec, path: name, form: form, action: action)
        }
        do {
            _ = try await service.saveSection(
                name, answer: answer, organisation: organisation, revision: revision,
                by: identity.user)
        } catch StorageError.staleRevision {
            // Someone saved since this page was loaded: nothing is overwritten, and what was
            // typed is shown again to be saved over the newer draft.
            return try await sectionPage(
                request, context, answer: .some(answer), revision: nil,
                problem:
                    "Someone else saved this assessment after you opened this page, so your answers were not saved. They are shown below: check them against the others' and save again.",
                status: .conflict)
        }
        let base = "/organisations/\(organisation.id)"
        if action.hasPrefix("next:") {
            return Responses.redirect("\(base)/sections/\(action.dropFirst("next:".count))")
        }
        return Responses.redirect("\(base)/sections/\(name)?done=saved")
    }

    // MARK: Submitting, importing, the report

    private func submit(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await visibleOrganisation(request, context)
        guard let identity = context.identity else { throw SignInRequired() }
        let form = try FormData(await Responses.body(request, limit: 16 * 1024))
        try CSRF.requireSession(form, context)
        do {
            let stored = try await service.submitDraft(
                organisation: organisation, revision: Int(form["revision"] ?? "") ?? -1,
                by: identity.user)
            return Responses.redirect("/assessments/\(stored.id)")
        } catch let error as DiagnosticError {
            return try await organisationPage(
                request, context, problems: error.diagnostics, status: .unprocessableContent)
        } catch StorageError.staleRevision {
            return try await organisationPage(
                request, context,
                notice:
                    "The draft changed after you opened this page: check it and submit again.",
                status: .conflict)
        }
    }

    /// The most a profile file imported may hold.
    private var importLimit: Int {
        min(AssessmentService.profileByteLimit, service.ruleSet.limits.fileBytes)
    }

    /// A profile into the draft: a file chosen (a multipart form) or text pasted.
    private func importDraft(_ request: Request, _ context: AppContext) async throws -> Response {
        let organisation = try await visibleOrganisation(request, context)
        guard let identity = context.identity else { throw SignInRequired() }
        let upload: ProfileUpload
        do {
            upload = try await ProfileUpload(request, fileLimit: importLimit)
        } catch let refusal as ProfileUpload.Refusal {
            // A form that is not this site's is refused before anything is said about it.
            if let form = refusal.form { try CSRF.requireSession(form, context) }
            return try await organisationPage(
                request, context, problems: [refusal.diagnostic], status: refusal.status,
                importOpen: true)
        }
        try CSRF.requireSession(upload.form, context)
        do {
            _ = try await service.importDraft(
                upload.text, name: upload.name, organisation: organisation,
                revision: Int(upload.form["revision"] ?? "") ?? -1, by: identity.user)
        } catch let error as DiagnosticError {
            return try await organisationPage(
                request, context, problems: error.diagnostics, status: .unprocessableContent,
                importOpen: true)
        } catch StorageError.staleRevision {
            return try await organisationPage(
                request, context,
                notice: "The draft changed after you opened this page: import again.",
                status: .conflict, importOpen: true)
        }
        return Responses.redirect("/organisations/\(organisation.id)?done=imported")
    }

    static func report(_ stored: StoredAssessment) throws -> AssessmentReport {
        try AssessmentService.report(stored)
    }

    func reportPage(
        _ request: Request, _ context: AppContext, problem: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let stored = try await visibleAssessment(request, context)
        let report = try Self.report(stored)
        let fragment = HTMLRenderer.fragment(report)
        let base = "/assessments/\(stored.id)"
        let signOff = try await signOffPart(stored, context: context)
        return Responses.html(
            Pages.page(
                title: "Report: \(report.organisation)", identity: context.identity,
                csrf: context.session?.csrfToken,
                [
                    .element(
                        "p", [],
                        [
                            .element(
                                "a", [("href", "/organisations/\(stored.organisationID)")],
                                text: "← \(report.organisation)"),
                            .text(" · "),
                            .element("a", [("href", "\(base)/plan.csv")], text: "The plan as CSV"),
                            .text(" · "),
                            .element(
                                "a", [("href", "\(base)/profile.yaml")], text: "The profile as YAML"
                            ),
                            .text(" · "),
                            .element("a", [("href", "\(base)/audit")], text: "Every change"),
                            stored.status == .accepted
                                ? .group([
                                    .text(" · "),
                                    .element(
                                        "a", [("href", "\(base)/plan")], text: "Track the plan"),
                                ]) : .empty,
                        ]),
                    Pages.notice(noticeText(request)),
                    Pages.errorSummary(problem.map { [(nil, $0)] } ?? []),
                    signOff,
                    .trusted(fragment.html),
                    try await reportEvidence(stored, report: report, context: context),
                ], extraStylesheet: "/assets/report.css"), status: status)
    }
}

/// Thrown where a page needs someone signed in: answered with the sign-in page.
struct SignInRequired: Error {}

extension FieldSpec {
    /// The fields of a record's spec (none for any other).
    var objectFields: [(name: String, spec: FieldSpec)] {
        if case .object(let object) = type { return object.fields }
        return []
    }
}
