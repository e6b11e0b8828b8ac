import Foundation
import Testing
@testable import DossierCore

/// A dossier built in memory from (file name, text) pairs, through the real stages.
func makeDossier(_ files: [(String, String)], config: DossierConfig = DossierConfig()) throws -> Dossier {
    let raws = files.map { name, text in
        RawSource(id: CorpusReader.id(for: name), file: name, format: .text, text: text, contentHash: ContentHash.of(text))
    }
    let cleaned = raws.map { SourceCleaner().clean($0) }
    let extractor = Extractor(vocabulary: CorpusVocabulary(sources: cleaned))
    let inputs = zip(raws, cleaned).map { DossierAssembler.Input(raw: $0, clean: $1, extraction: extractor.extract($1, raw: $0)) }
    return try DossierAssembler().assemble(CorpusNameResolver().resolve(inputs), config: config)
}

let reportA = """
Ministers meet in Valdoria over grain exports

Published: March 3, 2024

Foreign Minister Anna Kowalczyk met her counterpart Tomas Berger in Valdoria on Monday to discuss grain exports and the sanctions imposed by the European Union.

“We will not accept a deal that leaves farmers behind,” Kowalczyk said after the meeting.

Berger told reporters that Germany and Poland would host a second round of talks in April 2024.
"""

let reportB = """
Grain talks stall as Berger walks out

Published: March 9, 2024

Talks on grain exports stalled on Friday after Berger left the meeting early, according to officials in Berlin.

Kowalczyk said the European Union would review its sanctions before the summer.

The Polish government has asked NATO allies to support the plan.
"""

@Suite struct DossierAssemblerTests {
    @Test func aSurnameInOneSourceIsTheFullNameFromAnother() throws {
        let dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB)])
        let berger = try #require(dossier.actors.first { $0.name == "Tomas Berger" })
        #expect(berger.kind == .person)
        #expect(berger.appearances.count == 2, "source b names him only as Berger")
        #expect(!dossier.actors.contains { $0.name == "Berger" })
        #expect(berger.forms.contains("Berger"))
    }

    @Test func statesAndBlocsAreResolvedAcrossSources() throws {
        let dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB)])
        let union = try #require(dossier.actors.first { $0.name == "European Union" })
        #expect(union.kind == .bloc)
        #expect(union.appearances.count == 2)
        let poland = try #require(dossier.actors.first { $0.name == "Poland" })
        #expect(poland.kind == .state)
        #expect(poland.appearances.count == 2, "“Polish” in source b refers to Poland")
    }

    @Test func slugsAreUniqueAndCoOccurrenceCounted() throws {
        let dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB)])
        #expect(Set(dossier.actors.map(\.slug)).count == dossier.actors.count)
        let anna = try #require(dossier.actors.first { $0.name == "Anna Kowalczyk" })
        #expect(anna.slug == "anna-kowalczyk")
        let partner = try #require(anna.cooccurring.first { $0.slug == "tomas-berger" })
        #expect(partner.sources == 2)
    }

    @Test func theTimelineIsInDateOrder() throws {
        let dossier = try makeDossier([("b.txt", reportB), ("a.txt", reportA)])
        let dates = dossier.timeline.map(\.event.date)
        #expect(dates == dates.sorted())
        #expect(dates.contains("2024-02-26"), "“on Monday” in a report of Sunday March 3, 2024 is the Monday before")
        #expect(dates.contains("2024-04"))
    }

    @Test func twoFilesWithTheSameIDAreRefused() throws {
        #expect(throws: DossierError.self) { try makeDossier([("a.txt", reportA), ("A.txt", reportB)]) }
    }
}

