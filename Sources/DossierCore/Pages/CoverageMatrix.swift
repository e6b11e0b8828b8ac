/// Sources × actors: how often each source mentions each of the most-covered actors.
struct CoverageMatrix {
    let dossier: Dossier
    let from: MarkdownPage
    var actorLimit = 20

    /// Actors named by the most sources, most first.
    var columns: [Dossier.Actor] {
        Array(dossier.actors.sorted { ($0.appearances.count, $0.mentions, $1.name) > ($1.appearances.count, $1.mentions, $0.name) }
            .prefix(actorLimit))
    }

    func markdown() -> String {
        let columns = self.columns
        guard !columns.isEmpty else { return "No actors to compare yet.\n" }
        var counts: [String: [Int: Int]] = [:]
        for actor in columns {
            for appearance in actor.appearances { counts[actor.slug, default: [:]][appearance.source] = appearance.mentions }
        }
        var md = MarkdownText.header(["Source", "Genre", "Flags"] + columns.map { MarkdownText.link($0.name, to: from.link(to: SitePaths.actor($0.slug))) },
                                     numeric: [false, false, false] + columns.map { _ in true }) + "\n"
        for (index, source) in dossier.sources.enumerated() {
            let cells = columns.map { actor in counts[actor.slug]?[index].map(String.init) ?? "·" }
            md += MarkdownText.row([
                MarkdownText.link(source.summary.title, to: from.link(to: SitePaths.source(source.slug))),
                source.summary.genre?.rawValue ?? "—",
                source.summary.flags.isEmpty ? "—" : MarkdownText.escape(source.summary.flagList),
            ] + cells) + "\n"
        }
        if dossier.actors.count > columns.count {
            md += "\nThe \(columns.count) actors named by the most sources; all \(dossier.actors.count) are in the [actor index](\(from.link(to: SitePaths.actorIndex))).\n"
        }
        return md
    }
}
