import Foundation
import Testing
@testable import DossierCore

@Suite struct HTMLCleaningTests {
    let page = """
    <!doctype html><html><head><title>Dam talks | The Example Post</title>
    <meta property="og:site_name" content="The Example Post"><meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2024-06-10T08:00:00Z"><script>document.write('INJECTED')</script></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Engineers inspect the Arvana dam</h1>
    <p>Engineers from both countries inspected the cracked spillway of the Arvana dam on May 3, 2024 after the flood warnings, officials said.</p>
    <p>“Repairs will take months,” said Foreign Minister Anna Kowalczyk. <a href="javascript:alert(1)">click</a></p></article>
    <aside>Related: Dam safety explained</aside><footer>© The Example Post</footer></body></html>
    """

    @Test func anHTMLSourceIsCleanedLikeAnyOther() throws {
        let raw = RawSource(id: "page", file: "page.html", format: .html, text: page, contentHash: "0")
        let clean = SourceCleaner().clean(raw)
        let summary = Extractor(gazetteer: .shared).extract(clean, raw: raw).summary
        #expect(summary.title == "Engineers inspect the Arvana dam", "the page's headline, not its <title>")
        #expect(summary.published == "2024-06-10")
        #expect(summary.outlet == "The Example Post")
        #expect(summary.author == "Jane Roe")
        #expect(clean.paragraphs.map(\.text) == [
            "Engineers from both countries inspected the cracked spillway of the Arvana dam on May 3, 2024 after the flood warnings, officials said.",
            "“Repairs will take months,” said Foreign Minister Anna Kowalczyk. click",
        ])
        #expect(Set(clean.removed.map(\.text)).isSuperset(of: ["Home World", "Related: Dam safety explained"]))
        #expect(!(clean.paragraphs.map(\.text) + clean.removed.map(\.text)).contains { $0.contains("INJECTED") })
        #expect(summary.quotes.first?.speaker == "Anna Kowalczyk")
    }
}
