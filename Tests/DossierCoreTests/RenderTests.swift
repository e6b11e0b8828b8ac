import Foundation
import Testing
@testable import DossierCore

@Suite struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test func rendersGFMTables() {
        let html = renderer.html(from: "| a | b |\n|---|--:|\n| 1 | 2 |\n")
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>a</th>"))
        #expect(html.contains("<td align=\"right\">2</td>"))
    }

    @Test func rendersFootnotesStrikethroughAndAutolinks() {
        let html = renderer.html(from: "Claim[^1] ~~old~~ see https://example.org/x\n\n[^1]: The note.\n")
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://example.org/x\">https://example.org/x</a>"))
        #expect(html.contains("class=\"footnotes\""))
        #expect(html.contains("The note."))
    }

    /// Pages render on all cores at once. cmark-gfm's parsers share a global table of
    /// the characters that start an extension's inline syntax; a parser that switched
    /// them off when it finished used to cost a parser on another thread its
    /// strikethrough and links. Long documents keep the parsers overlapping.
    @Test func parsersOnManyThreadsKeepEveryExtension() {
        #expect(MarkdownRenderer.parsersRunInParallel, "the special characters' switch of cmark_special_characters.c is not in force")
        let documents = (0..<64).map { n in
            (0..<200).map { line in
                "Row \(n)-\(line) ~~gone \(line)~~ at https://example.org/\(n)/\(line) and www.example.net/\(line)\n\n"
                    + "| k | v |\n|---|---|\n| \(n) | \(line) |\n\n"
            }.joined()
        }
        let rendered = documents.parallelMap { renderer.html(from: $0) }
        for (n, html) in rendered.enumerated() {
            #expect(html.components(separatedBy: "<del>").count - 1 == 200, "document \(n) lost strikethrough")
            #expect(html.components(separatedBy: "<a href=\"https://example.org/\(n)/").count - 1 == 200, "document \(n) lost links")
            #expect(html.components(separatedBy: "<a href=\"http://www.example.net/").count - 1 == 200, "document \(n) lost www links")
            #expect(html.components(separatedBy: "<td>").count - 1 == 400, "document \(n) lost table cells")
        }
    }

    /// The autolink extension is attached only where `mayAutolink` finds what it could link: on
    /// text made of the pieces of links and of near misses, leaving it off changes no byte.
    @Test func autolinkingLeftOffChangesNothingWhereNothingCouldBeLinked() {
        let pieces = ["www", "WwW", "w", ".", ":", "/", "//", "@", "mailto", "xmpp", "http", "example", ".org", " ", "\n", "\n\n",
                      "[a](b.md)", "*", "_", "~~", "`", "| x |\n|---|\n| y |\n", "é", "(", ")", "<", "&amp;"]
        var generator = SystemRandomNumberGenerator()
        var linked = 0, unlinkable = 0
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let always = renderer.withHTML(from: text, autolinkingAlways: true) { String(decoding: $0, as: UTF8.self) }
            let asBuilt = renderer.html(from: text)
            #expect(always == asBuilt, "\(text.debugDescription)")
            var bytes = text
            if bytes.withUTF8(MarkdownRenderer.mayAutolink) { linked += always.contains("<a href=\"") && !text.contains("[a]") ? 1 : 0 } else { unlinkable += 1 }
        }
        #expect(linked > 5 && unlinkable > 500, "both kinds of text came up: \(linked) linked, \(unlinkable) with nothing to link")
        for (text, expected) in [("see www.example.org", true), ("WWW.EXAMPLE.ORG", true), ("ww.example", false), ("a@b", true),
                                 ("https://x", true), ("note: //x", false), ("w w w.", false), ("", false),
                                 ("wWw.", true), ("www", false), (".www", false), ("a.ww.www", false), ("x@", true), (":/", false)] {
            var bytes = text
            #expect(bytes.withUTF8(MarkdownRenderer.mayAutolink) == expected, "\(text)")
        }
    }

    /// Each thread renders in an arena of its own, freed as a whole after each page: pages of
    /// every size (one of several megabytes, past the arena's chunks and what it keeps), on all
    /// cores at once and again one by one, come out the same.
    @Test func pagesRenderTheSameOnManyThreadsAsOneByOne() {
        let documents = (0..<48).map { n in
            (0..<(n == 7 ? 20_000 : 40 * (n % 9 + 1))).map { line in
                "## Part \(n).\(line)\n\n- [link \(line)](../sources/s\(line).md#p-\(n)) ~~gone~~ **bold** `code` at www.example.net/\(line)\n"
                    + "<a id=\"p-\(line)\"></a>\n\n| k | v |\n|---|--:|\n| \(n) | \(line) |\n\n"
            }.joined()
        }
        let oneByOne = documents.map { renderer.html(from: $0) }
        let together = documents.parallelMap { renderer.html(from: $0) }
        #expect(together == oneByOne)
        #expect(oneByOne[7].utf8.count > 4_000_000, "the large page is larger than what the arena keeps")
        #expect(oneByOne[7].components(separatedBy: "<td align=\"right\">").count - 1 == 20_000)
        #expect(renderer.html(from: documents[7]) == oneByOne[7], "a page rendered again in the arena it left")
    }

    @Test func rewritesMarkdownLinksToHTML() {
        let html = renderer.html(from: "[a](../actors/jane-roe.md) [b](x.md#p-3) [c](https://example.org/readme.md)\n")
        #expect(html.contains("href=\"../actors/jane-roe.html\""))
        #expect(html.contains("href=\"x.html#p-3\""))
        #expect(html.contains("href=\"https://example.org/readme.md\""), "absolute links are left alone")
        let more = renderer.html(from: "[d](HTTPS://example.org/A.md) [e](mailto:desk@example.org) [f](é/ü.md#p-1) [g](md) [h](a.mdx)\n")
        #expect(more.contains("href=\"HTTPS://example.org/A.md\""), "a scheme in capitals is still a scheme")
        #expect(more.contains("href=\"mailto:desk@example.org\""))
        #expect(more.contains("href=\"%C3%A9/%C3%BC.html#p-1\"") || more.contains("href=\"é/ü.html#p-1\""), "\(more)")
        #expect(more.contains("href=\"md\"") && more.contains("href=\"a.mdx\""), "only a `.md` ending is rewritten")
    }

    @Test func dropsDangerousLinkSchemes() {
        let html = renderer.html(from: "[x](javascript:alert(1)) [y](data:text/html,hi) [z](//evil.example/) [w](JavaScript:alert(2))\n")
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!html.contains("data:text"))
        #expect(!html.contains("evil.example"))
    }

    @Test func neutralisesRawHTMLOutsideTheAllowlist() {
        let html = renderer.html(from: "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> more\n\n<iframe src=x></iframe>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<iframe"))
        #expect(html.contains("&lt;script&gt;"), "the text stays visible")
    }

    @Test func keepsTheBuildersOwnAnchorsAndDetails() {
        let html = renderer.html(from: "<a id=\"p-2\"></a>Second paragraph.\n\n<details>\n<summary>Removed (2 lines)</summary>\n\nInside.\n\n</details>\n")
        #expect(html.contains("<a id=\"p-2\"></a>Second paragraph."))
        #expect(html.contains("<details>"))
        #expect(html.contains("<summary>Removed (2 lines)</summary>"))
    }

    @Test func anchorWithHostileIDIsNotAllowed() {
        let html = renderer.html(from: "<a id=\"x\" onclick=\"alert(1)\"></a>Text\n")
        #expect(!html.contains("onclick=\"alert"))
    }
}