@Suite struct SitePagesTests {
    @Test func everyPageKindIsBuiltWithRelativeMarkdownLinks() throws {
        let dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB)], config: {
            var config = DossierConfig()
            config.title = "Grain"
            config.question = "Will the talks succeed?"
            return config
        }())
        let pages = SitePages(dossier: dossier).all()
        let paths = Set(pages.map(\.path))
        #expect(paths.isSuperset(of: ["index", "actors/index", "compare/index", "timeline", "sources/a", "sources/b", "actors/anna-kowalczyk"]))
        #expect(pages.count == 4 + dossier.sources.count + dossier.actors.count + dossier.pairs.count)

        let briefing = try #require(pages.first { $0.path == "index" })
        #expect(briefing.markdown.hasPrefix("# Grain\n"))
        #expect(briefing.markdown.contains("Will the talks succeed?"))
        #expect(briefing.markdown.contains("](sources/a.md)"))

        let source = try #require(pages.first { $0.path == "sources/a" })
        #expect(source.markdown.contains("](../actors/anna-kowalczyk.md)"))
        for paragraph in dossier.sources[0].clean.paragraphs {
            #expect(source.markdown.contains("<a id=\"p-\(paragraph.number)\"></a>"))
        }

        let actor = try #require(pages.first { $0.path == "actors/tomas-berger" })
        #expect(actor.markdown.contains("](../sources/a.md#p-"))
        #expect(actor.markdown.contains("](../sources/b.md#p-"), "the portrayals link both sources")

        let index = try #require(pages.first { $0.path == "actors/index" })
        #expect(index.markdown.contains("## People"))
        #expect(index.markdown.contains("## States"))

        let matrix = try #require(pages.first { $0.path == "compare/index" })
        #expect(matrix.markdown.contains("| [Ministers meet in Valdoria over grain exports](../sources/a.md) |"))
    }

    /// A long timeline is told a period at a time: years, and months where a year is too long.
    @Test func aLongTimelineIsSplitByYearAndMonth() throws {
        var dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB)])
        let dates = ["1999-1-5", "2019-04-01", "2019-05", "2019", "2020", "2020-01-05", "2020-01-20", "2020-02",
                     "2020-03-01", "2020-03-02", "2020-03-03", "March 2021"]
        dossier.timeline = dates.enumerated().map { number, date in
            Dossier.TimelineEntry(event: DatedEvent(date: date, phrase: date, text: "Event number \(number) happened.", paragraph: 1, actors: []),
                                  source: number % 2)
        }.sorted { $0.event.date < $1.event.date }
        let timeline = TimelinePage(dossier: dossier, pageLimit: 3)
        let periods = timeline.periods()
        #expect(periods.map(\.key) == ["1999", "2019", "2020", "2020-01", "2020-02", "2020-03", "other"])
        #expect(periods.map(\.label) == ["1999", "2019", "2020, month not given", "January 2020", "February 2020", "March 2020", "Other dates"])
        #expect(periods.flatMap(\.entries).sorted() == Array(dossier.timeline.indices), "every event on exactly one page")
        #expect(TimelinePage(dossier: dossier, pageLimit: dates.count).periods().isEmpty, "a timeline within the limit stays one page")

        let pages = SitePages(dossier: dossier, timeline: timeline).all()
        let paths = Set(pages.map(\.path))
        let overview = try #require(pages.first { $0.path == "timeline" })
        for period in periods {
            #expect(overview.markdown.contains("](timeline/\(period.key).md)"), "the timeline lists \(period.key)")
            let page = try #require(pages.first { $0.path == "timeline/" + period.key })
            #expect(page.kind == .timeline && page.markdown.contains("](../timeline.md)"))
            for index in dossier.timeline.indices {
                let text = dossier.timeline[index].event.text
                #expect(page.markdown.contains(text) == period.entries.contains(index), "\(text) on \(period.key)")
            }
            // Every link between pages leads to a page of the site.
            for link in page.markdown.components(separatedBy: "](../").dropFirst() {
                let target = String(link.prefix { $0 != ")" && $0 != "#" }.dropLast(3))
                #expect(paths.contains(target), "\(period.key) links to \(target)")
            }
        }
        let march = try #require(pages.first { $0.path == "timeline/2020-03" })
        #expect(march.markdown.contains("](../timeline/2020-02.md)") && march.markdown.contains("](../timeline/other.md)"), "the periods before and after")
        #expect(!overview.markdown.contains("Event number"), "the overview lists periods, not events")
    }

    /// A large dossier's coverage matrix keeps the genre summary on the comparisons page and
    /// gives the rows pages of their own, a genre at a time and a few rows a page.
    @Test func aLargeCoverageMatrixHasPagesOfRows() throws {
        let dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB), ("c.txt", reportA.replacingOccurrences(of: "Monday", with: "Tuesday"))])
        let comparisons = MarkdownPage(path: SitePaths.comparisons, kind: .compare, title: "Comparisons", markdown: "")
        let matrix = CoverageMatrix(dossier: dossier, from: comparisons, groupingThreshold: 1, pagingThreshold: 2, pageRows: 2)
        let parts = matrix.parts
        #expect(parts.flatMap(\.sources).sorted() == Array(dossier.sources.indices), "every source is a row of one page")
        #expect(parts.allSatisfy { $0.sources.count <= 2 } && parts.count > Set(parts.map(\.genre)).count, "a genre's rows split across pages")
        for part in parts { #expect(part.sources.allSatisfy { dossier.sources[$0].summary.genre == part.genre }) }
        #expect(Set(parts.map(\.path)).count == parts.count, "each part its own page")
        #expect(CoverageMatrix(dossier: dossier, from: comparisons, groupingThreshold: 1, pagingThreshold: 3).parts.isEmpty)
        let summary = matrix.markdown()
        #expect(!summary.contains("](../sources/"), "no source rows on the comparisons page")
        let pages = SitePages(dossier: dossier, timeline: TimelinePage(dossier: dossier), coverage: matrix).all()
        let paths = Set(pages.map(\.path))
        let comparisonsPage = try #require(pages.first { $0.path == SitePaths.comparisons })
        for part in parts {
            #expect(summary.contains("](../\(part.path).md)"), "the matrix links \(part.path)")
            #expect(comparisonsPage.markdown.contains("](../\(part.path).md)"), "the comparisons page links \(part.path)")
            let page = try #require(pages.first { $0.path == part.path })
            #expect(page.kind == .compare && page.markdown.contains("](../compare/index.md)"))
            for index in dossier.sources.indices {
                #expect(page.markdown.contains("](../sources/\(dossier.sources[index].slug).md)") == part.sources.contains(index))
            }
            for link in page.markdown.components(separatedBy: "](../").dropFirst() {
                let target = String(link.prefix { $0 != ")" && $0 != "#" }.dropLast(3))
                #expect(paths.contains(target), "\(part.path) links to \(target)")
            }
        }
    }

    @Test func hostileSourceTextStaysText() throws {
        let hostile = """
        Headline <script>alert(1)</script>

        A paragraph with <img src=x onerror=alert(1)> and [a link](javascript:alert(2)) and ![x](http://evil.example/t.png) that goes on long enough to read as prose for the cleaner.

        </textarea><svg onload=alert(3)> **not bold** | a | table |
        """
        let dossier = try makeDossier([("h.txt", hostile)])
        let renderer = MarkdownRenderer()
        for page in SitePages(dossier: dossier).all() {
            let html = renderer.html(from: page.markdown)
            #expect(!html.contains("<script"), "\(page.path)")
            #expect(!html.contains("<img"), "\(page.path)")
            #expect(!html.contains("<svg"), "\(page.path)")
            #expect(!html.contains("href=\"javascript:"), "\(page.path)")
            #expect(!html.contains("src=\"http://evil"), "\(page.path)")
        }
        let source = try #require(SitePages(dossier: dossier).all().first { $0.kind == .source })
        #expect(renderer.html(from: source.markdown).contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    /// An analyst types dates and publication dates into summary files: whatever they type stays
    /// text on every page that shows it, and an ISO date stays as it is.
    @Test func datesFromSummaryFilesStayText() throws {
        let raws = [("a.txt", reportA), ("b.txt", reportB)].map { name, text in
            RawSource(id: CorpusReader.id(for: name), file: name, format: .text, text: text, contentHash: ContentHash.of(text))
        }
        let cleaned = raws.map { SourceCleaner().clean($0) }
        let extractor = Extractor(vocabulary: CorpusVocabulary(sources: cleaned))
        let typed = "2024 | **bold** <b>x</b> [link](page.md)"
        var inputs = zip(raws, cleaned).map { DossierAssembler.Input(raw: $0, clean: $1, extraction: extractor.extract($1, raw: $0)) }
        try #require(!inputs[0].extraction.summary.events.isEmpty)
        inputs[0].extraction.summary.events[0].date = typed
        inputs[0].extraction.summary.published = typed
        let dossier = try DossierAssembler().assemble(CorpusNameResolver().resolve(inputs), config: DossierConfig())
        let renderer = MarkdownRenderer()
        var shown = 0
        for page in SitePages(dossier: dossier).all() {
            let html = renderer.html(from: page.markdown)
            #expect(!html.contains("<strong>bold</strong>") && !html.contains("<b>x") && !html.contains("href=\"page.html\""), "\(page.path)")
            if html.contains("2024 | **bold** &lt;b&gt;x&lt;/b&gt; [link](page.md)") { shown += 1 }
        }
        #expect(shown >= 3, "the typed date shows as typed on the source page, the timeline and the briefing")
        #expect(MarkdownText.escape("2024-03-09") == "2024-03-09", "an ISO date needs no escaping")
    }
}

