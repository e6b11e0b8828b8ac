import Foundation

/// Two sources side by side: the actors they share, the claims both make,
/// where they contradict each other, and what each says that the other does not.
struct PairComparisonPage {
    let dossier: Dossier
    let pair: SourcePair
    var rowLimit = 50

    func page() -> MarkdownPage {
        let a = dossier.sources[pair.a], b = dossier.sources[pair.b]
        var page = MarkdownPage(path: SitePaths.pair(pair.slug), kind: .compare, title: "\(a.summary.title) — \(b.summary.title)",
                                description: "\(MarkdownText.count(pair.sharedActors.count, "shared actor")), "
                                    + "\(MarkdownText.count(pair.links.count, "shared claim")), \(MarkdownText.count(pair.conflictCount, "conflict"))",
                                markdown: "")
        let conflicts = ConflictList(dossier: dossier, from: page)
        func sourceLink(_ source: Dossier.Source) -> String {
            MarkdownText.link(source.summary.title, to: page.link(to: SitePaths.source(source.slug)))
        }
        func paragraphLink(_ source: Dossier.Source, _ paragraph: Int) -> String {
            "[¶\(paragraph)](\(page.link(to: SitePaths.source(source.slug), anchor: SitePaths.paragraphAnchor(paragraph))))"
        }

        var md = "# \(MarkdownText.escape(a.summary.title)) — \(MarkdownText.escape(b.summary.title))\n\n"
        md += "[All comparisons](\(page.link(to: SitePaths.comparisons)))\n\n"
        md += MarkdownText.header(["", "A: " + sourceLink(a), "B: " + sourceLink(b)]) + "\n"
        func row(_ label: String, _ value: (SourceSummary) -> String) {
            md += MarkdownText.row(["**\(label)**", value(a.summary), value(b.summary)]) + "\n"
        }
        row("Outlet") { MarkdownText.escape($0.outlet ?? "—") }
        row("Published") { MarkdownText.escape($0.published ?? "—") }
        row("Genre") { $0.genre?.rawValue ?? "—" }
        row("Reliability flags") { $0.flags.isEmpty ? "—" : MarkdownText.escape($0.flagList) }
        row("Actors named") { "\($0.actors.count)" }
        row("Key claims") { "\($0.claims.count)" }
        md += "\n"

        md += "## Shared actors\n\n"
        if pair.sharedActors.isEmpty { md += "The two name no actor in common.\n\n" } else {
            md += MarkdownText.header(["Actor", "Mentions in A", "Mentions in B"], numeric: [false, true, true]) + "\n"
            // From the two sources, not the actors' appearances: an actor most sources name has thousands.
            let (inA, inB) = (a.actorMentions, b.actorMentions)
            for slug in pair.sharedActors.prefix(rowLimit) {
                guard let actor = dossier.actor(slug: slug) else { continue }
                md += MarkdownText.row([MarkdownText.link(actor.name, to: page.link(to: SitePaths.actor(slug))),
                                        "\(inA[slug] ?? 0)", "\(inB[slug] ?? 0)"]) + "\n"
            }
            if pair.sharedActors.count > rowLimit { md += "\n… and \(pair.sharedActors.count - rowLimit) more.\n" }
            md += "\n"
        }

        md += "## Where they agree\n\n"
        if pair.links.isEmpty { md += "No sentence of one makes the same claim as a sentence of the other.\n\n" } else {
            md += "Sentences making the same or a closely related claim, most similar first (cosine similarity of their content words).\n\n"
            md += MarkdownText.header(["A says", "B says", "Similarity"], numeric: [false, false, true]) + "\n"
            for index in pair.links.prefix(rowLimit) {
                let link = dossier.alignment.links[index]
                let left = dossier.alignment.sentences[link.a], right = dossier.alignment.sentences[link.b]
                md += MarkdownText.row([MarkdownText.escape(left.text) + " " + paragraphLink(a, left.paragraph),
                                        MarkdownText.escape(right.text) + " " + paragraphLink(b, right.paragraph),
                                        Self.similarity(link.similarity)]) + "\n"
            }
            if pair.links.count > rowLimit { md += "\n… and \(pair.links.count - rowLimit) more.\n" }
            md += "\n"
        }

        md += "## Where they differ\n\n"
        if pair.conflictCount == 0 { md += "No conflicting dates, figures or quotes found.\n\n" } else {
            md += conflicts.markdown(dates: pair.dateConflicts, figures: pair.figureConflicts, quotes: pair.quoteConflicts, limit: rowLimit) + "\n"
        }

        for (label, source, claims) in [("A", a, pair.onlyA), ("B", b, pair.onlyB)] {
            md += "## Only in \(label): \(MarkdownText.escape(source.summary.title))\n\n"
            if claims.isEmpty { md += "Each of its key claims has a counterpart in the other source.\n\n"; continue }
            md += "Its key claims with no counterpart in the other source.\n\n"
            for index in claims {
                let claim = source.summary.claims[index]
                md += "- \(MarkdownText.escape(claim.text)) \(paragraphLink(source, claim.paragraph))\n"
            }
            md += "\n"
        }

        // The sources' other comparisons are one link away, on their pages: listed here in full they
        // were most of a pair page, dozens of long titles repeated on every comparison of either source.
        let others = [(label: "A", source: a, count: dossier.pairsBySource[pair.a].count - 1),
                      (label: "B", source: b, count: dossier.pairsBySource[pair.b].count - 1)].filter { $0.count > 0 }
        if !others.isEmpty {
            md += "## Other comparisons\n\n"
            for other in others {
                let destination = page.link(to: SitePaths.source(other.source.slug), anchor: SitePaths.comparedWithAnchor)
                md += "- \(other.label): \(MarkdownText.link(other.source.summary.title, to: destination)) — "
                    + "\(MarkdownText.count(other.count, "other comparison"))\n"
            }
        }
        page.markdown = md
        return page
    }

