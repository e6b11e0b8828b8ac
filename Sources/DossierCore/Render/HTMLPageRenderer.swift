import CDossierSupport
import Foundation

/// A Markdown page → a complete HTML page: cmark-gfm for the content, the
/// page kind's template for the layout.
public struct HTMLPageRenderer: Sendable {
    let templates: TemplateSet
    let markdown = MarkdownRenderer()
    /// Nil: every page's layout is rendered in full (tests compare the two).
    let layouts: LayoutCache?

    public init(templates: TemplateSet) {
        self.init(templates: templates, cachingLayouts: true)
    }

    init(templates: TemplateSet, cachingLayouts: Bool) {
        self.templates = templates
        self.layouts = cachingLayouts && templates.layoutsTakeMarks ? LayoutCache() : nil
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
        return String(decoding: render(page, config: config, root: root).html, as: UTF8.self)
    }

    /// A digest of everything besides the dossier that goes into every page's Markdown: the program
    /// and the settings the page builders read. The templates are not in it: they make only the layout.
    func pageSettings(config: DossierConfig) -> String {
        ContentHash.of([BuildCache.programFingerprint, config.title, config.language, config.question ?? "\u{1}"].joined(separator: "\u{0}"))
    }

    /// A digest of everything besides the page that goes into its HTML layout: the page settings and the templates.
    func layoutFingerprint(config: DossierConfig) -> String {
        ContentHash.of([pageSettings(config: config), templates.fingerprint].joined(separator: "\u{0}"))
    }

    /// A page's HTML, with where its content (the Markdown rendered, pictures inlined) stands in it,
    /// in bytes, when the templates place the content as it is: the layout can then be applied again
    /// to the content alone, taken from this file, without the Markdown (`SiteRendering`).
    struct HTMLPage {
        var html: Data
        var content: Range<Int>?
    }

    /// What the layout shows of a page besides its content.
    struct LayoutFields {
        var path: String
        var kind: MarkdownPage.Kind
        var title: String
        var description: String?

        init(path: String, kind: MarkdownPage.Kind, title: String, description: String?) {
            (self.path, self.kind, self.title, self.description) = (path, kind, title, description)
        }

        init(_ page: MarkdownPage) {
            self.init(path: page.path, kind: page.kind, title: page.title, description: page.description)
        }
    }

    func render(_ page: MarkdownPage, config: DossierConfig) -> HTMLPage {
        render(page, config: config, root: page.root)
    }

    func render(_ page: MarkdownPage, config: DossierConfig, root: String) -> HTMLPage {
        let fields = LayoutFields(page)
        guard let frame = frame(fields, config: config, root: root) else {
            return HTMLPage(html: Data(templates.render(kind: page.kind.rawValue, context: context(fields, content: content(of: page), config: config, root: root)).utf8),
                            content: nil)
        }
        let place = { (bytes: UnsafeBufferPointer<UInt8>) in
            frame.page(contentLength: bytes.count) { place in
                place.copyMemory(from: UnsafeRawBufferPointer(bytes))
                return true
            }!
        }
        // Most pages have no pictures: cmark's bytes go into the page as they are, never made a String.
        guard page.pictures.isEmpty else {
            var body = content(of: page)
            return body.withUTF8(place)
        }
        return markdown.withHTML(from: page.markdown, place)
    }

    /// The part of the page its Markdown makes.
    func content(of page: MarkdownPage) -> String {
        inlinePictures(markdown.html(from: page.markdown), page: page)
    }

    /// A page's HTML around a place for its content: the templates' output with a mark where the
    /// content goes, cut at the marks. The same bytes as rendering with the content, which only a
    /// plain `{{{content}}}` places (see `TemplateSet.placesContentVerbatim`), and the content's
    /// place is known. Nil when the templates do not place the content as it is.
    func frame(_ fields: LayoutFields, config: DossierConfig) -> Frame? {
        frame(fields, config: config, root: MarkdownPage.root(of: fields.path))
    }

    private func frame(_ fields: LayoutFields, config: DossierConfig, root: String) -> Frame? {
        guard templates.placesContentVerbatim else { return nil }
        if let layouts, let frame = cachedFrame(fields, config: config, root: root, layouts: layouts) { return frame }
        var rendered = templates.render(kind: fields.kind.rawValue, context: context(fields, content: Self.contentMark, config: config, root: root))
        var mark = Self.contentMark
        return rendered.withUTF8 { bytes in
            mark.withUTF8 { mark in
                var pieces: [Data] = []
                var start = 0
                while true {
                    let found = dossier_find_bytes(bytes.baseAddress! + start, bytes.count - start, mark.baseAddress!, mark.count)
                    guard found >= 0 else { break }
                    pieces.append(Data(bytes[start..<(start + found)]))
                    start += found + mark.count
                }
                pieces.append(Data(bytes[start...]))
                return Frame(pieces: pieces)
            }
        }
    }

