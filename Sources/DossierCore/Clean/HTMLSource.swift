import CLibXML2
import Foundation

/// An HTML page reduced to the text a reader sees, one block per line.
///
/// The page goes through libxml2's HTML parser (never regular expressions) and is
/// only read: scripts, styles, embedded objects and event handlers are dropped
/// unexecuted, links keep only their text.
struct HTMLSource: Sendable, Equatable {
    /// Text lines of the page's main content, blocks separated by a blank line ("\n\n"), ready for the text cleaner.
    /// Lines of one block (`<br>`, `<pre>`) are separated by a single "\n"; list items start with "• ".
    /// Reader comments found in the page follow the article under a line "Comments", one block per comment.
    var text: String
    /// What the page states about itself: "title", "published", "updated", "author", "outlet", "description",
    /// from `<title>`, `<meta>`, JSON-LD and the article's own `<time datetime>` and byline. Values trimmed; only keys that are present.
    var stated: [String: String]
    /// Visible text the parser dropped as page furniture (nav, header/footer menus, aside, form labels), one entry per block,
    /// so that nothing visible is silently lost.
    var furniture: [String]

    init(html: String) {
        let reading = HTMLReading.read(html)
        text = reading.text
        stated = reading.stated
        furniture = reading.furniture
    }
}

// MARK: - Parsing

private typealias Node = UnsafeMutablePointer<xmlNode>

/// The parse of one page: libxml2 document in, text blocks out. All tree walks are
/// iterative, so nesting depth never reaches the call stack.
private enum HTMLReading {
    /// libxml2 wants one global initialisation before documents are parsed from several threads.
    static let parserReady: Bool = {
        xmlInitParser()
        return true
    }()

    static let options: Int32 = {
        let flags = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue
        return Int32(bitPattern: flags)
    }()

    static func read(_ html: String) -> (text: String, stated: [String: String], furniture: [String]) {
        guard parserReady else { return ("", [:], []) }
        var bytes = Array(html.utf8)
        // A NUL byte ends the parse early in some libxml2 versions; the page never shows one.
        for index in bytes.indices where bytes[index] == 0 { bytes[index] = 0x20 }
        if bytes.count > Int(Int32.max) { bytes.removeLast(bytes.count - Int(Int32.max)) }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) else { return ("", [:], []) }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return ("", [:], []) }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return ("", [:], []) }
        var page = PageReader(root: root)
        return page.read()
    }
}

// MARK: - Tree access

private enum DOM {
    static func isElement(_ node: Node) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

    static func isText(_ node: Node) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }

    static func name(_ node: Node) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    static func content(_ node: Node) -> String {
        guard let content = node.pointee.content else { return "" }
        return String(cString: content)
    }

    static func contentLength(_ node: Node) -> Int {
        guard let content = node.pointee.content else { return 0 }
        return strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
    }

    /// Attribute names (lowercase) and decoded values.
    static func attributes(_ node: Node) -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        var count = 0
        while let current = attribute, count < 256 {
            count += 1
            if let rawName = current.pointee.name {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                result[String(cString: rawName).lowercased()] = value
            }
            attribute = current.pointee.next
        }
        return result
    }

    /// Visits `start` and its descendants in document order without recursion. `enter` says
    /// whether to go into a node's children; `leave` is called once for every entered node.
    static func traverse(_ start: Node, enter: (Node) -> Bool, leave: (Node) -> Void) {
        var next: Node? = start
        walk: while let node = next {
            if enter(node), let child = node.pointee.children {
                next = child
                continue
            }
            leave(node)
            var current = node
            while true {
                if current == start { break walk }
                if let sibling = current.pointee.next {
                    next = sibling
                    continue walk
                }
                guard let parent = current.pointee.parent, parent.pointee.type != XML_DOCUMENT_NODE,
                      parent.pointee.type != XML_HTML_DOCUMENT_NODE else { break walk }
                current = parent
                leave(current)
            }
        }
    }

    static func isInside(_ node: Node, _ ancestor: Node) -> Bool {
        var current: Node? = node
        while let here = current {
            if here == ancestor { return true }
            current = here.pointee.parent
        }
        return false
    }

    /// Element ancestors, nearest first, at most `limit` of them.
    static func ancestors(of node: Node, limit: Int = 1_000) -> [Node] {
        var result: [Node] = []
        var current = node.pointee.parent
        while let here = current, here.pointee.type == XML_ELEMENT_NODE, result.count < limit {
            result.append(here)
            current = here.pointee.parent
        }
        return result
    }
}

