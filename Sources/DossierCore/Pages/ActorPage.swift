/// One actor across the corpus: names, roles by source, mentions in context,
/// quotes, events and the actors they appear with.
struct ActorPage {
    let dossier: Dossier
    let actor: Dossier.Actor
    /// Context lines shown per source before the page points to the source itself.
    var contextLimit = 12

    func page() -> MarkdownPage {
        var page = MarkdownPage(path: SitePaths.actor(actor.slug), kind: .actor, title: actor.name,
                                description: "\(actor.kind.rawValue) in \(MarkdownText.count(actor.appearances.count, "source"))", markdown: "")
        func sourceLink(_ index: Int, anchor: String? = nil, label: String? = nil) -> String {
            let source = dossier.sources[index]
            return MarkdownText.link(label ?? source.summary.title, to: page.link(to: SitePaths.source(source.slug), anchor: anchor))
        }
        var md = "# \(MarkdownText.escape(actor.name))\n\n"
        md += "**Kind:** \(actor.kind.rawValue) · **Sources:** \(actor.appearances.count) · **Mentions:** \(actor.mentions)\n\n"
        let aliases = actor.forms.filter { $0 != actor.name }
        if !aliases.isEmpty {
            md += "**Also named:** \(aliases.map(MarkdownText.escape).joined(separator: ", "))\n\n"
        }

        md += "## Sources\n\n"
        md += MarkdownText.header(["Source", "Mentions", "Roles given"], numeric: [false, true, false]) + "\n"
        for appearance in actor.appearances {
            md += MarkdownText.row([sourceLink(appearance.source), "\(appearance.mentions)",
                                    appearance.roles.isEmpty ? "—" : MarkdownText.escape(appearance.roles.joined(separator: "; "))]) + "\n"
        }
        md += "\n"

        md += "## Mentions in context\n\n"
        for appearance in actor.appearances {
            let source = dossier.sources[appearance.source]
            let contexts = source.mentionSentences[appearance.localName] ?? []
            guard !contexts.isEmpty else { continue }
            md += "### \(sourceLink(appearance.source))\n\n"
            for context in contexts.prefix(contextLimit) {
                md += "- \(MarkdownText.escape(context.sentence)) "
                md += "(\(sourceLink(appearance.source, anchor: SitePaths.paragraphAnchor(context.paragraph), label: "¶\(context.paragraph)")))\n"
            }
            if contexts.count > contextLimit {
                md += "- … and \(contexts.count - contextLimit) more in \(sourceLink(appearance.source, label: "the source"))\n"
            }
            md += "\n"
        }

        let quotes = actor.appearances.flatMap { appearance in
            dossier.sources[appearance.source].summary.quotes.filter { $0.speaker == appearance.localName }.map { (appearance.source, $0) }
        }
        md += "## Quotes\n\n"
        if quotes.isEmpty { md += "No quotes attributed.\n\n" }
        for (index, quote) in quotes {
            md += "> “\(MarkdownText.escape(quote.text))”\n>\n> — \(sourceLink(index, anchor: SitePaths.paragraphAnchor(quote.paragraph)))\n\n"
        }

        let events = actor.appearances.flatMap { appearance in
            dossier.sources[appearance.source].summary.events.filter { $0.actors.contains(appearance.localName) }.map { (appearance.source, $0) }
        }.sorted { ($0.1.date, $0.0) < ($1.1.date, $1.0) }
        md += "## Events\n\n"
        if events.isEmpty { md += "No dated events name this actor.\n\n" }
        for (index, event) in events {
            md += "- **\(event.date)** — \(MarkdownText.escape(event.text)) (\(sourceLink(index, anchor: SitePaths.paragraphAnchor(event.paragraph), label: "¶\(event.paragraph)")))\n"
        }
        if !events.isEmpty { md += "\n" }

        md += "## Appears with\n\n"
        if actor.cooccurring.isEmpty { md += "No other actor shares a source.\n" }
        for other in actor.cooccurring {
            guard let partner = dossier.actor(slug: other.slug) else { continue }
            md += "- \(MarkdownText.link(partner.name, to: page.link(to: SitePaths.actor(partner.slug)))) — \(MarkdownText.count(other.sources, "shared source"))\n"
        }
        page.markdown = md
        return page
    }
}