    /// The frame from the layout of the page's kind and depth (`LayoutCache`) with the page's values
    /// in it; nil where that layout or these values cannot be used.
    private func cachedFrame(_ fields: LayoutFields, config: DossierConfig, root: String, layouts: LayoutCache) -> Frame? {
        let description = fields.description.flatMap { $0.isEmpty ? nil : $0 }
        var values: [LayoutCache.Field: String] = [.title: fields.title, .path: fields.path]
        values[.description] = description
        guard LayoutCache.takes(values) else { return nil }
        let key = LayoutCache.Key(kind: fields.kind, root: root, hasDescription: description != nil,
                                  siteTitle: config.title, language: config.language, question: config.question)
        let layout = layouts.layout(key) {
            let marked = LayoutFields(path: LayoutCache.mark(.path), kind: fields.kind, title: LayoutCache.mark(.title),
                                      description: description == nil ? nil : LayoutCache.mark(.description))
            return templates.render(kind: fields.kind.rawValue, context: context(marked, content: Self.contentMark, config: config, root: root))
        }
        guard let layout else { return nil }
        var pieces: [Data] = []
        var piece = Data()
        for part in layout {
            switch part {
            case .text(let text): piece.append(contentsOf: text)
            case .value(let field, let escaped):
                let value = values[field]!
                piece.append(contentsOf: (escaped ? MarkupEscaping.escape(value) : value).utf8)
            case .content:
                pieces.append(piece)
                piece = Data()
            }
        }
        pieces.append(piece)
        return Frame(pieces: pieces)
    }

    /// The pieces of a page's HTML between the places of its content.
    struct Frame {
        var pieces: [Data]

        /// The page with the content in each place: `fill` writes it into the first place (false:
        /// it could not, and there is no page); the others are copies.
        func page(contentLength: Int, fill: (UnsafeMutableRawBufferPointer) -> Bool) -> HTMLPage? {
            let places = pieces.count - 1
            var html = Data(count: pieces.reduce(0) { $0 + $1.count } + places * contentLength)
            let filled = html.withUnsafeMutableBytes { page -> Bool in
                var at = 0
                for (index, piece) in pieces.enumerated() {
                    if index == 1 {
                        guard fill(UnsafeMutableRawBufferPointer(rebasing: page[at..<(at + contentLength)])) else { return false }
                        at += contentLength
                    } else if index > 1 {
                        let first = pieces[0].count
                        page.baseAddress!.advanced(by: at).copyMemory(from: page.baseAddress!.advanced(by: first), byteCount: contentLength)
                        at += contentLength
                    }
                    piece.copyBytes(to: page.baseAddress!.advanced(by: at).assumingMemoryBound(to: UInt8.self), count: piece.count)
                    at += piece.count
                }
                return true
            }
            return filled ? HTMLPage(html: html, content: places > 0 ? pieces[0].count..<(pieces[0].count + contentLength) : nil) : nil
        }
    }

    /// Stands in for the content while the templates render, when they place it as it is; each
    /// occurrence is then replaced by the content. A random number drawn once per run: no text of
    /// the corpus can hold it.
    static let contentMark = "\u{1}dossier-content-\(UInt64.random(in: 1...UInt64.max))\u{1}"

    private func context(_ fields: LayoutFields, content: String, config: DossierConfig, root: String) -> [String: Any] {
        var site: [String: Any] = ["title": config.title, "language": config.language]
        if let question = config.question { site["question"] = question }
        var pageInfo: [String: Any] = ["title": fields.title, "kind": fields.kind.rawValue, "path": fields.path]
        if let description = fields.description, !description.isEmpty { pageInfo["description"] = description }
        let nav: [[String: Any]] = Self.navigation.map { item in
            ["label": item.label, "href": root + item.path + ".html", "current": item.kinds.contains(fields.kind)]
        }
        var context: [String: Any] = [
            "site": site,
            "page": pageInfo,
            "root": root,
            "nav": nav,
            "content": content,
            "feedHref": root + "atom.xml",
        ]
        // The not-found page has no Markdown twin: it stands for every missing address.
        if fields.kind != .notfound { context["markdownHref"] = root + "markdown/" + fields.path + ".md" }
        return context
    }
}