/// One element's name and the attributes that classify it.
private struct Element {
    var name: String
    var attributes: [String: String]
    /// `class` and `id` together, lowercase.
    var marks: String
    var role: String

    init(_ node: Node) {
        name = DOM.name(node)
        attributes = DOM.attributes(node)
        let marks = ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased()
        self.marks = marks == " " ? "" : marks
        role = (attributes["role"] ?? "").lowercased().trimmingWhitespace()
    }

    /// Class and id split into words on spaces, dashes and underscores.
    var markWords: [Substring] {
        marks.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" || $0 == "\n" })
    }

    /// Whether class or id contain `fragment` (lowercase ASCII).
    func has(_ fragment: String) -> Bool {
        Text.contains(marks, fragment)
    }

    /// Class or id of navigation, share bars, teasers, ads, banners.
    var looksLikeFurniture: Bool {
        guard !marks.isEmpty else { return false }
        if Vocabulary.furnitureFragments.contains(where: has) && !has("shareholder") || has("navigation") { return true }
        return markWords.contains { word in
            word == "nav" || word.hasPrefix("navbar") || word.hasPrefix("navig") || word.hasSuffix("nav")
                || Vocabulary.adWords.contains(String(word))
        }
    }

    var classTokens: [Substring] {
        (attributes["class"] ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    }
}

private enum Vocabulary {
    /// Never shown, never read as text.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "head",
        "title", "meta", "link", "base", "param", "source", "track", "audio", "video", "select", "textarea",
        "datalist", "map", "frameset", "frame", "applet",
    ]
    /// Elements that start and end a block of text.
    static let blocks: Set<String> = [
        "html", "body", "p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
        "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
        "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "caption", "form", "fieldset",
        "legend", "address", "hr", "details", "summary", "center", "dialog", "menu", "dir", "listing",
        "plaintext", "xmp", "noframes", "search", "option", "optgroup",
    ]
    /// Inline elements drawn as separate boxes: their text never runs into the next word.
    static let spacedInline: Set<String> = ["button", "label", "input", "img", "meter", "progress", "output"]
    static let furnitureTags: Set<String> = ["nav", "aside", "form", "menu", "dialog", "search"]
    static let furnitureRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar",
        "dialog", "alertdialog", "tablist",
    ]
    /// Class or id fragments of navigation, share bars, teasers, ads and banners.
    static let furnitureFragments = [
        "menu", "breadcrumb", "share", "sharing", "social", "related", "newsletter", "cookie",
        "consent", "sidebar", "side-bar", "advert", "sponsor", "promo", "subscribe", "signup", "sign-up",
        "paywall", "popup", "modal", "masthead", "site-header", "site-footer", "global-header", "global-footer",
        "skip-link", "skip-to", "toolbar", "recommend", "most-read", "mostread", "trending", "comment-form",
        "commentform", "comment-respond", "login", "screen-reader", "sr-only", "visually-hidden", "visuallyhidden",
    ]
    /// Whole class or id words of ad slots ("ad", "ad-slot", "ads-top").
    static let adWords: Set<String> = ["ad", "ads", "adv", "adslot", "adunit", "adsbygoogle", "dfp", "gpt", "advertisement", "adsense"]
    static let headingNames: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
}

// MARK: - Page reading

private struct PageReader {
    let root: Node

    // Survey of the whole tree.
    var metas: [(node: Node, key: String, value: String)] = []
    var titleText: String?
    var jsonLD: [String] = []
    /// Text length of each element's `p` children.
    var directParagraphText: [Node: Int] = [:]
    /// Text length of all `p` below each element.
    var paragraphText: [Node: Int] = [:]
    var articles: [Node] = []
    var mains: [Node] = []
    var h1s: [Node] = []
    var commentCandidates: [Node] = []
    var body: Node?

    // Decisions.
    var main: Node
    var mainIsBody = true
    var headlineNode: Node?
    var commentContainers: Set<Node> = []
    var commentEntries: Set<Node> = []

    init(root: Node) {
        self.root = root
        self.main = root
    }

    mutating func read() -> (text: String, stated: [String: String], furniture: [String]) {
        survey()
        findComments()
        chooseMain()
        var emitter = Emitter(reader: self)
        emitter.run()
        var stated = statedFacts()
        if stated["published"] == nil, let time = emitter.publishedTime { stated["published"] = time }
        if stated["author"] == nil, let byline = emitter.byline { stated["author"] = byline }
        var parts = emitter.headlineBlocks + emitter.contentBlocks
        if !emitter.comments.isEmpty { parts += ["Comments"] + emitter.comments }
        return (parts.joined(separator: "\n\n"), stated, emitter.furniture)
    }