/// `renameActors` skips the quotes and mentions when every actor keeps its name: what it leaves
/// must be what renaming them all to themselves would.
@Suite struct ActorRenamingTests {
    @Test func actorsKeepingTheirNamesLeaveTheExtractionAsARenamingWould() throws {
        let raw = RawSource(id: "a", file: "a.txt", format: .text, text: reportA, contentHash: ContentHash.of(reportA))
        let clean = SourceCleaner().clean(raw)
        var extraction = Extractor(vocabulary: CorpusVocabulary(sources: [clean])).extract(clean, raw: raw)
        try #require(!extraction.summary.events.isEmpty && !extraction.summary.quotes.isEmpty && extraction.summary.actors.count >= 2)
        extraction.unexplained = []
        let names = extraction.summary.actors.map(\.name)
        let keys = extraction.mentions.map(\.key)
        try #require(keys.contains(names[0]))

        var same = extraction
        same.renameActors(same.summary.actors) { $0 }
        #expect(same.summary.actors.map(\.name) == names)
        #expect(same.summary.quotes == extraction.summary.quotes)
        #expect(same.summary.events == extraction.summary.events, "an extraction's events list their actors in order already")
        #expect(same.mentions.map(\.key) == keys)

        // An event listing its names out of order, one twice: sorted, each once, as a renaming leaves them.
        extraction.summary.events[0].actors = ["Zed Other", names[0], "Abe Other", names[0]]
        same = extraction
        same.renameActors(same.summary.actors) { $0 }
        #expect(same.summary.events[0].actors == ["Abe Other", "Zed Other", names[0]].sorted())
        #expect(same.summary.quotes == extraction.summary.quotes)

        // A real renaming reaches the events, the quotes' speakers and the mentions.
        var renamed = extraction
        renamed.renameActors(renamed.summary.actors) { actor in
            var actor = actor
            if actor.name == names[0] { actor.name = "Renamed Person" }
            return actor
        }
        #expect(renamed.summary.events[0].actors == ["Abe Other", "Renamed Person", "Zed Other"])
        #expect(renamed.mentions.contains { $0.key == "Renamed Person" } && !renamed.mentions.contains { $0.key == names[0] })
        #expect(!renamed.summary.quotes.contains { $0.speaker == names[0] })
    }
}

