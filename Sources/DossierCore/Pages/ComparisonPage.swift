/// The sources side by side: the claims they share, ranked by how many
/// independent sources make them; the points they contradict each other on;
/// the pairwise comparisons; and the sources × actors coverage matrix.
struct ComparisonPage {
    let dossier: Dossier
    /// The coverage matrix at its end: the same one `SitePages` makes the pages of its rows from.
    var coverage: CoverageMatrix
    /// Claim groups shown in full; the briefing links into these.
    static let groupLimit = 50
    var conflictLimit = 100
    /// Pairs listed here; past it the closest, and each source's page lists its own
    /// (10,000 sources make 37,000 pairs, 14 MB of this page).
    var pairLimit = 200

    init(dossier: Dossier, coverage: CoverageMatrix? = nil) {
        self.dossier = dossier
        self.coverage = coverage ?? CoverageMatrix.onComparisonsPage(dossier)
    }

    func page() -> MarkdownPage {
        var page = MarkdownPage(path: SitePaths.comparisons, kind: .compare, title: "Comparisons",
                                description: "Where the sources agree, where they differ, and who covers whom", markdown: "")
        let groups = dossier.alignment.groups
        let dates = ConflictList.datePairs(in: dossier)
        let conflicts = ConflictList(dossier: dossier, from: page)
        var md = "# Comparisons\n\n"
        md += "\(MarkdownText.count(dossier.sources.count, "source")): \(MarkdownText.count(groups.count, "claim")) made by more than one source, "
        md += "\(MarkdownText.count(conflicts.total, "contested point")), \(MarkdownText.count(dossier.pairs.count, "pairwise comparison")).\n\n"
        md += "[Shared claims](#shared-claims) · [Contested points](#contested) · [Pairs of sources](#pairs) · [Coverage matrix](#coverage)\n\n"

        md += "## \(MarkdownText.anchor("shared-claims"))Claims the sources share\n\n"
        if groups.isEmpty {
            md += "No two sources make the same claim.\n\n"
        } else {
            md += "Sentences of different sources that say the same or nearly the same thing (TF-IDF cosine similarity of their content words), "
            md += "ranked by how many independent sources make the claim.\n\n"
            let list = ClaimGroupList(dossier: dossier, from: page)
            for rank in 1...min(groups.count, Self.groupLimit) { md += list.section(rank: rank) }
            if groups.count > Self.groupLimit {
                md += "The \(Self.groupLimit) most widely made of \(groups.count) shared claims.\n\n"
            }
        }

        md += "## \(MarkdownText.anchor("contested"))Contested points\n\n"
        if conflicts.total == 0 {
            md += "No conflicting dates, figures or quotes found.\n\n"
        } else {
            md += conflicts.markdown(dates: dates, figures: Array(dossier.figureConflicts.indices),
                                     quotes: Array(dossier.quoteConflicts.indices), limit: conflictLimit) + "\n"
        }

        md += "## \(MarkdownText.anchor("pairs"))Pairs of sources\n\n"
        if dossier.pairs.isEmpty {
            md += "No two sources share an actor or a claim.\n\n"
        } else {
            md += "Pairs that share actors or claims; each source with its closest partners.\n\n"
            var listed = dossier.pairs
            if listed.count > pairLimit {
                md += "The \(pairLimit) closest of \(dossier.pairs.count) pairs, closest first; each source's page lists the comparisons it is in.\n\n"
                listed = Array(listed.sorted { ($0.score, $1.slug) > ($1.score, $0.slug) }.prefix(pairLimit))
            }
            md += MarkdownText.header(["Source A", "Source B", "Shared actors", "Shared claims", "Conflicts", "Comparison"],
                                      numeric: [false, false, true, true, true, false]) + "\n"
            for pair in listed {
                let a = dossier.sources[pair.a], b = dossier.sources[pair.b]
                md += MarkdownText.row([
                    MarkdownText.link(a.summary.title, to: page.link(to: SitePaths.source(a.slug))),
                    MarkdownText.link(b.summary.title, to: page.link(to: SitePaths.source(b.slug))),
                    "\(pair.sharedActors.count)", "\(pair.links.count)", "\(pair.conflictCount)",
                    "[compare](\(page.link(to: SitePaths.pair(pair.slug))))",
                ]) + "\n"
            }
            md += "\n"
        }

        md += "## \(MarkdownText.anchor("coverage"))Coverage matrix\n\n"
        md += "Mentions of each actor in each source's body; · where a source does not name the actor. Sources in reading order (#)"
        md += dossier.sources.count <= coverage.groupingThreshold ? "; a count links to how that source portrays the actor.\n\n" : ", by genre.\n\n"
        md += coverage.markdown()
        page.markdown = md
        return page
    }
}
