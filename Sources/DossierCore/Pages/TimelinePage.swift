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
            let conflicted = dossier.timeline.filter { !$0.conflicts.isEmpty }.count
            if conflicted > 0 {
                md += "**\(MarkdownText.count(conflicted, "event")) marked ⚠ where another source dates the same event differently.**\n\n"
            }
            md += MarkdownText.header(["Date", "What the source says", "Source"]) + "\n"
            for entry in dossier.timeline {
                let source = dossier.sources[entry.source]
                let link = page.link(to: SitePaths.source(source.slug), anchor: SitePaths.paragraphAnchor(entry.event.paragraph))
                var text = MarkdownText.escape(entry.event.text)
                if !entry.conflicts.isEmpty {
                    let others = entry.conflicts.map { other -> String in
                        let conflicting = dossier.timeline[other]
                        let otherSource = dossier.sources[conflicting.source]
                        return MarkdownText.link(otherSource.summary.title, to: page.link(to: SitePaths.source(otherSource.slug), anchor: SitePaths.paragraphAnchor(conflicting.event.paragraph)))
                            + " gives \(conflicting.event.date)"
                    }
                    text += " ⚠ **conflict:** " + others.joined(separator: "; ")
                }
                md += MarkdownText.row([
                    "**\(entry.event.date)**" + (entry.conflicts.isEmpty ? "" : " ⚠"),
                    text,
                    MarkdownText.link(source.summary.title, to: link) + " ¶\(entry.event.paragraph)",
                ]) + "\n"
            }
        }
        page.markdown = md
        return page
    }
}