    // MARK: Survey

    private mutating func survey() {
        var textCounts: [Int] = []
        var paragraphCounts: [Int] = []
        var names: [String] = []
        var furnitureDepth = 0
        var furnitureFlags: [Bool] = []
        DOM.traverse(root, enter: { node in
            if DOM.isText(node) {
                if !textCounts.isEmpty { textCounts[textCounts.count - 1] += DOM.contentLength(node) }
                return false
            }
            guard DOM.isElement(node) else { return false }
            let element = Element(node)
            names.append(element.name)
            textCounts.append(0)
            paragraphCounts.append(0)
            // Teasers of other stories are often `article` elements too: they do not count as the page's article.
            let isFurniture = ["nav", "aside", "footer"].contains(element.name)
                || ["navigation", "complementary", "contentinfo"].contains(element.role)
                || !element.marks.isEmpty && ["related", "recommend", "teaser", "trending", "most-read", "popular"].contains(where: element.has)
            furnitureFlags.append(isFurniture)
            if isFurniture { furnitureDepth += 1 }
            switch element.name {
            case "meta":
                let key = element.attributes["property"] ?? element.attributes["name"] ?? element.attributes["itemprop"]
                if let key, let value = element.attributes["content"] {
                    metas.append((node, key.lowercased().trimmingWhitespace(), value))
                }
                return false
            case "title":
                if titleText == nil { titleText = plainText(node) }
                return false
            case "script":
                if element.attributes["type"]?.lowercased().contains("ld+json") == true, jsonLD.count < 16 {
                    jsonLD.append(rawText(node))
                }
                return false
            case "article":
                if furnitureDepth == 0, articles.count < 200 { articles.append(node) }
            case "main":
                if furnitureDepth == 0 { mains.append(node) }
            case "h1":
                if h1s.count < 200 { h1s.append(node) }
            case "body":
                if body == nil { body = node }
            default:
                break
            }
            if element.role == "main", furnitureDepth == 0, element.name != "main" { mains.append(node) }
            if element.has("comment"), !element.has("commentar"), commentCandidates.count < 64 {
                commentCandidates.append(node)
            }
            return !Vocabulary.dropped.contains(element.name) || element.name == "head"
        }, leave: { node in
            guard DOM.isElement(node), let name = names.popLast(), let text = textCounts.popLast(),
                  var paragraphs = paragraphCounts.popLast(), let flag = furnitureFlags.popLast() else { return }
            if flag { furnitureDepth -= 1 }
            if name == "p" { paragraphs = text }
            if paragraphs > 0 { paragraphText[node] = paragraphs }
            if !textCounts.isEmpty {
                textCounts[textCounts.count - 1] += text
                paragraphCounts[paragraphCounts.count - 1] += paragraphs
                if name == "p", let parent = node.pointee.parent { directParagraphText[parent, default: 0] += text }
            }
        })
    }

    // MARK: Comments

    /// Elements whose class or id names a comment thread and which hold comment entries.
    private mutating func findComments() {
        let densestOverall = directParagraphText.max { $0.value < $1.value }?.key
        for candidate in commentCandidates {
            if commentContainers.contains(where: { DOM.isInside(candidate, $0) }) { continue }
            let element = Element(candidate)
            if ["body", "html", "form", "aside", "nav"].contains(element.name) { continue }
            // "Recent comments" widgets and comment counters list links to comments, not comments.
            if ["recent", "widget", "latest", "popular", "count", "link"].contains(where: { element.has($0) }) { continue }
            if DOM.ancestors(of: candidate).contains(where: { ["aside", "nav"].contains(DOM.name($0)) }) { continue }
            let entries = commentEntries(in: candidate)
            let plural = element.has("comments") || element.has("comment-list")
                || element.has("commentlist") || element.has("discussion")
            guard entries.count >= 2 || entries.count == 1 && plural else { continue }
            // A wrapper around the article and its thread is not the thread: the article's
            // landmark or its densest paragraphs stand outside every entry.
            let entrySet = Set(entries)
            let landmarks = articles + mains + [densestOverall].compactMap { $0 == candidate ? nil : $0 }
            if landmarks.contains(where: { DOM.isInside($0, candidate) && !Self.isInside($0, anyOf: entrySet, below: candidate) }) {
                // Its entries beside the article are still comments, without a thread element around them.
                let loose = entries.filter { entry in
                    !landmarks.contains { DOM.isInside($0, entry) || DOM.isInside(entry, $0) }
                }
                if loose.count >= 2 { commentEntries.formUnion(loose) }
                continue
            }
            commentContainers.insert(candidate)
            commentEntries.formUnion(entries)
        }
    }

