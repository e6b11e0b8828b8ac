/// Every dated event across the corpus, in date order, linked to its paragraph.
struct TimelinePage {
    let dossier: Dossier

    func page() -> MarkdownPage {
        var page = MarkdownPage(path: SitePaths.timeline, kind: .timeline, title: "Timeline",
                                description: "Dated events across all sources", markdown: "")
        var md = "# Timeline\n\n"
        if dossier.timeline.isEmpty {
            md += "No dated events found yet.\n"
        } else {
            md += "\(MarkdownText.count(dossier.timeline.count, "dated event")) from \(MarkdownText.count(Set(dossier.timeline.map(\.source)).count, "source")). "
            md += "Dates are as precise as the source gives them.\n\n"
            md += MarkdownText.header(["Date", "What the source says", "Source"]) + "\n"
            for entry in dossier.timeline {
                let source = dossier.sources[entry.source]
                let link = page.link(to: SitePaths.source(source.slug), anchor: SitePaths.paragraphAnchor(entry.event.paragraph))
                md += MarkdownText.row([
                    "**\(entry.event.date)**",
                    MarkdownText.escape(entry.event.text),
                    MarkdownText.link(source.summary.title, to: link) + " ¶\(entry.event.paragraph)",
                ]) + "\n"
            }
        }
        page.markdown = md
        return page
    }
}
