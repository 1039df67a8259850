import Foundation
import ReadinessCore

/// The pages' common frame: a skip link, the site's name, navigation, the signed-in account
/// with its sign-out button, and the page's own content in `main`. Works without JavaScript;
/// the stylesheet is the application's own (`/assets/app.css`), nothing from elsewhere.
package enum Pages {
    /// A whole page.
    package static func page(
        title: String, identity: Identity?, csrf: String?, _ content: [Markup],
        extraStylesheet: String? = nil
    ) -> String {
        var navigation: [Markup] = []
        if let identity {
            navigation = [
                .element("a", [("href", "/")], text: "Home"),
                Access.administers(identity)
                    ? .element("a", [("href", "/admin")], text: "Accounts") : .empty,
                .element(
                    "a", [("class", "who"), ("href", "/account")], text: identity.user.email),
                .element(
                    "form", [("method", "post"), ("action", "/sign-out"), ("class", "inline")],
                    [
                        csrfInput(csrf),
                        .element(
                            "button", [("type", "submit"), ("class", "link")], text: "Sign out"),
                    ]),
            ]
        }
        let document = Markup.element(
            "html", [("lang", "en")],
            [
                .element(
                    "head", [],
                    [
                        .void("meta", [("charset", "utf-8")]),
                        .void(
                            "meta",
                            [
                                ("name", "viewport"),
                                ("content", "width=device-width, initial-scale=1"),
                            ]),
                        .element("title", text: title + " · Readiness"),
                        // No icon to fetch: a request for /favicon.ico would be a 404 on
                        // every page.
                        .void("link", [("rel", "icon"), ("href", "data:,")]),
                        .void("link", [("rel", "stylesheet"), ("href", "/assets/app.css")]),
                        extraStylesheet.map {
                            .void("link", [("rel", "stylesheet"), ("href", $0)])
                        } ?? .empty,
                    ]),
                .element(
                    "body", [],
                    [
                        .element(
                            "a", [("class", "skip"), ("href", "#main")], text: "Skip to content"),
                        .element(
                            "header", [("class", "site")],
                            [
                                .element(
                                    "a", [("class", "brand"), ("href", "/")], text: "Readiness"),
                                .element("nav", [("aria-label", "Account")], navigation),
                            ]),
                        .element("main", [("id", "main"), ("tabindex", "-1")], content),
                    ]),
            ])
        return "<!DOCTYPE html>\n" + document.html + "\n"
    }

    /// The hidden input every form carries.
    package static func csrfInput(_ token: String?) -> Markup {
        .void("input", [("type", "hidden"), ("name", "csrf"), ("value", token ?? "")])
    }

    /// A list of problems at the top of a form, each linking to its field (on the page
    /// `page` gives for the field's path; this page when it gives ""), announced.
    package static func errorSummary(
        _ problems: [(path: String?, message: String)], page: (String) -> String = { _ in "" }
    ) -> Markup {
        guard !problems.isEmpty else { return .empty }
        return .element(
            "div",
            [
                ("class", "error-summary"), ("role", "alert"), ("tabindex", "-1"),
                ("id", "problems"),
            ],
            [
                .element(
                    "h2",
                    text: problems.count == 1
                        ? "There is a problem" : "There are \(problems.count) problems"),
                .element(
                    "ul", [],
                    problems.map { problem in
                        .element(
                            "li", [],
                            [
                                problem.path.map {
                                    .element(
                                        "a", [("href", "#" + SchemaForm.id($0))],
                                        text: problem.message)
                                } ?? .text(problem.message)
                            ])
                    }),
            ])
    }

    /// A labelled input with its hint and its error, tied to it for screen readers
    /// (`aria-describedby`, `aria-invalid`); `input` gives the input's other attributes.
    package static func field(
        id: String, label: String, hint: String? = nil, error: String? = nil,
        input: [(String, String?)]
    ) -> Markup {
        let described = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }]
            .compactMap { $0 }
        return .element(
            "div", [("class", "field")],
            [
                .element("label", [("for", id)], text: label),
                hint.map { .element("p", [("class", "hint"), ("id", id + "-hint")], text: $0) }
                    ?? .empty,
                error.map { .element("p", [("class", "error"), ("id", id + "-error")], text: $0) }
                    ?? .empty,
                .void(
                    "input",
                    [("id", id)] + input + [
                        (
                            "aria-describedby",
                            described.isEmpty ? nil : described.joined(separator: " ")
                        ),
                        ("aria-invalid", error == nil ? nil : "true"),
                    ]),
            ])
    }

    /// A message after an action (saved, submitted), announced politely.
    package static func notice(_ text: String?) -> Markup {
        guard let text else { return .empty }
        return .element("p", [("class", "notice"), ("role", "status")], text: text)
    }

    /// The page's stylesheet: readable on a phone, contrast at WCAG AA, focus always visible.
    package static let stylesheet = """
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #b1b4b6; --accent: #1d4f91;
          --error: #b3261e; --ok: #0b6b3a; --paper: #ffffff; --wash: #f3f4f6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1.05rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
          color: var(--ink); background: var(--paper); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus, main:focus {
          outline: 3px solid #fd0; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fd0; color: #000; padding: .5rem; }
        header.site { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center;
          justify-content: space-between; padding: .75rem 1rem; background: var(--accent); }
        header.site a, header.site .who, header.site button.link { color: #fff; }
        .brand { font-weight: 700; text-decoration: none; font-size: 1.2rem; }
        nav { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
        main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.8rem; line-height: 1.2; }
        .hint { color: var(--muted); margin: .1rem 0 .4rem; font-size: .95rem; }
        .field, fieldset { margin: 0 0 1.25rem; }
        fieldset { border: 1px solid var(--line); padding: .75rem 1rem; min-width: 0; }
        fieldset.radios, fieldset.choices { border: none; padding: 0; }
        legend { font-weight: 600; padding: 0 .25rem; }
        label { display: block; font-weight: 600; }
        .choice label { display: inline; font-weight: 400; margin-left: .35rem; }
        .choice { margin: .25rem 0; }
        .level-detail { color: var(--muted); margin: 0 0 .35rem 1.6rem; font-size: .95rem; }
        input[type=text], input[type=date], input[type=email], input[type=password], input.number,
        input[type=url],
        select, textarea { font: inherit; padding: .4rem .5rem; border: 2px solid var(--ink);
          width: 100%; max-width: 30rem; background: #fff; color: var(--ink); }
        input.number { max-width: 10rem; }
        input[type=checkbox], input[type=radio] { width: 1.2rem; height: 1.2rem; vertical-align: middle; }
        button { font: inherit; padding: .5rem 1rem; border: 2px solid var(--accent);
          background: var(--accent); color: #fff; cursor: pointer; margin: .25rem .5rem .25rem 0; }
        button.secondary { background: #fff; color: var(--accent); }
        button.link { background: none; border: none; padding: 0; text-decoration: underline; margin: 0; }
        form.inline { display: inline; }
        .error { color: var(--error); font-weight: 600; margin: .2rem 0; }
        [aria-invalid=true] { border-color: var(--error) !important; }
        .error-summary { border: 3px solid var(--error); padding: .5rem 1rem; margin-bottom: 1.5rem; }
        .error-summary h2 { margin-top: .25rem; font-size: 1.2rem; }
        .notice { border-left: 6px solid var(--ok); padding: .5rem 1rem; background: var(--wash); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
        .table-scroll { overflow-x: auto; }
        ol.sections li { margin: .3rem 0; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0 0 .6rem; }
        .status { color: var(--muted); font-size: .95rem; }
        .history-chart { max-width: 100%; height: auto; margin: .5rem 0 1rem; }
        .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
          clip: rect(0 0 0 0); white-space: nowrap; }
        .statement { border-left: 4px solid var(--line); padding: .25rem 0 .25rem 1rem;
          margin: 0 0 1.25rem; }
        .statement h3 { font-size: 1.05rem; margin: .25rem 0; }
        .statement.disagrees { border-left: 6px solid var(--error); }
        .flag { color: var(--error); font-weight: 600; margin: .2rem 0; }
        .returned, .sign-off { border-left: 6px solid var(--accent); padding: .5rem 1rem;
          background: var(--wash); }
        .evidence-panel { border-top: 1px solid var(--line); margin-top: 2rem; }
        .thread { margin: 0 0 1rem; }
        .thread h3, .evidence-forms h3 { font-size: 1.05rem; margin: .75rem 0 .25rem; }
        .evidence-list li, .comments li { margin: .25rem 0; overflow-wrap: anywhere; }
        .missing { color: var(--error); font-weight: 600; }
        .row-fields { display: flex; flex-wrap: wrap; gap: 0 1rem; }
        .row-fields .field { flex: 1 1 12rem; }
        .coming-due { border-left: 6px solid var(--accent); padding: .25rem 1rem; background: var(--wash); }
        .coming-due.overdue { border-left-color: var(--error); }
        table.audit td { vertical-align: top; overflow-wrap: break-word; }
        main:has(table.heatmap) { max-width: 100rem; }
        table.heatmap { font-size: .85rem; }
        table.heatmap td, table.heatmap th { padding: .3rem .25rem; }
        table.heatmap td.num, table.heatmap th.num { text-align: center; white-space: nowrap; }
        table.heatmap td.date { white-space: nowrap; }
        table.heatmap td.rules { font-size: .8rem; min-width: 6rem; }
        table.heatmap td.org { min-width: 10rem; }
        table.heatmap td.no { color: var(--error); font-weight: 600; }
        table.heatmap td.yes { color: var(--ok); font-weight: 600; }
        table.heatmap tr.average td, table.heatmap tr.average th { border-top: 2px solid var(--ink); }
        .s0 { background: #f3d6d8; } .s1 { background: #f7e3cc; } .s2 { background: #f4efc9; }
        .s3 { background: #dcebd5; } .s4 { background: #c7e3cf; } td.na { color: var(--muted); }
        th.sorter { cursor: pointer; text-decoration: underline dotted; }
        input.filter { font: inherit; width: 100%; max-width: 24rem; padding: .4rem .5rem;
          border: 2px solid var(--ink); margin: 0 0 .6rem; }
        ol.legend { columns: 2 16rem; font-size: .95rem; }
        ul.waivers li { margin: .5rem 0; }
        ul.waivers input { width: 8rem; font: inherit; padding: .25rem .4rem; border: 2px solid var(--ink); }
        ul.waivers label { display: inline; }
        .funders li.overdue { color: var(--error); }
        @media print { header.site, nav, form, .skip { display: none; } }
        """
}
