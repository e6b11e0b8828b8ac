import Foundation
import Testing
@testable import DossierCore

/// HTML pages written for these tests (no corpus text).
enum HTMLFixtures {
    static let paragraphs = [
        "Negotiators from both countries returned to the table on Monday after a two-month pause, officials said, and both delegations called the first session constructive.",
        "The ministry said the new inspection rules would apply to all exporters from the first of April, and that checks would be carried out at the border crossings by joint teams.",
        "According to the port authority, the corridor has carried more than thirty million tonnes of grain since it first opened in 2022.",
        "A second round of talks is planned for the end of the month, when the delegations hope to sign a written agreement on insurance for the ships.",
    ]

    /// A news page with everything a real one carries around its article.
    static let newsPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Grain corridor talks resume after two-month pause | The Daily Example</title>
          <meta property="og:title" content="  Grain corridor talks resume after two-month pause ">
          <meta property="og:site_name" content="The Daily Example">
          <meta property="article:published_time" content="2024-03-03T09:30:00Z">
          <meta name="author" content="Jane Roe">
          <meta name="description" content="Negotiators met again on Monday.">
          <style>body { font-family: 'STYLE-TEXT'; } .x::after { content: "STYLE-CONTENT"; }</style>
          <script>document.write('INJECTED'); var secret = "SCRIPT-TEXT";</script>
        </head>
        <body onload="alert('ONLOAD')">
          <header class="site-header">
            <a class="logo" href="/">The Daily Example</a>
            <nav class="main-nav"><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>
          </header>
          <div class="breadcrumb"><a href="/">Home</a> › <a href="/world">World</a></div>
          <main>
            <article>
              <header>
                <h1>Grain corridor talks resume after two-month pause</h1>
                <p class="byline">By <a rel="author" href="/staff/jane-roe">Jane Roe</a></p>
                <time datetime="2024-03-03T09:30:00Z">March 3, 2024</time>
              </header>
              <div class="share-buttons"><button onclick="share('fb')">Share on Facebook</button><button>Tweet</button></div>
              <p>\(paragraphs[0].replacingOccurrences(of: "officials said", with: "<a href=\"https://example.org/statement\">officials said</a>"))</p>
              <p onclick="steal()">\(paragraphs[1])</p>
              <div class="ad ad-slot"><span>Advertisement</span><script>document.write('INJECTED')</script></div>
              <blockquote><p>“We are closer than we have been in months,” the lead negotiator said.</p></blockquote>
              <h2>Background</h2>
              <p>\(paragraphs[2])</p>
              <ul>
                <li>Wheat made up most of the cargo.</li>
                <li>Maize came <em>second</em>.</li>
              </ul>
              <p>\(paragraphs[3])</p>
              <aside class="related"><h3>Related</h3><ul><li><a href="/a">Farmers brace for a dry summer</a></li></ul></aside>
            </article>
            <section id="comments" class="comments-area">
              <h2>3 Comments</h2>
              <div class="comment"><p class="comment-author">marta_k</p><p>This is long overdue, the inspections were a mess.</p></div>
              <div class="comment"><p class="comment-author">OldHand</p><p>I doubt it will last past the summer.</p></div>
              <div class="comment"><p class="comment-author">Dmitri</p><p>Good news for the farmers at least.</p></div>
              <form class="comment-form"><label for="c">Leave a reply</label><textarea id="c">TEXTAREA-TEXT</textarea><button>Post comment</button></form>
            </section>
          </main>
          <footer class="site-footer"><p>© 2024 The Daily Example</p><a href="/privacy">Privacy policy</a></footer>
          <script src="/app.js"></script>
          <script>window.tracker = 'SCRIPT-TEXT';</script>
        </body>
        </html>
        """
}

@Suite("HTMLSource")
struct HTMLSourceTests {
    let page = HTMLSource(html: HTMLFixtures.newsPage)

    var blocks: [String] { page.text.components(separatedBy: "\n\n") }

    @Test func articleParagraphsComeOutCompleteAndInOrder() throws {
        var last = -1
        for paragraph in HTMLFixtures.paragraphs {
            let index = try #require(blocks.firstIndex(of: paragraph), "missing: \(paragraph)")
            #expect(index > last)
            last = index
        }
        #expect(blocks.first == "Grain corridor talks resume after two-month pause")
        #expect(blocks.contains("By Jane Roe"))
        #expect(blocks.contains("“We are closer than we have been in months,” the lead negotiator said."))
        #expect(blocks.contains("Background"))
        #expect(blocks.contains("• Wheat made up most of the cargo."))
        #expect(blocks.contains("• Maize came second."))
    }

    @Test func scriptsAndStylesNeverShow() {
        let everything = ([page.text] + page.furniture).joined(separator: "\n")
        for marker in ["INJECTED", "SCRIPT-TEXT", "STYLE-TEXT", "STYLE-CONTENT", "document.write", "ONLOAD", "steal", "share('fb')", "TEXTAREA-TEXT"] {
            #expect(!everything.contains(marker), "\(marker) leaked")
        }
    }

    @Test func pageFurnitureIsSetAsideNotLost() {
        for item in ["• World", "• Business", "• Sport", "Related", "• Farmers brace for a dry summer", "© 2024 The Daily Example", "Advertisement"] {
            #expect(page.furniture.contains(item), "\(item) not in furniture")
            #expect(!blocks.contains(item), "\(item) in text")
        }
        #expect(page.furniture.contains { $0.contains("Home") && $0.contains("World") })
        #expect(page.furniture.contains("Share on Facebook Tweet"))
        #expect(page.furniture.contains { $0.contains("Privacy policy") })
        #expect(page.furniture.contains("Leave a reply Post comment"))
        #expect(!page.text.contains("Privacy policy"))
        #expect(!page.text.contains("Share on Facebook"))
    }

    @Test func metadataFromMetaTags() {
        #expect(page.stated["title"] == "Grain corridor talks resume after two-month pause")
        #expect(page.stated["outlet"] == "The Daily Example")
        #expect(page.stated["published"] == "2024-03-03T09:30:00Z")
        #expect(page.stated["author"] == "Jane Roe")
        #expect(page.stated["description"] == "Negotiators met again on Monday.")
    }

    @Test func metadataFromTimeAndTitleWhenMetaTagsAreMissing() {
        let html = """
            <html><head><title>Port reopens after storm – Harbour Herald</title></head><body>
            <article><header><h1>Port reopens after storm</h1><span class="byline">By John Doe</span>
            <time datetime="2024-02-11">11 February</time></header>
            <p>The port reopened on Sunday after a week of closures caused by the storm, the harbour master said.</p></article>
            </body></html>
            """
        let source = HTMLSource(html: html)
        #expect(source.stated["title"] == "Port reopens after storm – Harbour Herald")
        #expect(source.stated["published"] == "2024-02-11")
        #expect(source.stated["author"] == "John Doe")
        #expect(source.stated["outlet"] == nil)
        #expect(source.text.hasPrefix("Port reopens after storm\n\n"))
    }

    @Test func metadataFromJSONLD() {
        let html = """
            <html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
             {"@type":"NewsArticle","headline":"Ferry strike ends","datePublished":"2024-05-01T08:00:00+02:00",
              "author":[{"@type":"Person","name":"Ana Lima"}],"publisher":{"@type":"Organization","name":"Coast Times"}}]}
            </script></head><body><p>The ferry strike ended on Tuesday after unions and operators agreed on new shift rules.</p></body></html>
            """
        let source = HTMLSource(html: html)
        #expect(source.stated["title"] == "Ferry strike ends")
        #expect(source.stated["published"] == "2024-05-01T08:00:00+02:00")
        #expect(source.stated["author"] == "Ana Lima")
        #expect(source.stated["outlet"] == "Coast Times")
        #expect(!source.text.contains("NewsArticle"))
    }

    @Test func commentsFollowTheArticleUnderACommentsLine() throws {
        let commentsLine = try #require(blocks.firstIndex(of: "Comments"))
        let lastParagraph = try #require(blocks.firstIndex(of: HTMLFixtures.paragraphs[3]))
        #expect(commentsLine > lastParagraph)
        #expect(Array(blocks[(commentsLine + 1)...]) == [
            "marta_k\nThis is long overdue, the inspections were a mess.",
            "OldHand\nI doubt it will last past the summer.",
            "Dmitri\nGood news for the farmers at least.",
        ])
        #expect(!page.furniture.contains { $0.contains("overdue") })
        #expect(page.furniture.contains("3 Comments"))
    }

    @Test func wordPressCommentThreadWithReplies() {
        let html = """
            <html><body><article class="post"><h1>Council approves new bus lanes</h1>
            <div class="entry-content"><p>The city council approved four new bus lanes on Thursday, to open in the autumn after a short consultation.</p></div></article>
            <div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “Council approves new bus lanes”</h2>
            <ol class="comment-list">
              <li id="comment-11" class="comment even depth-1"><article id="div-comment-11" class="comment-body">
                <footer class="comment-meta"><b class="fn">Ray</b> <span class="says">says:</span></footer>
                <div class="comment-content"><p>About time.</p></div></article>
                <ol class="children"><li id="comment-12" class="comment odd depth-2"><article id="div-comment-12" class="comment-body">
                  <footer class="comment-meta"><b class="fn">Lin</b> <span class="says">says:</span></footer>
                  <div class="comment-content"><p>Agreed, the 12 is always late.</p></div></article></li></ol>
              </li>
            </ol>
            <div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><label>Name</label><input name="n"></form></div>
            </div></body></html>
            """
        let source = HTMLSource(html: html)
        let blocks = source.text.components(separatedBy: "\n\n")
        #expect(blocks.first == "Council approves new bus lanes")
        #expect(blocks.suffix(3) == ["Comments", "Ray says:\nAbout time.", "Lin says:\nAgreed, the 12 is always late."])
        #expect(source.furniture.contains("Leave a Reply"))
    }

    @Test func recentCommentsWidgetIsNotACommentThread() {
        let html = """
            <body><article><h1>Bridge repairs start in May</h1><p>Repairs on the old bridge will start in May and last until the end of the summer, the city said.</p></article>
            <aside id="recent-comments-2" class="widget widget_recent_comments"><h2>Recent comments</h2><ul id="recentcomments">
            <li class="recentcomments">Ray on <a href="/b">Council approves new bus lanes</a></li>
            <li class="recentcomments">Lin on <a href="/c">Ferry strike ends</a></li></ul></aside></body>
            """
        let source = HTMLSource(html: html)
        #expect(!source.text.contains("Comments"))
        #expect(source.text.components(separatedBy: "\n\n").count == 2)
        #expect(source.furniture.contains("• Ray on Council approves new bus lanes"))
    }

    @Test func commentaryIsNotAComment() {
        let html = """
            <body><div class="commentary"><h1>Why the bus lanes matter</h1>
            <div class="commentary-body"><p>Bus lanes are the cheapest way to make a city move faster, and the council knows it.</p>
            <p>The question is whether drivers will accept them.</p></div></div></body>
            """
        let source = HTMLSource(html: html)
        #expect(source.text == "Why the bus lanes matter\n\nBus lanes are the cheapest way to make a city move faster, and the council knows it.\n\nThe question is whether drivers will accept them.")
    }

    @Test func wrapperNamedAfterCommentsDoesNotSwallowTheArticle() {
        let html = """
            <body><div class="page with-comments"><div class="text">
            <p>The water board said on Friday that the reservoir was at its lowest level since records began in 1961.</p>
            <p>Restrictions on garden hoses will start next week and last at least until the autumn rains.</p></div>
            <div class="comment"><p>We saw this coming years ago.</p></div>
            <div class="comment"><p>Fix the leaks first.</p></div></div></body>
            """
        let blocks = HTMLSource(html: html).text.components(separatedBy: "\n\n")
        #expect(blocks == [
            "The water board said on Friday that the reservoir was at its lowest level since records began in 1961.",
            "Restrictions on garden hoses will start next week and last at least until the autumn rains.",
            "Comments", "We saw this coming years ago.", "Fix the leaks first.",
        ])
    }

    // MARK: Robustness

    @Test func emptyAndBlankInput() {
        for html in ["", " ", "\n\n", "<html></html>", "<!-- only a comment -->", "<!DOCTYPE html>"] {
            let source = HTMLSource(html: html)
            #expect(source.text == "")
            #expect(source.furniture.isEmpty)
        }
    }

    @Test func garbageBytesDoNotCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let junk = String(decoding: bytes, as: UTF8.self)
            let source = HTMLSource(html: junk)
            #expect(!source.text.contains("\u{0}"))
        }
        let source = HTMLSource(html: "\u{0}\u{1}\u{FFFD}<\u{0}p>te\u{0}xt</p\u{0}>&#0;&#xD800;&bogus;<<<>>>")
        #expect(source.text.contains("te"))
        let instructions = HTMLSource(html: "<p>kept<?php echo 'PHP-TEXT'; ?> <![CDATA[CDATA-TEXT]]><!--[if IE]>IE-TEXT<![endif]--></p>")
        #expect(instructions.text.hasPrefix("kept"))
        for marker in ["PHP-TEXT", "IE-TEXT"] { #expect(!instructions.text.contains(marker)) }
    }

    @Test func unclosedTagsStillGiveTheirText() {
        let source = HTMLSource(html: "<html><body><div><p>First paragraph<p>Second <b>bold <i>paragraph<div>Third block")
        #expect(source.text == "First paragraph\n\nSecond bold paragraph\n\nThird block")
    }

    @Test func deepNestingDoesNotCrash() {
        let depth = 10_000
        let html = String(repeating: "<div><span>", count: depth) + "deep text" + String(repeating: "</span></div>", count: depth)
        let source = HTMLSource(html: html)
        #expect(source.text.count < 100)
        #expect(source.text == "deep text")
        // The deepest paragraph is the page's densest block: the main content; the rest is set aside, not lost.
        let unclosed = HTMLSource(html: "<p>start</p>" + String(repeating: "<div>", count: depth) + "<p>inside the deepest block</p>")
        #expect(unclosed.text == "inside the deepest block")
        #expect(unclosed.furniture == ["start"])
    }

    @Test func deepNestingOnABackgroundThread() async {
        let html = String(repeating: "<blockquote><ul><li><table><tr><td>", count: 20_000) + "x"
        let text = await Task.detached { HTMLSource(html: html).text }.value
        #expect(text == "• x")
    }

    @Test func oneMegabyteLine() {
        let sentence = "The quick brown fox jumps over the lazy dog. "
        let body = String(repeating: sentence, count: 1_048_576 / sentence.utf8.count + 1)
        let source = HTMLSource(html: "<html><body><p>" + body + "</p></body></html>")
        #expect(source.text.utf8.count >= 1_000_000)
        #expect(source.text.hasPrefix("The quick brown fox"))
        #expect(!source.text.contains("\n"))
        let tags = HTMLSource(html: String(repeating: "<b>word</b> ", count: 80_000))
        #expect(tags.text.hasPrefix("word word"))
    }

    @Test func manyThreadsAtOnce() async {
        let texts = await withTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { HTMLSource(html: HTMLFixtures.newsPage).text } }
            var all: [String] = []
            for await text in group { all.append(text) }
            return all
        }
        #expect(Set(texts).count == 1)
    }

    // MARK: Text

    @Test func entitiesAndUnicode() {
        let source = HTMLSource(html: "<p>Fish &amp; chips&nbsp;at&nbsp;&nbsp;noon, &#8220;quoted&#8221; &eacute;t&eacute; 🇺🇦 😀 &lt;b&gt;</p>")
        #expect(source.text == "Fish & chips at noon, “quoted” été 🇺🇦 😀 <b>")
    }

    @Test func declaredLegacyCharsetDoesNotRedecode() {
        let source = HTMLSource(html: "<html><head><meta charset=\"windows-1252\"></head><body><p>Café “Zürich” 🙂</p></body></html>")
        #expect(source.text == "Café “Zürich” 🙂")
    }

    @Test func javascriptLinksKeepOnlyTheirText() {
        let source = HTMLSource(html: #"<p><a href="javascript:alert(1)" onclick="alert(2)">click</a></p>"#)
        #expect(source.text == "click")
        #expect(source.furniture.isEmpty)
    }

    @Test func lineBreaksTablesAndPreformattedText() {
        let html = """
            <body><article><h1>Figures released for the spring quarter</h1>
            <p>Line one<br>Line   two<br/>
            Line three</p>
            <table><tr><th>Port</th><th>Tonnes</th><th></th></tr><tr><td>Odesa</td><td> </td><td>1,200</td></tr></table>
            <pre>let a = 1
              indented()
            </pre>
            <dl><dt>Term</dt><dd>Definition</dd></dl>
            <div>Loose text in a div <span>with a span</span></div>
            <figure><img src="x.png" alt="ALT"><figcaption>A caption</figcaption></figure>
            </article></body>
            """
        let blocks = HTMLSource(html: html).text.components(separatedBy: "\n\n")
        #expect(blocks == [
            "Figures released for the spring quarter",
            "Line one\nLine two\nLine three",
            "Port | Tonnes",
            "Odesa | 1,200",
            "let a = 1\n  indented()",
            "Term",
            "Definition",
            "Loose text in a div with a span",
            "A caption",
        ])
    }

    @Test func headlineBeforeTheMainContentLeadsTheText() {
        let html = """
            <body><nav><a href="/">Home</a></nav>
            <div class="story"><div class="story-header"><h1>Rail workers vote to strike</h1><p class="dateline">Published March 5, 2024</p></div>
            <div class="story-body"><p>Rail workers voted on Tuesday to strike for three days next month over pay and working hours.</p>
            <p>The union said talks with the operators had broken down after the latest offer.</p></div></div>
            <div class="sidebar"><p>Most popular stories of the week</p></div></body>
            """
        let source = HTMLSource(html: html)
        #expect(source.text.hasPrefix("Rail workers vote to strike\n\nPublished March 5, 2024\n\nRail workers voted"))
        #expect(source.furniture.contains("Home"))
        #expect(source.furniture.contains("Most popular stories of the week"))
    }

    @Test func pageWithoutLandmarksKeepsItsText() {
        let source = HTMLSource(html: "Just some text\nover two lines, no tags at all.")
        #expect(source.text == "Just some text over two lines, no tags at all.")
    }
}