    /// Whether `node` or one of its ancestors below `limit` is in `set`.
    static func isInside(_ node: Node, anyOf set: Set<Node>, below limit: Node) -> Bool {
        var current: Node? = node
        while let here = current, here != limit {
            if set.contains(here) { return true }
            current = here.pointee.parent
        }
        return false
    }

    private func commentEntries(in container: Node) -> [Node] {
        var entries: [Node] = []
        var lists: [(node: Node, items: [Node])] = []
        var visited = 0
        DOM.traverse(container, enter: { node in
            guard DOM.isElement(node), visited < 20_000 else { return false }
            visited += 1
            if node == container { return true }
            let element = Element(node)
            if Vocabulary.dropped.contains(element.name) { return false }
            if Self.isCommentEntry(element) { entries.append(node) }
            if element.name == "ol" || element.name == "ul" {
                var items: [Node] = []
                var child = node.pointee.children
                while let here = child {
                    if DOM.isElement(here), DOM.name(here) == "li" { items.append(here) }
                    child = here.pointee.next
                }
                lists.append((node, items))
            }
            return true
        }, leave: { _ in })
        if !entries.isEmpty { return entries }
        // No entry says "comment": the longest list of the thread holds them.
        if let list = lists.max(by: { $0.items.count < $1.items.count }), list.items.count >= 2 { return list.items }
        // Or the container's own children, each one a comment with a paragraph.
        var children: [Node] = []
        var child = container.pointee.children
        while let here = child {
            if DOM.isElement(here), ["div", "article", "section", "li"].contains(DOM.name(here)), (paragraphText[here] ?? 0) > 0 {
                children.append(here)
            }
            child = here.pointee.next
        }
        return children.count >= 2 ? children : []
    }