@Suite struct SlugTests {
    @Test(arguments: [
        ("Zoë Ångström", "zoe-angstrom"), ("Europe's Future", "europes-future"), ("  --  ", "untitled"),
        ("U.S.", "u-s"), ("000_221721d8d9125a1d", "000_221721d8d9125a1d"), ("São Tomé & Príncipe", "sao-tome-principe"),
    ])
    func slugs(input: String, expected: String) {
        #expect(Slug.make(input) == expected)
    }
}

@Suite struct TimelineConflictTests {
    let first = """
    Dam talks report

    Published: June 10, 2024

    Engineers from both countries inspected the cracked spillway of the Arvana dam on May 3, 2024 after the flood warnings.

    The ministry said repairs would take several months and cost more than expected.
    """
    let second = """
    Spillway inspection follows flood warnings

    Published: June 12, 2024

    Engineers from both countries inspected the cracked spillway of the Arvana dam on May 5, 2024 after flood warnings.

    Officials declined to comment on the cost of the repairs.
    """
    let third = """
    Dam inspection, a summary

    Published: June 20, 2024

    Engineers inspected the cracked spillway of the Arvana dam in May 2024 after the flood warnings from both countries.
    """

    @Test func theSameEventWithDifferentDatesIsMarked() throws {
        let dossier = try makeDossier([("a.txt", first), ("b.txt", second), ("c.txt", third)])
        let may3 = try #require(dossier.timeline.first { $0.event.date == "2024-05-03" })
        let may5 = try #require(dossier.timeline.first { $0.event.date == "2024-05-05" })
        let may = try #require(dossier.timeline.first { $0.event.date == "2024-05" })
        #expect(may3.conflicts.map { dossier.timeline[$0].event.date } == ["2024-05-05"])
        #expect(may5.conflicts.map { dossier.timeline[$0].event.date } == ["2024-05-03"])
        #expect(may.conflicts.isEmpty, "“in May 2024” agrees with both")
        let page = try #require(SitePages(dossier: dossier).all().first { $0.kind == .timeline })
        #expect(page.markdown.contains("⚠ **conflict:**"))
    }

    @Test func differentEventsOnDifferentDatesAreNotConflicts() throws {
        let dossier = try makeDossier([("a.txt", first), ("d.txt", """
        Unrelated

        Published: June 11, 2024

        The central bank raised interest rates by half a point on May 9, 2024 to curb inflation across the region.
        """)])
        #expect(dossier.timeline.allSatisfy { $0.conflicts.isEmpty })
    }
}
