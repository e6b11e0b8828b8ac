import Foundation
import Testing
@testable import DossierCore

/// A rebuild links a page whose inputs digest (`PageInputs`) is unchanged without building it,
/// so the digest must change whenever the page would. Each edit below changes a small corpus;
/// every page of the edited dossier whose inputs digest equals the original's must be the same page.
@Suite struct PageInputsTests {
    static let dam = """
        Dam talks report

        Published: June 10, 2024

        Engineers from both countries inspected the cracked spillway of the Arvana dam on May 3, 2024 after the flood warnings.

        Anna Kowalczyk said repairs would take several months and cost more than expected, the ministry said on May 4, 2024.
        """
    static let spillway = """
        Spillway inspection follows flood warnings

        Published: June 12, 2024

        Engineers from both countries inspected the cracked spillway of the Arvana dam on May 5, 2024 after severe flood warnings.

        Anna Kowalczyk declined to comment on the cost of the repairs on June 1, 2024.
        """
    static let corpus = [("a.txt", reportA), ("b.txt", reportB), ("dam.txt", dam), ("spillway.txt", spillway)]

    /// Every page with inputs, by path: (inputs digest, the page). The timeline is split into
    /// periods of at most two events, and the coverage matrix into pages of one row, so that
    /// period and row pages are checked too.
    static func pages(_ files: [(String, String)]) throws -> [String: (inputs: String, page: MarkdownPage)] {
        let dossier = try makeDossier(files)
        var coverage = CoverageMatrix.onComparisonsPage(dossier)
        (coverage.pagingThreshold, coverage.pageRows) = (2, 1)
        let pages = SitePages(dossier: dossier, timeline: TimelinePage(dossier: dossier, pageLimit: 2), coverage: coverage)
        let sources = SourceDigests(dossier)
        var result: [String: (inputs: String, page: MarkdownPage)] = [:]
        for number in 0..<pages.count {
            let page = pages.page(number)
            guard let inputs = pages.inputs(number, settings: "settings", sources: sources) else { continue }
            #expect(inputs.path == page.path && inputs.kind == page.kind, "the inputs name the page they are for")
            result[page.path] = (inputs.digest, page)
        }
        return result
    }

    static func edited(_ name: String, _ change: (String) -> String) -> [(String, String)] {
        corpus.map { $0.0 == name ? ($0.0, change($0.1)) : $0 }
    }

    @Test(arguments: [
        ("an event redated", edited("spillway.txt") { $0.replacingOccurrences(of: "May 5, 2024", with: "May 7, 2024") }),
        ("a source retitled", edited("dam.txt") { $0.replacingOccurrences(of: "Dam talks report", with: "The dam, a report") }),
        ("a sentence appended", edited("a.txt") { $0 + "\n\nTomas Berger said on May 4, 2024 that the grain talks would resume.\n" }),
        ("an actor's name changed", edited("spillway.txt") { $0.replacingOccurrences(of: "Anna Kowalczyk", with: "Anna Kowalska") }),
        // A word of one of two linked sentences, used in a third source: its weight, and the two
        // sentences' similarity as printed (0.93 → 0.95), move; nothing else on their pair's page does.
        ("a word of a linked sentence used in another source", edited("a.txt") { $0 + "\n\nFarmers warned of severe losses.\n" }),
        ("a source removed", Array(corpus.dropLast())),
        ("a source added", corpus + [("c.txt", dam.replacingOccurrences(of: "Dam talks report", with: "A second dam report"))]),
    ])
    func aPageWithTheSameInputsIsTheSamePage(edit: String, files: [(String, String)]) throws {
        let before = try Self.pages(Self.corpus)
        let after = try Self.pages(files)
        var same = 0, changed = 0
        for (path, page) in after {
            guard let old = before[path] else { continue }
            if old.inputs == page.inputs {
                #expect(old.page == page.page, "after \(edit), \(path) changed but its inputs did not")
                same += 1
            } else {
                changed += 1
            }
        }
        #expect(same > 0 && changed > 0, "after \(edit), some pages keep their inputs and some do not")
    }