    static func isCommentEntry(_ element: Element) -> Bool {
        let entryClasses: Set<Substring> = ["comment", "comment-item", "comment-entry", "c-comment", "user-comment", "reader-comment", "commentlist-item", "comment-wrapper"]
        if element.classTokens.contains(where: { entryClasses.contains($0) }) { return true }
        if (element.attributes["itemprop"] ?? "").lowercased() == "comment" { return true }
        if (element.attributes["itemtype"] ?? "").lowercased().hasSuffix("/comment") { return true }
        // id="comment-123", "li-comment-5", "div-comment-7"
        var id = Substring((element.attributes["id"] ?? "").lowercased())
        for prefix in ["li-", "div-"] where id.hasPrefix(prefix) { id = id.dropFirst(prefix.count) }
        if id.hasPrefix("comment") {
            var rest = id.dropFirst("comment".count)
            if rest.first == "-" || rest.first == "_" { rest = rest.dropFirst() }
            if !rest.isEmpty, rest.allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    private func insideComments(_ node: Node) -> Bool {
        commentEntries.contains(node) || commentContainers.contains { DOM.isInside(node, $0) }
    }

    // MARK: Main content

    private mutating func chooseMain() {
        let fallback = body ?? root
        let candidateArticles = articles.filter { !insideComments($0) }
        let topArticles = candidateArticles.count > 50 ? candidateArticles : candidateArticles.filter { article in
            !candidateArticles.contains { $0 != article && DOM.isInside(article, $0) }
        }
        var chosen: Node?
        if topArticles.count == 1 {
            chosen = topArticles[0]
        } else if let landmark = mains.first(where: { !insideComments($0) }) {
            chosen = landmark
        }
        let densest = densestParagraphParent()
        if let current = chosen, let densest, !DOM.isInside(densest, current),
           (paragraphText[current] ?? 0) * 2 < (directParagraphText[densest] ?? 0) {
            chosen = densest  // the article element holds only a header; the story is elsewhere
        }
        main = chosen ?? densest ?? fallback
        let name = DOM.name(main)
        mainIsBody = name == "body" || name == "html"
        chooseHeadline()
    }

    private func densestParagraphParent() -> Node? {
        let ranked = directParagraphText.filter { $0.value > 0 }.sorted { $0.value > $1.value }
        for (node, _) in ranked.prefix(50) {
            if insideComments(node) { continue }
            let inFurniture = DOM.ancestors(of: node).contains { ancestor in
                let name = DOM.name(ancestor)
                return name == "aside" || name == "nav" || name == "footer"
            }
            if !inFurniture { return node }
        }
        return nil
    }

    /// When the main content has no `h1`, the headline just before it joins it: the article's
    /// wrapper becomes the main content, or the heading alone is kept as its first line.
    private mutating func chooseHeadline() {
        guard !mainIsBody, !h1s.contains(where: { DOM.isInside($0, main) && !insideComments($0) }) else { return }
        let before = h1s.filter { h1 in
            guard !DOM.isInside(main, h1), xmlXPathCmpNodes(h1, main) == 1, !insideComments(h1) else { return false }
            let element = Element(h1)
            if ["logo", "brand", "site-title", "site-name", "sitename"].contains(where: { element.has($0) }) { return false }
            if plainText(h1).isEmpty { return false }
            return !DOM.ancestors(of: h1).contains { ancestor in
                let element = Element(ancestor)
                return ["nav", "aside", "footer", "form"].contains(element.name)
                    || ["navigation", "banner", "complementary", "contentinfo"].contains(element.role)
                    || ["logo", "masthead", "site-header", "brand"].contains(where: { element.has($0) })
            }
        }
        guard let h1 = before.last else { return }
        // The smallest element holding both, when it adds little paragraph text: the article's wrapper.
        let mainAncestors = Set(DOM.ancestors(of: main))
        if let common = DOM.ancestors(of: h1).first(where: { mainAncestors.contains($0) }) {
            let name = DOM.name(common)
            let mainText = paragraphText[main] ?? 0
            if name != "body" && name != "html" && (paragraphText[common] ?? 0) <= mainText + mainText / 4 + 200 {
                main = common
                return
            }
        }
        headlineNode = h1
    }

    // MARK: Metadata

    private func statedFacts() -> [String: String] {
        var values: [String: String] = [:]
        for meta in metas where !insideComments(meta.node) {
            let value = Self.clean(meta.value)
            if !value.isEmpty && values[meta.key] == nil { values[meta.key] = value }
        }
        var ld: [String: String] = [:]
        for script in jsonLD {
            for (key, value) in JSONLD.facts(script) where ld[key] == nil { ld[key] = value }
        }
        func first(_ keys: [String]) -> String? {
            keys.lazy.compactMap { values[$0] }.first
        }
        var stated: [String: String] = [:]
        let outlet = first(["og:site_name", "application-name", "publisher", "dc.publisher", "citation_publisher", "twitter:site:name"]) ?? ld["outlet"]
        if let outlet, !Self.isURL(outlet) { stated["outlet"] = outlet }
        var title = first(["og:title", "title", "dc.title", "citation_title", "headline", "twitter:title", "sailthru.title", "parsely-title"]) ?? ld["title"]
        if title == nil, let page = titleText.map(Self.clean), !page.isEmpty {
            title = Self.removingOutlet(stated["outlet"], from: page)
        }
        if let title { stated["title"] = title }
        let published = first([
            "article:published_time", "og:article:published_time", "og:published_time", "datepublished", "date",
            "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "publication-date",
            "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "dc.date.created",
            "citation_publication_date", "citation_date", "sailthru.date", "parsely-pub-date", "article.published",
            "original-publish-date",
        ]) ?? ld["published"]
        if let published { stated["published"] = published }
        if let updated = first(["article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified"]) ?? ld["updated"] {
            stated["updated"] = updated
        }
        let authors = ["author", "article:author", "byl", "dc.creator", "dcterms.creator", "citation_author", "sailthru.author", "parsely-author", "byline"]
        if let author = authors.lazy.compactMap({ values[$0] }).map(Self.byline).first(where: { !$0.isEmpty && !Self.isURL($0) }) ?? ld["author"] {
            stated["author"] = author
        }
        if let description = first(["og:description", "description", "twitter:description", "dc.description"]) ?? ld["description"] {
            stated["description"] = description
        }
        return stated
    }

    static func clean(_ value: String) -> String {
        Text.collapse(value)
    }

    static func isURL(_ value: String) -> Bool {
        let lower = value.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("//") || lower.hasPrefix("www.")
    }

    /// "By Jane Roe | Staff writer" → "Jane Roe".
    static func byline(_ value: String) -> String {
        var text = clean(value)
        if text.lowercased().hasPrefix("by ") { text = String(text.dropFirst(3)) }
        for separator in [" | ", "\n", " — ", " · "] {
            if let range = text.range(of: separator) { text = String(text[..<range.lowerBound]) }
        }
        return text.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ",;")))
    }

    /// "Headline | The Daily Example" → "Headline" when the outlet is known.
    static func removingOutlet(_ outlet: String?, from title: String) -> String {
        guard let outlet, !outlet.isEmpty else { return title }
        for separator in [" | ", " - ", " – ", " — ", " · ", " :: "] {
            if title.hasSuffix(separator + outlet) {
                return String(title.dropLast(separator.count + outlet.count)).trimmingWhitespace()
            }
            if title.hasPrefix(outlet + separator) {
                return String(title.dropFirst(separator.count + outlet.count)).trimmingWhitespace()
            }
        }
        return title
    }

    // MARK: Text helpers

    /// Visible text below `node`, whitespace collapsed, at most about 2,000 characters.
    func plainText(_ node: Node) -> String {
        var text = ""
        DOM.traverse(node, enter: { current in
            if DOM.isText(current) {
                if text.utf8.count < 2_000 { text += " " + DOM.content(current) }
                return false
            }
            guard DOM.isElement(current) else { return false }
            return current == node || !Vocabulary.dropped.contains(DOM.name(current))
        }, leave: { _ in })
        return Text.collapse(text)
    }

    /// The raw text of an element such as `<script type="application/ld+json">`, never run.
    func rawText(_ node: Node) -> String {
        var text = ""
        var child = node.pointee.children
        while let here = child {
            if DOM.isText(here) { text += DOM.content(here) }
            child = here.pointee.next
        }
        return text
    }
}

