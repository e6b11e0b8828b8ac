/// Every actor, grouped by kind and A–Z, with source and mention counts.
struct ActorIndexPage {
    let dossier: Dossier

    func page() -> MarkdownPage {
        var page = MarkdownPage(path: SitePaths.actorIndex, kind: .actors, title: "Actors",
                                description: "Every person, organisation, state and bloc in the dossier", markdown: "")
        var md = "# Actors\n\n"
        md += "\(MarkdownText.count(dossier.actors.count, "actor")) named in \(MarkdownText.count(dossier.sources.count, "source")).\n\n"
        if dossier.actors.count >= 2 {
            let network = ActorNetwork(dossier: dossier)
            page.pictures["network.svg"] = network.svg { $0.slug + ".html" }
            md += "## Who appears with whom\n\n"
            md += "![The \(network.actors.count) actors named by the most sources; lines join actors named in the same source, thicker for more shared sources](network.svg)\n\n"
        }
        let byKind = Dictionary(grouping: dossier.actors, by: \.kind)
        for kind in ActorKind.allCases {
            guard let actors = byKind[kind], !actors.isEmpty else { continue }
            md += "## \(kind.plural) (\(actors.count))\n\n"
            md += MarkdownText.header(["Actor", "Sources", "Mentions"], numeric: [false, true, true]) + "\n"
            for actor in actors.sorted(by: { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }) {
                md += MarkdownText.row([MarkdownText.link(actor.name, to: page.link(to: SitePaths.actor(actor.slug))),
                                        "\(actor.appearances.count)", "\(actor.mentions)"]) + "\n"
            }
            md += "\n"
        }
        page.markdown = md
        return page
    }
}
