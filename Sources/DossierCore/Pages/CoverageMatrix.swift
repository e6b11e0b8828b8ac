/// Sources × actors: how often each source mentions each of the most-covered
/// actors. Each source is linked to its page, each actor to theirs, and (for a
/// handful of sources) each count to the actor page's section on how that source portrays them.
/// A handful of sources reads as one table in reading order; hundreds are
/// grouped by genre (one table each, still in reading order) after a genre × actor summary.
struct CoverageMatrix {
    let dossier: Dossier
    var from: MarkdownPage
    var actorLimit = 25
    /// Above this many sources the rows are grouped by genre.
    var groupingThreshold = 30
    /// Above this many sources the rows leave the comparisons page for pages of their own, a
    /// genre's rows `pageRows` at a time in reading order: 10,000 rows made 13 MB of one page.
    var pagingThreshold = 1000
    var pageRows = 1000

    /// One page of a large matrix's rows.
    struct Part: Sendable, Equatable {
        var genre: Genre?
        /// 1-based, within the genre.
        var number: Int
        /// Indexes into `dossier.sources`, in reading order.
        var sources: [Int]
        /// Rows `first...last` of the genre, 1-based.
        var first: Int
        var last: Int

        /// `news-report`, then `news-report-2`, …
        var name: String { (genre?.rawValue ?? "unknown") + (number == 1 ? "" : "-\(number)") }
        var path: String { SitePaths.coverage(name) }
    }

    /// The comparisons page's matrix, which its pages of rows come from too.
    static func onComparisonsPage(_ dossier: Dossier) -> CoverageMatrix {
        CoverageMatrix(dossier: dossier, from: MarkdownPage(path: SitePaths.comparisons, kind: .compare, title: "Comparisons", markdown: ""))
    }

    /// The pages of the rows, genre by genre: none for a dossier within `pagingThreshold`.
    var parts: [Part] {
        guard dossier.sources.count > pagingThreshold else { return [] }
        return genres.flatMap { genre, sources in
            stride(from: 0, to: sources.count, by: pageRows).map { start in
                let end = min(start + pageRows, sources.count)
                return Part(genre: genre, number: start / pageRows + 1, sources: Array(sources[start..<end]), first: start + 1, last: end)
            }
        }
    }

    /// Actors named by the most sources, most first. Each actor's counts are worked out once (its
    /// mentions are a sum over its appearances), and numbers are sorted, not the actors themselves.
    var columns: [Dossier.Actor] {
        let counts = dossier.actors.map { (sources: $0.appearances.count, mentions: $0.mentions) }
        let order = dossier.actors.indices.sorted { a, b in
            (counts[a].sources, counts[a].mentions, dossier.actors[b].name) > (counts[b].sources, counts[b].mentions, dossier.actors[a].name)
        }
        return order.prefix(actorLimit).map { dossier.actors[$0] }
    }

    /// The sources' genres in the order of `Genre.allCases`, unknown last, each with its sources in reading order.
    var genres: [(genre: Genre?, sources: [Int])] {
        let byGenre = Dictionary(grouping: dossier.sources.indices, by: { dossier.sources[$0].summary.genre })
        return (Genre.allCases.map { Optional($0) } + [nil]).compactMap { genre in
            byGenre[genre].map { (genre: genre, sources: $0.sorted()) }
        }
    }

    /// The whole matrix: one table, or a genre summary and a table per genre.
    func markdown() -> String {
        let columns = self.columns
        guard !columns.isEmpty else { return "No actors to compare yet.\n" }
        var md = ""
        if dossier.sources.count <= groupingThreshold {
            md += table(dossier.sources.indices.map { $0 }, columns: columns, linkCounts: true)
        } else {
            md += "### By genre\n\nHow many sources of each genre name each actor.\n\n" + genreSummary(columns: columns) + "\n"
            let parts = self.parts
            for (genre, sources) in genres {
                md += "### \(genre?.plural ?? "Genre not known") (\(sources.count))\n\n"
                if parts.isEmpty {
                    md += table(sources, columns: columns) + "\n"
                } else {
                    let links = parts.filter { $0.genre == genre }.map { MarkdownText.link("rows \($0.first)–\($0.last)", to: from.link(to: $0.path)) }
                    md += "Each source's mentions, on pages of their own: " + links.joined(separator: " · ") + "\n\n"
                }
            }
        }
        return md + note(columns: columns)
    }

    /// Only the genre × actor summary: the matrix of a large dossier at a glance.
    func summary() -> String {
        let columns = self.columns
        guard !columns.isEmpty else { return "No actors to compare yet.\n" }
        return genreSummary(columns: columns) + note(columns: columns)
    }