// MARK: - Emitting blocks

private struct Emitter {
    enum Sink: Equatable {
        case content, headline, furniture, commentThread, comment
    }

    struct Frame {
        var sink: Sink
        var block: Bool
        var name: String
        var entry: Bool
        var cell: Bool
        var listItem: Bool
        var pre: Bool
    }

    let reader: PageReader
    let mainParagraphText: Int

    var headlineBlocks: [String] = []
    var contentBlocks: [String] = []
    var furniture: [String] = []
    var comments: [String] = []
    var commentParts: [String] = []
    var publishedTime: String?
    var preferredTime: String?
    var byline: String?

    private var frames: [Frame] = []
    private var lines: [String] = []
    private var current = ""
    private var currentHasText = false
    private var pendingCellSeparator = false
    private var bufferIsPre = false
    private var pendingBullet = false
    private var cellDepth = 0
    private var preDepth = 0

    init(reader: PageReader) {
        self.reader = reader
        mainParagraphText = reader.paragraphText[reader.main] ?? 0
    }

    private var sink: Sink { frames.last?.sink ?? .furniture }

    mutating func run() {
        DOM.traverse(reader.root, enter: { node in enter(node) }, leave: { node in leave(node) })
        flush()
        finishComment()
        if let preferred = preferredTime { publishedTime = preferred }
    }

    private mutating func enter(_ node: Node) -> Bool {
        if DOM.isText(node) {
            append(DOM.content(node))
            return false
        }
        guard DOM.isElement(node) else { return false }
        let element = Element(node)
        let parent = sink
        if Vocabulary.dropped.contains(element.name) {
            frames.append(Frame(sink: parent, block: false, name: element.name, entry: false, cell: false, listItem: false, pre: false))
            return false
        }
        var next = parent
        var entry = false
        if node == reader.main {
            next = .content
        } else if node == reader.headlineNode {
            next = .headline
        } else if reader.commentContainers.contains(node) {
            next = .commentThread
        } else if reader.commentEntries.contains(node) {
            next = .comment
            entry = true
        } else if parent == .content || parent == .comment || parent == .headline, isFurniture(element, node) {
            next = .furniture
        }
        if next == .content || next == .headline { readFacts(element, node) }

        var block = Vocabulary.blocks.contains(element.name)
        var cell = false
        if element.name == "td" || element.name == "th" {
            if (reader.paragraphText[node] ?? 0) == 0 {
                cell = true
                block = false
            } else {
                block = true
            }
        } else if cellDepth > 0 && block && !["table", "tr", "thead", "tbody", "tfoot", "caption"].contains(element.name) {
            block = false  // a paragraph inside a table cell stays in its row
            appendSeparator(" ")
        }
        if block || next != parent || entry { flush() }
        if entry { finishComment() }
        if cell {
            if currentHasText { pendingCellSeparator = true }
            cellDepth += 1
        }
        let listItem = element.name == "li"
        if listItem && !entry { pendingBullet = true }  // a comment thread's list holds comments, not bullets
        let pre = ["pre", "listing", "plaintext", "xmp"].contains(element.name)
        if pre { preDepth += 1 }
        if element.name == "br" { lineBreak() }
        if Vocabulary.spacedInline.contains(element.name) { appendSeparator(" ") }
        frames.append(Frame(sink: next, block: block, name: element.name, entry: entry, cell: cell, listItem: listItem, pre: pre))
        return true
    }

