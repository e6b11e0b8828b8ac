/// Setting the sources side by side: the coverage matrix to start.
struct ComparisonPage {
    let dossier: Dossier

    func page() -> MarkdownPage {
        var page = MarkdownPage(path: SitePaths.comparisons, kind: .compare, title: "Comparisons",
                                description: "Which sources cover which actors", markdown: "")
        var md = "# Comparisons\n\n## Coverage matrix\n\n"
        md += "Mentions of each actor in each source's body; · where a source does not name the actor. "
        md += "Sources in reading order.\n\n"
        md += CoverageMatrix(dossier: dossier, from: page, actorLimit: 25).markdown()
        page.markdown = md
        return page
    }
}