    /// A similarity (0…1) to two decimals, as `String(format: "%.2f")` prints it, without
    /// Foundation's formatter for all but the values that lie next to a half-hundredth: every
    /// pair page's inputs print their links' similarities (tens of thousands in a large dossier).
    static func similarity(_ value: Double) -> String {
        let scaled = value * 100
        // The product may round a value a hair off a half-hundredth onto it, or past it: there the
        // exact value decides, as printf reads it.
        guard value >= 0, value <= 1, abs(scaled - scaled.rounded(.down) - 0.5) > 1e-6 else { return String(format: "%.2f", value) }
        let hundredths = Int(scaled.rounded())
        let cents = hundredths % 100
        return "\(hundredths / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    /// What `page()` reads (see `PageInputs`): the two sources, what the pair holds (links as the
    /// sentences and similarities shown), and how many other pairs each source is in.
    func inputs(_ inputs: inout PageInputs) {
        inputs.add(source: pair.a)
        inputs.add(source: pair.b)
        inputs.add(pair.sharedActors.count)
        for slug in pair.sharedActors.prefix(rowLimit) { inputs.add(actor: slug) }
        inputs.add(pair.links.count)
        let alignment = dossier.alignment
        for index in pair.links.prefix(rowLimit) {
            let link = alignment.links[index]
            for end in [link.a, link.b] {
                inputs.add(alignment.sentences[end].text)
                inputs.add(alignment.sentences[end].paragraph)
            }
            inputs.add(Self.similarity(link.similarity))
        }
        ConflictList.inputs(dates: pair.dateConflicts, figures: pair.figureConflicts, quotes: pair.quoteConflicts, limit: rowLimit, into: &inputs)
        for claims in [pair.onlyA, pair.onlyB] {
            inputs.add(claims.count)
            for claim in claims { inputs.add(claim) }
        }
        inputs.add(dossier.pairsBySource[pair.a].count)
        inputs.add(dossier.pairsBySource[pair.b].count)
    }
}