    /// One row per source, numbered by its place in reading order, genre and flags beside it.
    /// `linkCounts`: each count links to the actor page's section on the source (left out for
    /// hundreds of sources, where it would multiply the page's size for little use).
    func table(_ sources: [Int], columns: [Dossier.Actor], linkCounts: Bool = false) -> String {
        var md = MarkdownText.header(["#", "Source", "Genre", "Flags"] + columns.map(actorLink),
                                     numeric: [true, false, false, false] + columns.map { _ in true }) + "\n"
        for index in sources {
            let source = dossier.sources[index]
            // The source's own counts, not the actors' appearances: an actor most sources name has
            // thousands, and a large matrix is paged, each page a thousand rows.
            let cells = columns.map { actor -> String in
                guard let count = source.actorMentions[actor.slug] else { return "·" }
                guard linkCounts else { return "\(count)" }
                return "[\(count)](\(from.link(to: SitePaths.actor(actor.slug), anchor: SitePaths.sourceAnchor(source.slug))))"
            }
            md += MarkdownText.row([
                "\(index + 1)",
                MarkdownText.link(source.summary.title, to: from.link(to: SitePaths.source(source.slug))),
                source.summary.genre?.rawValue ?? "—",
                source.summary.flags.isEmpty ? "—" : MarkdownText.escape(source.summary.flagList),
            ] + cells) + "\n"
        }
        return md
    }

    /// Genre × actor: the number of sources of the genre that name the actor.
    func genreSummary(columns: [Dossier.Actor]) -> String {
        var md = MarkdownText.header(["Genre", "Sources"] + columns.map(actorLink), numeric: [false, true] + columns.map { _ in true }) + "\n"
        for (genre, sources) in genres {
            let members = Set(sources)
            let cells = columns.map { actor -> String in
                let count = Set(actor.appearances.map(\.source)).intersection(members).count
                return count == 0 ? "·" : "\(count)"
            }
            md += MarkdownText.row([genre?.rawValue ?? "unknown", "\(sources.count)"] + cells) + "\n"
        }
        return md
    }

    /// The page of one part of a large matrix's rows, linked to the genre's other parts.
    func page(_ part: Part, of parts: [Part]) -> MarkdownPage {
        let siblings = parts.filter { $0.genre == part.genre }
        let title = "Coverage: " + (part.genre?.plural ?? "Genre not known") + (siblings.count > 1 ? ", rows \(part.first)–\(part.last)" : "")
        var page = MarkdownPage(path: part.path, kind: .compare, title: title,
                                description: "Mentions of the most-covered actors in each source of the genre", markdown: "")
        var matrix = self
        matrix.from = page
        let columns = matrix.columns
        var md = "# \(MarkdownText.escape(title))\n\n[All comparisons](\(page.link(to: SitePaths.comparisons)))"
        for sibling in siblings where sibling != part { md += " · " + MarkdownText.link("rows \(sibling.first)–\(sibling.last)", to: page.link(to: sibling.path)) }
        md += "\n\nMentions of each actor in each source's body; · where a source does not name the actor. Sources in reading order (#).\n\n"
        md += columns.isEmpty ? "No actors to compare yet.\n" : matrix.table(part.sources, columns: columns) + matrix.note(columns: columns)
        page.markdown = md
        return page
    }

    /// What `page(_:of:)` reads (see `PageInputs`): the part and its siblings' rows, the columns'
    /// actors, and each row's source as the table shows it (title, genre, flags, its counts).
    func inputs(_ part: Part, of parts: [Part], into inputs: inout PageInputs) {
        inputs.add(part.genre?.rawValue)
        for sibling in parts where sibling.genre == part.genre {
            inputs.add(sibling.path)
            inputs.add(sibling.first)
            inputs.add(sibling.last)
        }
        let columns = self.columns
        inputs.add(columns.count)
        for actor in columns {
            inputs.add(actor.name)
            inputs.add(actor.slug)
        }
        inputs.add(dossier.actors.count)
        inputs.add(part.sources.count)
        for index in part.sources {
            inputs.add(index)
            inputs.add(listing: index)
            for actor in columns { inputs.add(dossier.sources[index].actorMentions[actor.slug] ?? -1) }
        }
    }

    private func note(columns: [Dossier.Actor]) -> String {
        guard dossier.actors.count > columns.count else { return "" }
        return "\nThe \(columns.count) actors named by the most sources; all \(dossier.actors.count) are in the [actor index](\(from.link(to: SitePaths.actorIndex))).\n"
    }

    private func actorLink(_ actor: Dossier.Actor) -> String {
        MarkdownText.link(actor.name, to: from.link(to: SitePaths.actor(actor.slug)))
    }
}
