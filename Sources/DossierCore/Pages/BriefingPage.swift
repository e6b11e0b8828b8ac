/// The home page: the question and the bottom line, then the picture in a
/// minute — the claims with the widest support, the contested points and the
/// sources' reliability — then key actors, the sources, a timeline teaser and
/// the top of the coverage matrix.
struct BriefingPage {
    let dossier: Dossier
    let path = SitePaths.briefing
    var claimLimit = 5
    /// Per kind of conflict.
    var conflictLimit = 3
    var linkLimit = 8

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
        md += atAGlance(page)

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
                MarkdownText.escape(summary.published ?? "—"),
                summary.genre?.rawValue ?? "—",
                summary.flags.isEmpty ? "—" : MarkdownText.escape(summary.flagList),
            ]) + "\n"
        }
        md += "\n"

        md += "## Timeline\n\n"
        if dossier.timeline.isEmpty { md += "No dated events found yet.\n\n" }
        for entry in dossier.timeline.prefix(8) {
            let source = dossier.sources[entry.source]
            md += "- **\(MarkdownText.escape(entry.event.date))** — \(MarkdownText.escape(ReliabilityRules.excerpt(entry.event.text, limit: 140))) "
            md += "(\(MarkdownText.link(source.summary.title, to: page.link(to: SitePaths.source(source.slug), anchor: SitePaths.paragraphAnchor(entry.event.paragraph)))))\n"
        }
        md += "\n[The whole timeline](\(page.link(to: SitePaths.timeline)))\n\n"

        md += "## Coverage\n\n"
        let matrix = CoverageMatrix(dossier: dossier, from: page, actorLimit: 8)
        md += dossier.sources.count <= matrix.groupingThreshold ? matrix.markdown() : "How many sources of each genre name each actor.\n\n" + matrix.summary()
        md += "\n[All comparisons](\(page.link(to: SitePaths.comparisons)))\n"
        page.markdown = md
        return page
    }

    /// Where the sources agree, where they differ, and how far each can be trusted.
    private func atAGlance(_ page: MarkdownPage) -> String {
        var md = "## Where the sources agree\n\n"
        let groups = dossier.alignment.groups
        if groups.isEmpty { md += "No claim is made by more than one source.\n\n" } else {
            let list = ClaimGroupList(dossier: dossier, from: page)
            for rank in 1...min(groups.count, claimLimit) { md += list.summaryLine(rank: rank) }
            md += "\n[All \(MarkdownText.count(groups.count, "shared claim"))](\(page.link(to: SitePaths.comparisons, anchor: "shared-claims")))\n\n"
        }

        md += "## Contested points\n\n"
        let conflicts = ConflictList(dossier: dossier, from: page)
        if conflicts.total == 0 { md += "No conflicting dates, figures or quotes found.\n\n" } else {
            md += conflicts.markdown(dates: ConflictList.datePairs(in: dossier), figures: Array(dossier.figureConflicts.indices),
                                     quotes: Array(dossier.quoteConflicts.indices), limit: conflictLimit)
            md += "\n[All \(MarkdownText.count(conflicts.total, "contested point"))](\(page.link(to: SitePaths.comparisons, anchor: "contested")))\n\n"
        }

        md += "## Reliability\n\n"
        let flagged = dossier.sources.filter { !$0.summary.flags.isEmpty }.count
        md += "\(flagged) of \(MarkdownText.count(dossier.sources.count, "source")) carry a reliability flag"
        md += flagged == 0 ? ".\n\n" : ":\n\n"
        for kind in ReliabilityFlag.Kind.allCases {
            let sources = dossier.sources.filter { $0.summary.flags.contains { $0.flag == kind } }
            guard !sources.isEmpty else { continue }
            md += "- **\(kind.rawValue)** (\(sources.count)): "
            md += sources.prefix(linkLimit).map { MarkdownText.link($0.summary.title, to: page.link(to: SitePaths.source($0.slug))) }.joined(separator: ", ")
            md += sources.count > linkLimit ? ", and \(sources.count - linkLimit) more\n" : "\n"
        }
        return md + (flagged == 0 ? "" : "\n")
    }
}