    private mutating func leave(_ node: Node) {
        guard DOM.isElement(node), let frame = frames.last else { return }
        let parentSink = frames.count >= 2 ? frames[frames.count - 2].sink : .furniture
        if frame.block || frame.sink != parentSink || frame.entry { flush() }
        if frame.entry { finishComment() }
        if frame.cell { cellDepth -= 1; appendSeparator(" ") }
        if frame.listItem { pendingBullet = false }
        if frame.pre { preDepth -= 1 }
        if Vocabulary.spacedInline.contains(frame.name) { appendSeparator(" ") }
        frames.removeLast()
    }

    private func isFurniture(_ element: Element, _ node: Node) -> Bool {
        var furniture = Vocabulary.furnitureTags.contains(element.name)
            || Vocabulary.furnitureRoles.contains(element.role)
            || element.attributes["hidden"] != nil
            || element.attributes["aria-hidden"]?.lowercased() == "true" && (reader.paragraphText[node] ?? 0) == 0
        if !furniture, element.name == "header" || element.name == "footer" {
            // A page's header and footer; the article's own header stays with it.
            furniture = reader.mainIsBody && !DOM.ancestors(of: node).contains { ["article", "main"].contains(DOM.name($0)) }
        }
        if !furniture, let style = element.attributes["style"]?.lowercased().filter({ !$0.isWhitespace }) {
            furniture = style.contains("display:none") || style.contains("visibility:hidden")
        }
        if !furniture {
            furniture = element.looksLikeFurniture
        }
        guard furniture else { return false }
        // A wrapper that holds most of the article is not furniture, whatever its class says.
        let text = reader.paragraphText[node] ?? 0
        return !(mainParagraphText > 0 && text * 2 >= mainParagraphText)
    }

    /// Date and byline that the article's own markup states.
    private mutating func readFacts(_ element: Element, _ node: Node) {
        if element.name == "time" {
            let value = PageReader.clean(element.attributes["datetime"] ?? "")
            let marked = element.attributes["itemprop"]?.lowercased() == "datepublished" || element.attributes["pubdate"] != nil
                || element.has("publish") || element.has("posted")
            if marked, preferredTime == nil {
                let text = value.isEmpty ? reader.plainText(node) : value
                if !text.isEmpty { preferredTime = text }
            } else if publishedTime == nil, !value.isEmpty {
                publishedTime = value
            }
        }
        if byline == nil {
            let rel = element.attributes["rel"]?.lowercased() ?? ""
            let itemprop = element.attributes["itemprop"]?.lowercased() ?? ""
            let marked = rel == "author" || itemprop == "author" || itemprop == "creator"
                || element.has("byline") || element.classTokens.contains(where: { $0 == "author" || $0 == "author-name" || $0 == "fn" })
            if marked {
                let text = PageReader.byline(reader.plainText(node))
                if !text.isEmpty, text.count <= 80, text.split(separator: " ").count <= 8 { byline = text }
            }
        }
    }

    // MARK: Text buffer

