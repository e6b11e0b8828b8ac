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

    public func render(_ page: MarkdownPage, config: DossierConfig) -> String {
        let root = page.root
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
            "markdownHref": root + "markdown/" + page.path + ".md",
        ]
        return templates.render(kind: page.kind.rawValue, context: context)
    }
}
