/// Sources × actors: how often each source mentions each of the most-covered
/// actors. Each source is linked to its page, each actor to theirs, and (for a
/// handful of sources) each count to the actor page's section on how that source portrays them.
/// A handful of sources reads as one table in reading order; hundreds are
/// grouped by genre (one table each, still in reading order) after a genre × actor summary.
struct CoverageMatrix {
    let dossier: Dossier
    let from: MarkdownPage
    var actorLimit = 25
    /// Above this many sources the rows are grouped by genre.
    var groupingThreshold = 30

    /// Actors named by the most sources, most first.
    var columns: [Dossier.Actor] {
        Array(dossier.actors.sorted { ($0.appearances.count, $0.mentions, $1.name) > ($1.appearances.count, $1.mentions, $0.name) }
            .prefix(actorLimit))
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
            for (genre, sources) in genres {
                md += "### \(genre?.plural ?? "Genre not known") (\(sources.count))\n\n" + table(sources, columns: columns) + "\n"
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
        let counts = mentionCounts(columns)
        for index in sources {
            let source = dossier.sources[index]
            let cells = columns.map { actor -> String in
                guard let count = counts[actor.slug]?[index] else { return "·" }
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

    private func note(columns: [Dossier.Actor]) -> String {
        guard dossier.actors.count > columns.count else { return "" }
        return "\nThe \(columns.count) actors named by the most sources; all \(dossier.actors.count) are in the [actor index](\(from.link(to: SitePaths.actorIndex))).\n"
    }

    private func actorLink(_ actor: Dossier.Actor) -> String {
        MarkdownText.link(actor.name, to: from.link(to: SitePaths.actor(actor.slug)))
    }

    private func mentionCounts(_ columns: [Dossier.Actor]) -> [String: [Int: Int]] {
        var counts: [String: [Int: Int]] = [:]
        for actor in columns {
            for appearance in actor.appearances { counts[actor.slug, default: [:]][appearance.source, default: 0] += appearance.mentions }
        }
        return counts
    }
}
