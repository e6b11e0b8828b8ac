/// The home page: the question, the bottom line, key actors, the sources at a
/// glance, a timeline teaser and the top of the coverage matrix.
struct BriefingPage {
    let dossier: Dossier
    let path = SitePaths.briefing

    func page() -> MarkdownPage {
        let config = dossier.config
        var page = MarkdownPage(path: path, kind: .briefing, title: config.title, description: config.question, markdown: "")
        var md = "# \(MarkdownText.escape(config.title))\n\n"
        if let question = config.question {
            md += "**Question:** \(MarkdownText.escape(question))\n\n"
        }
        if let bottomLine = config.bottomLine {
            // The analyst's own Markdown, from dossier.yml; its raw HTML is still filtered when rendered.
            md += "## Bottom line\n\n\(bottomLine)\n\n"
        }
        md += "This dossier holds \(MarkdownText.count(dossier.sources.count, "source")) naming \(MarkdownText.count(dossier.actors.count, "actor")) "
        md += "and \(MarkdownText.count(dossier.timeline.count, "dated event")).\n\n"

        md += "## Key actors\n\n"
        let key = dossier.actors.sorted { ($0.appearances.count, $0.mentions, $1.name) > ($1.appearances.count, $1.mentions, $0.name) }.prefix(10)
        if key.isEmpty { md += "No actors found yet.\n\n" }
        for actor in key {
            md += "- \(MarkdownText.link(actor.name, to: page.link(to: SitePaths.actor(actor.slug)))) — \(actor.kind.rawValue), "
            md += "\(MarkdownText.count(actor.appearances.count, "source")), \(MarkdownText.count(actor.mentions, "mention"))\n"
        }
        md += "\n[All actors](\(page.link(to: SitePaths.actorIndex)))\n\n"

        md += "## Sources\n\n"
        md += MarkdownText.header(["Source", "Outlet", "Date", "Genre", "Flags"]) + "\n"
        for source in dossier.sources {
            let summary = source.summary
            md += MarkdownText.row([
                MarkdownText.link(summary.title, to: page.link(to: SitePaths.source(source.slug))),
                MarkdownText.escape(summary.outlet ?? "—"),
                summary.published ?? "—",
                summary.genre?.rawValue ?? "—",
                summary.flags.isEmpty ? "—" : MarkdownText.escape(summary.flagList),
            ]) + "\n"
        }
        md += "\n"

        md += "## Timeline\n\n"
        if dossier.timeline.isEmpty { md += "No dated events found yet.\n\n" }
        for entry in dossier.timeline.prefix(8) {
            let source = dossier.sources[entry.source]
            md += "- **\(entry.event.date)** — \(MarkdownText.escape(ReliabilityRules.excerpt(entry.event.text, limit: 140))) "
            md += "(\(MarkdownText.link(source.summary.title, to: page.link(to: SitePaths.source(source.slug), anchor: SitePaths.paragraphAnchor(entry.event.paragraph)))))\n"
        }
        md += "\n[The whole timeline](\(page.link(to: SitePaths.timeline)))\n\n"

        md += "## Coverage\n\n"
        md += CoverageMatrix(dossier: dossier, from: page, actorLimit: 8).markdown()
        md += "\n[All comparisons](\(page.link(to: SitePaths.comparisons)))\n"
        page.markdown = md
        return page
    }
}