    /// An actor's page shows of each source only its title, genre, flags and what names the actor:
    /// a sentence that names no actor, added to a source, builds that source's page again, not the
    /// page of every actor the source names (at 10,000 sources the largest are megabytes).
    @Test func anActorsPageKeepsItsInputsWhenASourceChangesWhatThePageDoesNotShow() throws {
        let before = try Self.pages(Self.corpus)
        let after = try Self.pages(Self.edited("dam.txt") { $0 + "\n\nThe weather was mild for the season.\n" })
        let actorPages = before.keys.filter { $0.hasPrefix("actors/") && $0 != "actors/index" }
        #expect(!actorPages.isEmpty)
        for path in actorPages { #expect(after[path]?.inputs == before[path]?.inputs, "\(path)") }
        #expect(after["sources/dam"]?.inputs != before["sources/dam"]?.inputs, "the source's own page is built again")
        #expect(before.keys.contains { $0.hasPrefix("compare/coverage-") }, "the matrix's pages of rows are checked")
    }

    /// An event dated relative to the publication ("on Monday") moves when only the source's
    /// publication date does: the sentences naming the actor stay as they were, and the actor's
    /// page must still see its event's new date.
    @Test func anActorsEventRedatedWithoutItsSentenceChangingChangesTheActorsInputs() throws {
        let visit = ("visit.txt", "Minister visits the dam\n\nPublished: June 10, 2024\n\nAnna Kowalczyk visited the Arvana dam on Monday with the engineers.\n")
        let before = try Self.pages(Self.corpus + [visit])
        let after = try Self.pages(Self.corpus + [(visit.0, visit.1.replacingOccurrences(of: "June 10, 2024", with: "June 17, 2024"))])
        let actor = try #require(before["actors/anna-kowalczyk"])
        #expect(actor.page.markdown.contains("2024-06-10"), "the fixture dates the visit from the publication")
        #expect(after["actors/anna-kowalczyk"]?.page != actor.page && after["actors/anna-kowalczyk"]?.inputs != actor.inputs)
        for (path, page) in after where before[path]?.inputs == page.inputs {
            #expect(before[path]?.page == page.page, "\(path) changed but its inputs did not")
        }
    }

    /// A pair page's similarities are printed as printf prints them, the half-hundredths (which
    /// printf rounds to even, and whose products by 100 may fall either side) included.
    @Test func aSimilarityIsPrintedAsPrintfPrintsIt() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, 1, 0.5, 0.125, 0.375, 0.625, 0.875, 0.005, 0.015, 0.025, 0.995, 0.994999999, 0.99999, 1e-9]
        for hundredth in 0...100 {
            let value = Double(hundredth) / 100
            values += [value, value + 0.005, value - 0.005, value.nextUp, value.nextDown, (value + 0.005).nextUp, (value + 0.005).nextDown]
        }
        values += (0..<20_000).map { _ in Double.random(in: 0...1, using: &generator) }
        for value in values where value >= 0 && value <= 1 {
            #expect(PairComparisonPage.similarity(value) == String(format: "%.2f", value), "\(value)")
        }
    }

    /// A source's digest stands for its whole summary: each field, changed alone, changes it. The
    /// field counts fail when a field is added to a summary's parts and not to `SourceSummary.addDigest`.
    @Test func everyFieldOfASummaryChangesTheSourceDigest() {
        let summary = SourceSummary(
            id: "a", file: "a.txt", title: "Title", published: "2024-01-02", outlet: "Outlet", author: "Author", genre: .analysis,
            genreEvidence: "headings", flags: [ReliabilityFlag(.truncated, evidence: "cut")],
            actors: [ActorMention(name: "Anna", kind: .person, forms: ["Anna"], roles: ["minister"], mentions: 2, paragraphs: [1, 2])],
            quotes: [Quote(speaker: "Anna", text: "We will.", paragraph: 2)],
            events: [DatedEvent(date: "2024-01-01", phrase: "on Monday", text: "She met them on Monday.", paragraph: 1, actors: ["Anna"])],
            claims: [Claim(text: "She met them.", paragraph: 1)])
        func digest(_ summary: SourceSummary) -> UInt64 {
            var hash = ContentHash.WordAtATime()
            summary.addDigest(to: &hash)
            return hash.value
        }
        let edits: [(String, (inout SourceSummary) -> Void)] = [
            ("id", { $0.id = "b" }), ("file", { $0.file = "b.txt" }), ("title", { $0.title = "Other" }),
            ("published", { $0.published = nil }), ("outlet", { $0.outlet = "Other" }), ("author", { $0.author = nil }),
            ("genre", { $0.genre = .opinion }), ("genre evidence", { $0.genreEvidence = "other" }),
            ("flag", { $0.flags[0].flag = .socialMedia }), ("flag evidence", { $0.flags[0].evidence = "other" }),
            ("actor name", { $0.actors[0].name = "Ann" }), ("actor kind", { $0.actors[0].kind = .organisation }),
            ("actor forms", { $0.actors[0].forms.append("A.") }), ("actor roles", { $0.actors[0].roles = [] }),
            ("actor mentions", { $0.actors[0].mentions = 3 }), ("actor paragraphs", { $0.actors[0].paragraphs = [1] }),
            ("quote speaker", { $0.quotes[0].speaker = nil }), ("quote text", { $0.quotes[0].text = "We won't." }),
            ("quote paragraph", { $0.quotes[0].paragraph = 3 }),
            ("event date", { $0.events[0].date = "2024-01-03" }), ("event phrase", { $0.events[0].phrase = "on Tuesday" }),
            ("event text", { $0.events[0].text = "Other." }), ("event paragraph", { $0.events[0].paragraph = 2 }),
            ("event actors", { $0.events[0].actors = [] }),
            ("claim text", { $0.claims[0].text = "Other." }), ("claim paragraph", { $0.claims[0].paragraph = 2 }),
            ("a second claim", { $0.claims.append(Claim(text: "More.", paragraph: 2)) }),
        ]
        var seen: Set<UInt64> = [digest(summary)]
        for (name, edit) in edits {
            var changed = summary
            edit(&changed)
            #expect(seen.insert(digest(changed)).inserted, "changing the \(name) changes the digest")
        }
        let fields = [summary, summary.flags[0], summary.actors[0], summary.quotes[0], summary.events[0], summary.claims[0]] as [Any]
        #expect(fields.map { Mirror(reflecting: $0).children.count } == [13, 2, 6, 3, 5, 2], "a field the digest does not know")
    }

    /// The digest of the same dossier is the same from build to build: pages are skipped at all.
    @Test func theSameDossierGivesTheSameInputs() throws {
        let one = try Self.pages(Self.corpus)
        let two = try Self.pages(Self.corpus)
        #expect(one.mapValues(\.inputs) == two.mapValues(\.inputs))
        #expect(one.keys.contains { $0.hasPrefix("timeline/") } && one.keys.contains { $0.hasPrefix("compare/") })
    }
}