@Suite struct MarkdownTextTests {
    let renderer = MarkdownRenderer()

    @Test(arguments: [
        "<script>alert('x')</script>",
        "[click](javascript:alert(1))",
        "![img](evil.example.png)",
        "**bold** _it_ `code` ~~gone~~",
        "# not a heading",
        "1. not a list",
        "- not a list either",
        "| not | a | table |",
        "&lt;b&gt; entity",
        "</textarea><svg onload=alert(1)>",
    ])
    func escapedCorpusTextRendersAsItsOwnWords(text: String) {
        let html = renderer.html(from: MarkdownText.escape(text) + "\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<a "))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("<strong>"))
        #expect(!html.contains("<h1"))
        #expect(!html.contains("<ol"))
        #expect(!html.contains("<ul"))
        #expect(!html.contains("<table"))
        #expect(html.hasPrefix("<p>"))
        let visible = html.replacingOccurrences(of: "<p>", with: "").replacingOccurrences(of: "</p>\n", with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        #expect(visible == text)
    }

    @Test func linkingLinksTheLongestFormOnce() {
        let markdown = MarkdownText.linking("Jane Roe met Roe's deputy. Roe left.",
                                            phrases: [("Jane Roe", "a.md"), ("Roe", "a.md"), ("deputy", "b.md")])
        #expect(markdown == "[Jane Roe](a.md) met Roe's [deputy](b.md). Roe left.")
    }

    /// The byte-pair filter before each phrase's search never rules out a phrase the text holds
    /// (every piece of the text, any length, multi-byte characters cut anywhere), and does rule out
    /// phrases whose byte pairs are absent.
    @Test func theBytePairFilterKeepsEveryPhraseTheTextHolds() {
        let texts = ["President Jane Roe met the Prime Minister in São Paulo — “talks”, she said.", "a", "", "Ünïcødé ﬁ 東京 and ASCII"]
        for text in texts {
            var copy = text
            copy.withUTF8 { bytes in
                let pairs = MarkdownText.BytePairs(bytes)
                for start in 0..<bytes.count {
                    for end in (start + 1)...bytes.count {
                        let piece = String(decoding: bytes[start..<end], as: UTF8.self)
                        // A cut character decodes to U+FFFD, whose bytes the text may lack: check only whole pieces.
                        guard Array(piece.utf8) == Array(bytes[start..<end]) else { continue }
                        #expect(pairs.mayHold(piece), "\(text): \(piece)")
                    }
                }
            }
        }
        var text = texts[0]
        let ruledOut = ["Kowalski", "Zbigniew", "qqq", "xylophone"].filter { phrase in text.withUTF8 { !MarkdownText.BytePairs($0).mayHold(phrase) } }
        #expect(ruledOut.count >= 3)
    }

    @Test func linkingRespectsWordBoundaries() {
        let markdown = MarkdownText.linking("Parisians love Paris.", phrases: [("Paris", "p.md")])
        #expect(markdown == "Parisians love [Paris](p.md).")
    }
}

