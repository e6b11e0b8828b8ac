/// One actor across the corpus: names, how each source portrays them (roles and
/// the sentences that name them, source by source), quotes, events and the
/// actors they appear with.
struct ActorPage {
    let dossier: Dossier
    let actor: Dossier.Actor
    /// Context lines shown per source before the page points to the source itself.
    static let contextLimit = 12

    func page() -> MarkdownPage {
        var page = MarkdownPage(path: SitePaths.actor(actor.slug), kind: .actor, title: actor.name,
                                description: "\(actor.kind.rawValue) in \(MarkdownText.count(actor.appearances.count, "source"))", markdown: "")
        func sourceLink(_ index: Int, anchor: String? = nil, label: String? = nil) -> String {
            // Read in place: called for every row and sentence of the page.
            MarkdownText.link(label ?? dossier.sources[index].summary.title, to: page.link(to: SitePaths.source(dossier.sources[index].slug), anchor: anchor))
        }
        var md = "# \(MarkdownText.escape(actor.name))\n\n"
        md += "**Kind:** \(actor.kind.rawValue) · **Sources:** \(actor.appearances.count) · **Mentions:** \(actor.mentions)\n\n"
        let aliases = actor.forms.filter { $0 != actor.name }
        if !aliases.isEmpty {
            md += "**Also named:** \(aliases.map(MarkdownText.escape).joined(separator: ", "))\n\n"
        }

        md += portrayals(page: page, sourceLink: sourceLink)
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
            md += "- **\(MarkdownText.escape(event.date))** — \(MarkdownText.escape(event.text)) (\(sourceLink(index, anchor: SitePaths.paragraphAnchor(event.paragraph), label: "¶\(event.paragraph)")))\n"
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

    /// What `page()` reads (see `PageInputs`): the actor; what each source it appears in shows of
    /// it (the source's title, genre and flags, and its sentences, quotes and events naming the
    /// actor); and the names of the actors beside it.
    func inputs(_ inputs: inout PageInputs) {
        inputs.add(actor.name)
        inputs.add(actor.slug)
        inputs.add(actor.kind.rawValue)
        inputs.add(actor.forms)
        inputs.add(actor.appearances.count)
        for appearance in actor.appearances {
            // What the page shows of the source, not the whole source by its digest: that changes with
            // any word of it, and an actor most sources name has a page of megabytes, which every
            // edit of any of those sources would build again.
            inputs.add(listing: appearance.source)
            inputs.add(portrayal: appearance.source, of: appearance.localName)
            inputs.add(appearance.localName)
            inputs.add(appearance.mentions)
            inputs.add(appearance.roles)
        }
        inputs.add(actor.cooccurring.count)
        for other in actor.cooccurring {
            inputs.add(actor: other.slug)
            inputs.add(other.sources)
        }
    }

    /// The context sentences shown per source: an actor most sources name would fill a page
    /// with context, and gets fewer sentences per source.
    private func contextLimit(appearances: Int) -> Int {
        appearances > 25 ? min(3, Self.contextLimit) : Self.contextLimit
    }

    /// How the sources portray the actor: an overview row per source, then each source's
    /// roles and sentences under an anchor the coverage matrix links to.
    private func portrayals(page: MarkdownPage, sourceLink: (Int, String?, String?) -> String) -> String {
        let appearances = actor.appearances.sorted { $0.source < $1.source }
        var md = "## How the sources portray \(MarkdownText.escape(actor.name))\n\n"
        md += MarkdownText.header(["Source", "Genre", "Flags", "Mentions", "Roles given"], numeric: [false, false, false, true, false]) + "\n"
        for appearance in appearances {
            // The summary's fields read in place, the source not copied (a copy retains each of its
            // dozens of parts): an actor most sources name has thousands of rows.
            let (genre, flags) = (dossier.sources[appearance.source].summary.genre, dossier.sources[appearance.source].summary.flags)
            md += MarkdownText.row([sourceLink(appearance.source, nil, nil), genre?.rawValue ?? "—",
                                    flags.isEmpty ? "—" : MarkdownText.escape(dossier.sources[appearance.source].summary.flagList), "\(appearance.mentions)",
                                    appearance.roles.isEmpty ? "—" : MarkdownText.escape(appearance.roles.joined(separator: "; "))]) + "\n"
        }
        md += "\n"
        let limit = contextLimit(appearances: appearances.count)
        for appearance in appearances {
            let contexts = dossier.sources[appearance.source].mentionSentences[appearance.localName] ?? []
            md += "### \(MarkdownText.anchor(SitePaths.sourceAnchor(dossier.sources[appearance.source].slug)))\(sourceLink(appearance.source, nil, nil))\n\n"
            md += "**Roles given:** \(appearance.roles.isEmpty ? "none" : MarkdownText.escape(appearance.roles.joined(separator: "; "))) · "
            md += "**Mentions:** \(appearance.mentions)\n\n"
            for context in contexts.prefix(limit) {
                md += "- \(MarkdownText.escape(context.sentence)) "
                md += "(\(sourceLink(appearance.source, SitePaths.paragraphAnchor(context.paragraph), "¶\(context.paragraph)")))\n"
            }
            if contexts.count > limit {
                md += "- … and \(contexts.count - limit) more in \(sourceLink(appearance.source, nil, "the source"))\n"
            }
            md += contexts.isEmpty ? "" : "\n"
        }
        return md
    }
}