    private mutating func append(_ text: String) {
        guard !text.isEmpty else { return }
        if preDepth > 0 {
            bufferIsPre = true
            var first = true
            for piece in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if !first { lineBreak() }
                first = false
                current += piece
            }
            if text.contains(where: { !$0.isWhitespace }) { currentHasText = true }
            return
        }
        let visible = text.unicodeScalars.contains { !Text.isSpace($0) && !Text.isInvisible($0) }
        if visible && pendingCellSeparator {
            current += " | "  // between two table cells that both have text
            pendingCellSeparator = false
        }
        current += text
        if visible { currentHasText = true }
    }

    private mutating func appendSeparator(_ separator: String) {
        if !current.isEmpty { current += separator }
    }

    private mutating func lineBreak() {
        lines.append(current)
        current = ""
    }

    private mutating func flush() {
        lines.append(current)
        let pre = bufferIsPre
        var out: [String] = []
        for line in lines {
            let cleaned = pre ? Text.trimEnd(line) : Text.collapse(line)
            if !cleaned.isEmpty { out.append(cleaned) }
        }
        lines = []
        current = ""
        currentHasText = false
        pendingCellSeparator = false
        bufferIsPre = false
        guard !out.isEmpty else { return }
        if pendingBullet {
            out[0] = "• " + out[0]
            pendingBullet = false
        }
        let block = out.joined(separator: "\n")
        switch sink {
        case .content: contentBlocks.append(block)
        case .headline: headlineBlocks.append(block)
        case .furniture, .commentThread: furniture.append(block)
        case .comment: commentParts.append(block)
        }
    }

    private mutating func finishComment() {
        guard !commentParts.isEmpty else { return }
        comments.append(commentParts.joined(separator: "\n"))
        commentParts = []
    }
}

// MARK: - Text

private enum Text {
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0C}", "\u{0B}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{202F}", "\u{2007}":
            return true
        default:
            return false
        }
    }

    /// Invisible characters a page uses for layout: zero-width spaces, soft hyphens, byte-order marks.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{200B}" || scalar == "\u{AD}" || scalar == "\u{FEFF}" || scalar == "\u{2060}"
    }

    /// Byte-wise substring search; Foundation's `contains` is slow on Linux for the many short class names of a page.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack, needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard n.count <= h.count else { return false }
                var start = 0
                while start <= h.count - n.count {
                    if h[start] == n[0] {
                        var offset = 1
                        while offset < n.count && h[start + offset] == n[offset] { offset += 1 }
                        if offset == n.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    /// Runs of whitespace (non-breaking spaces included) become one space; ends trimmed.
    static func collapse(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if isInvisible(scalar) { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// A preformatted line: indentation kept, non-breaking spaces made plain, trailing space removed.
    static func trimEnd(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isInvisible(scalar) {
            scalars.append(scalar == "\u{A0}" || scalar == "\t" ? " " : scalar)
        }
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}

// MARK: - JSON-LD

/// Facts from a `<script type="application/ld+json">` block, parsed as data, never run.
private enum JSONLD {
    static func facts(_ script: String) -> [String: String] {
        let trimmed = script.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count < 1_000_000, nesting(trimmed) <= 48,
              let json = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])
        else { return [:] }
        var objects: [[String: Any]] = []
        collect(json, into: &objects, depth: 0)
        guard let article = objects.first(where: { isArticle($0["@type"]) }) else { return [:] }
        var facts: [String: String] = [:]
        func put(_ key: String, _ value: String?) {
            if let value = value.map(Text.collapse), !value.isEmpty { facts[key] = value }
        }
        put("title", article["headline"] as? String ?? article["name"] as? String)
        put("published", article["datePublished"] as? String ?? article["dateCreated"] as? String)
        put("updated", article["dateModified"] as? String)
        put("description", article["description"] as? String)
        put("author", name(article["author"] ?? article["creator"]))
        put("outlet", name(article["publisher"] ?? article["sourceOrganization"]))
        if let author = facts["author"], PageReader.isURL(author) { facts["author"] = nil }
        return facts
    }

    /// Deepest bracket nesting, strings skipped; deep input is refused before parsing.
    static func nesting(_ text: String) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in text.utf8 {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    static func collect(_ value: Any, into objects: inout [[String: Any]], depth: Int) {
        guard depth < 8, objects.count < 64 else { return }
        if let array = value as? [Any] {
            for item in array { collect(item, into: &objects, depth: depth + 1) }
        } else if let object = value as? [String: Any] {
            objects.append(object)
            if let graph = object["@graph"] { collect(graph, into: &objects, depth: depth + 1) }
            if let main = object["mainEntity"] { collect(main, into: &objects, depth: depth + 1) }
        }
    }

    static func isArticle(_ type: Any?) -> Bool {
        let types = (type as? [Any])?.compactMap { $0 as? String } ?? [type as? String].compactMap { $0 }
        return types.contains { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" || $0 == "LiveBlogPosting" || $0 == "SocialMediaPosting" }
    }

    /// A person or organisation: a name string, an object with "name", or a list of those.
    static func name(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let object = value as? [String: Any] { return object["name"] as? String }
        if let array = value as? [Any] {
            let names = array.compactMap { item -> String? in
                if let text = item as? String { return text }
                return (item as? [String: Any])?["name"] as? String
            }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }
}