@Suite struct TemplateSetTests {
    func folder(_ files: [String: String]) throws -> URL {
        let url = try temporaryFolder()
        for (name, text) in files { try write(text, to: url.appendingPathComponent(name)) }
        return url
    }

    @Test func reportsASyntaxErrorWithFileLineAndColumn() throws {
        let url = try folder(["page.mustache": "<p>\n<h1>{{page.title}}</h1>\n{{#nav}}<li>{{label}}</li>{{/navx}}\n"])
        defer { cleanUp(url) }
        do {
            _ = try TemplateSet(folder: url.path)
            Issue.record("a broken template must stop the build")
        } catch let error as DossierError {
            #expect(error.file?.hasSuffix("page.mustache") == true)
            #expect(error.line == 3)
            #expect(error.column != nil)
            #expect(error.description.contains("page.mustache:3:"))
        }
    }

    @Test func reportsASyntaxErrorOnTheFirstLine() throws {
        let url = try folder(["page.mustache": "<p>{{#a}}x{{/b}}</p>\n"])
        defer { cleanUp(url) }
        #expect {
            try TemplateSet(folder: url.path)
        } throws: { error in
            (error as? DossierError)?.line == 1
        }
    }

    /// Variables are escaped by Dossier's own escaper (see `TemplateSet.escapingPragma`): the same
    /// five characters as swift-mustache's, and the line it is put on leaves nothing behind.
    @Test func escapesVariablesAndLeavesTheTextAsWritten() throws {
        let url = try folder([
            "page.mustache": "{{! a comment line }}\n<h1 title=\"{{page.title}}\">{{page.title}}</h1>\n{{{page.title}}}\n",
            "text.mustache": "{{% CONTENT_TYPE: TEXT}}\n{{page.title}}\n",
        ])
        defer { cleanUp(url) }
        let templates = try TemplateSet(folder: url.path)
        let title = "Tom & Jerry's <b>\"café\"</b> \"\u{301}x"
        let escaped = "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;café&quot;&lt;/b&gt; &quot;\u{301}x"
        #expect(templates.render(kind: "page", context: ["page": ["title": title]])
            == "<h1 title=\"\(escaped)\">\(escaped)</h1>\n\(title)\n")
        #expect(templates.render(kind: "page", context: ["page": ["title": "plain words"]])
            == "<h1 title=\"plain words\">plain words</h1>\nplain words\n")
        // A template's own content type comes after Dossier's, and wins.
        #expect(templates.render(kind: "text", context: ["page": ["title": "<b>"]]) == "<b>\n")
    }

    @Test func reportsAMissingPartial() throws {
        let url = try folder(["page.mustache": "<main>\n  {{> partials/sidebar}}\n</main>\n"])
        defer { cleanUp(url) }
        #expect {
            try TemplateSet(folder: url.path)
        } throws: { error in
            let error = error as? DossierError
            return error?.line == 2 && error?.column == 3 && error?.message.contains("partials/sidebar") == true
        }
    }

    @Test func requiresTheDefaultPageTemplate() throws {
        let url = try folder(["layout.mustache": "{{$main}}{{/main}}"])
        defer { cleanUp(url) }
        #expect(throws: DossierError.self) { try TemplateSet(folder: url.path) }
    }

    @Test func usesTheKindTemplateWhenThereIsOne() throws {
        let url = try folder([
            "layout.mustache": "<body>{{$main}}{{/main}}</body>",
            "page.mustache": "{{< layout}}{{$main}}PAGE {{page.title}}{{/main}}{{/layout}}",
            "source.mustache": "{{< layout}}{{$main}}SOURCE {{page.title}}{{/main}}{{/layout}}",
            "assets/site.css": "body{}",
        ])
        defer { cleanUp(url) }
        let templates = try TemplateSet(folder: url.path)
        #expect(templates.render(kind: "source", context: ["page": ["title": "<T>"]]) == "<body>SOURCE &lt;T&gt;</body>")
        #expect(templates.render(kind: "actor", context: ["page": ["title": "A"]]) == "<body>PAGE A</body>")
        #expect(templates.assets == ["assets/site.css"])
    }

    /// Only a plain `{{{content}}}` (or `{{& content}}`) places a page's content as it is: a new
    /// layout can then go around the content as the last build rendered it. Anything else that
    /// names `content`, or delimiters that hide the tags, renders pages whole.
    @Test(arguments: [
        ("{{{content}}}", true), ("{{& content }}", true), ("<main>{{{ content }}}</main>{{{content}}}", true),
        ("{{! the content goes below }}{{{content}}}", true), ("{{#page}}{{{content}}}{{/page}}", true), ("<p>no content tag</p>", true),
        ("{{content}}", false), ("{{#content}}x{{/content}}", false), ("{{^content}}none{{/content}}", false),
        ("{{{lowercased(content)}}}", false), ("{{=<% %>=}}<%& content%>", false), ("{{{page.content}}}", false),
    ])
    func theContentIsPlacedAsItIsOnlyByPlainTripleTags(_ template: String, verbatim: Bool) throws {
        let url = try folder(["page.mustache": template])
        defer { cleanUp(url) }
        #expect(try TemplateSet(folder: url.path).placesContentVerbatim == verbatim)
    }

    @Test func theDefaultTemplatesPlaceTheContentAsItIs() throws {
        #expect(try TemplateSet(folder: repositoryRoot.appendingPathComponent("templates").path).placesContentVerbatim)
    }

    /// The layout is rendered once per kind and depth with marks for the page's values only where
    /// nothing in the templates could tell a mark from the value.
    @Test(arguments: [
        ("{{page.title}} {{{page.path}}} {{& page.description}}", true), ("{{#page.description}}<p>{{.}}</p>{{/page.description}}", true),
        ("{{! a comment (with brackets) }}{{page.title}}", true), ("{{> partials/x}}{{< layout}}{{/layout}}", true),
        ("{{uppercased(page.title)}}", false), ("{{#reversed(nav)}}{{label}}{{/reversed(nav)}}", false),
        ("{{% CONTENT_TYPE: TEXT}}{{page.title}}", false), ("{{>*page.kind}}", false), ("{{> * page.kind}}", false),
        ("{{=<% %>=}}<% page.title %>", false), ("{{page.title", false),
    ])
    func layoutsTakeMarksOnlyWhereTheTemplatesPlaceValuesAsTheyAre(_ template: String, takes: Bool) throws {
        #expect(TemplateSet.layoutsTakeMarks(["page": template, "partials/x": "", "layout": ""]) == takes, "\(template)")
    }

    /// Every page from a cached layout is the page the templates give it rendered whole: titles
    /// that need escaping (a quote with a combining mark too), raw and escaped places, a
    /// description or none, every depth. Values the marks cannot stand for (empty, or with a line
    /// break) are rendered whole.
    @Test func aPageFromACachedLayoutIsThePageTheTemplatesGiveIt() throws {
        let defaults = repositoryRoot.appendingPathComponent("templates").path
        let layouts = [
            "<title>{{page.title}}</title>{{#page.description}}<meta content=\"{{page.description}}\">{{/page.description}}"
                + "<h1>{{{page.title}}}</h1>{{#nav}}<a href=\"{{href}}\"{{#current}} class=\"on\"{{/current}}>{{label}}</a>{{/nav}}"
                + "\n  {{> partials/path}}\n<main>{{{content}}}</main>{{^page.description}}<p>none</p>{{/page.description}}",
        ]
        let pages = [
            MarkdownPage(path: "index", kind: .briefing, title: "Tom & Jerry's \"talks\"", markdown: "# A\n"),
            MarkdownPage(path: "sources/a-b", kind: .source, title: "Plain", description: "It said <b>\"\u{301}so</b>", markdown: "B & C\n"),
            MarkdownPage(path: "sources/c", kind: .source, title: "Other 'title'", description: "", markdown: "C\n"),
            MarkdownPage(path: "sources/d", kind: .source, title: "Two\nlines", markdown: "D\n"),
            MarkdownPage(path: "actors/x/y", kind: .actor, title: "Café <Ø>", description: "d", markdown: "E\n"),
            MarkdownPage(path: "actors/z", kind: .actor, title: "", markdown: "F\n"),
        ]
        var config = DossierConfig()
        (config.title, config.question) = ("A & B", "Why \"now\"?")
        var folders = [defaults]
        for layout in layouts {
            let url = try folder(["page.mustache": "{{< layout}}{{/layout}}", "layout.mustache": layout,
                                  "partials/path.mustache": "<p>{{page.path}}</p>\n<p>{{site.title}}</p>\n"])
            folders.append(url.path)
        }
        defer { folders.dropFirst().forEach { cleanUp(URL(fileURLWithPath: $0)) } }
        for folder in folders {
            let templates = try TemplateSet(folder: folder)
            let cached = HTMLPageRenderer(templates: templates), whole = HTMLPageRenderer(templates: templates, cachingLayouts: false)
            for page in pages + pages {
                #expect(cached.render(page, config: config).html == whole.render(page, config: config).html, "\(folder) \(page.path)")
            }
            // The briefing, sources with and without a description, actors two folders down.
            #expect(try #require(cached.layouts).counts == (4, 0), "\(folder)")
        }
    }

    /// A layout is cut at the marks exactly as they came out; one that shows a mark any other way
    /// (`{{page}}` prints the dictionary, escaping its bytes) or holds a stray mark byte is not cached.
    @Test func aLayoutIsCachedOnlyWhenEveryMarkCameOutWhole() throws {
        let title = LayoutCache.mark(.title), content = HTMLPageRenderer.contentMark
        let pieces = try #require(LayoutCache.pieces(of: "<t>\(title)</t>\(MarkupEscaping.escape(title))\(content)!", contentMark: content))
        guard pieces.count == 6, case .text(let open) = pieces[0], case .value(.title, false) = pieces[1], case .text(let close) = pieces[2],
              case .value(.title, true) = pieces[3], case .content = pieces[4], case .text(let end) = pieces[5] else {
            Issue.record("\(pieces)")
            return
        }
        #expect(open == Array("<t>".utf8) && close == Array("</t>".utf8) && end == Array("!".utf8))
        #expect(LayoutCache.pieces(of: "<pre>\(title.debugDescription)</pre>", contentMark: content) == nil)
        #expect(LayoutCache.pieces(of: "<p>\u{1}</p>\(content)", contentMark: content) == nil)
        #expect(LayoutCache.pieces(of: String(title.dropLast()), contentMark: content) == nil)
    }

    /// The page is made by rendering the templates around a mark and putting the content where
    /// the mark came out: it must be the page the templates give, content once, twice or not at all.
    @Test func thePageAroundItsContentIsWhatTheTemplatesGive() throws {
        let page = MarkdownPage(path: "sources/a", kind: .source, title: "Tom & Jerry",
                                markdown: "# Talks {{page.title}} resume\n\nA & B said “yes”.\n")
        let content = HTMLPageRenderer(templates: try TemplateSet(folder: repositoryRoot.appendingPathComponent("templates").path)).content(of: page)
        #expect(content.contains("{{page.title}}") && content.contains("&amp;"))
        let cases = [
            "<main>{{{content}}}</main>\n": "<main>\(content)</main>\n",
            "<h1>{{page.title}}</h1>{{{content}}}<hr>{{& content}}<a href=\"{{root}}x\">": "<h1>Tom &amp; Jerry</h1>\(content)<hr>\(content)<a href=\"../x\">",
            "<p>{{page.title}}</p>": "<p>Tom &amp; Jerry</p>",
            "{{content}}": MarkupEscaping.escape(content),
        ]
        for (template, expected) in cases {
            let url = try folder(["page.mustache": template])
            defer { cleanUp(url) }
            let rendered = HTMLPageRenderer(templates: try TemplateSet(folder: url.path)).render(page, config: DossierConfig())
            #expect(String(decoding: rendered.html, as: UTF8.self) == expected, "\(template)")
            if let place = rendered.content {
                #expect(String(decoding: rendered.html[place], as: UTF8.self) == content, "\(template)")
            } else {
                #expect(template == "{{content}}" || template == "<p>{{page.title}}</p>", "\(template): the content's place is known")
            }
        }
    }
}
