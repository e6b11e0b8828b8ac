import Foundation

/// A Markdown page → a complete HTML page: cmark-gfm for the content, the
/// page kind's template for the layout.
public struct HTMLPageRenderer: Sendable {
    let templates: TemplateSet
    let markdown = MarkdownRenderer()

    public init(templates: TemplateSet) {
        self.templates = templates
    }

    /// Main navigation, in order, as (label, page path).
    static let navigation: [(label: String, path: String, kinds: Set<MarkdownPage.Kind>)] = [
        ("Briefing", SitePaths.briefing, [.briefing, .source]),
        ("Actors", SitePaths.actorIndex, [.actors, .actor]),
        ("Compare", SitePaths.comparisons, [.compare]),
        ("Timeline", SitePaths.timeline, [.timeline]),
    ]

    /// `<p><img src="network.svg" alt="…" /></p>` → the page's own SVG, so that its links work.
    /// Only pictures the page builders drew are inlined; they escape every name they hold.
    func inlinePictures(_ html: String, page: MarkdownPage) -> String {
        var html = html
        for name in page.pictures.keys.sorted() {
            guard let start = html.range(of: "<p><img src=\"\(name)\""),
                  let end = html.range(of: "</p>", range: start.upperBound..<html.endIndex) else { continue }
            html.replaceSubrange(start.lowerBound..<end.upperBound, with: "<figure class=\"picture\">\n" + page.pictures[name]! + "</figure>")
        }
        return html
    }

    /// The page a host shows for a missing address, at any depth: its links start from
    /// `base_url`, or from the domain's root when none is configured.
    public func renderNotFound(config: DossierConfig) -> String {
        var root = config.baseURL.flatMap { URL(string: $0)?.path } ?? "/"
        if !root.hasSuffix("/") { root += "/" }
        let page = MarkdownPage(path: "404", kind: .notfound, title: "Page not found",
                                markdown: "# Page not found\n\nThere is no page at this address. Start again from the [briefing](\(root)index.md) "
                                    + "or the [actor index](\(root)actors/index.md).\n")
        return render(page, config: config, root: root)
    }

    /// A digest of everything besides the page that goes into its HTML.
    func fingerprint(config: DossierConfig) -> String {
        ContentHash.of([BuildCache.programFingerprint, templates.fingerprint, config.title, config.language, config.question ?? "\u{1}"].joined(separator: "\u{0}"))
    }

    public func render(_ page: MarkdownPage, config: DossierConfig) -> String {
        render(page, config: config, root: page.root)
    }

    func render(_ page: MarkdownPage, config: DossierConfig, root: String) -> String {
        var site: [String: Any] = ["title": config.title, "language": config.language]
        if let question = config.question { site["question"] = question }
        var pageInfo: [String: Any] = ["title": page.title, "kind": page.kind.rawValue, "path": page.path]
        if let description = page.description, !description.isEmpty { pageInfo["description"] = description }
        let nav: [[String: Any]] = Self.navigation.map { item in
            ["label": item.label, "href": root + item.path + ".html", "current": item.kinds.contains(page.kind)]
        }
        let context: [String: Any] = [
            "site": site,
            "page": pageInfo,
            "root": root,
            "nav": nav,
            "content": inlinePictures(markdown.html(from: page.markdown), page: page),
            "feedHref": root + "atom.xml",
        ]
        var fullContext = context
        // The not-found page has no Markdown twin: it stands for every missing address.
        if page.kind != .notfound { fullContext["markdownHref"] = root + "markdown/" + page.path + ".md" }
        return templates.render(kind: page.kind.rawValue, context: fullContext)
    }
}
