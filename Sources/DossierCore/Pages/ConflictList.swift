/// The contested points as Markdown list items, each side linked to its
/// paragraph: the same event dated differently, the same quantity given
/// different figures, the same words put in different mouths.
struct ConflictList {
    let dossier: Dossier
    let from: MarkdownPage

    /// Every pair of timeline entries that date the same event differently, once, earlier entry first.
    static func datePairs(in dossier: Dossier) -> [(a: Int, b: Int)] {
        dossier.timeline.indices.flatMap { index in
            dossier.timeline[index].conflicts.filter { $0 > index }.map { (a: index, b: $0) }
        }
    }

    var total: Int { Self.datePairs(in: dossier).count + dossier.figureConflicts.count + dossier.quoteConflicts.count }

    /// All three kinds, at most `limit` of each, with a count of the rest.
    func markdown(dates: [(a: Int, b: Int)], figures: [Int], quotes: [Int], limit: Int) -> String {
        var md = ""
        func section(_ count: Int, _ noun: String, _ item: (Int) -> String) {
            for index in 0..<min(count, limit) { md += item(index) }
            if count > limit { md += "- … and \(count - limit) more \(noun)\n" }
        }
        section(figures.count, "figure conflicts") { figure(figures[$0]) }
        section(quotes.count, "quote conflicts") { quote(quotes[$0]) }
        section(dates.count, "date conflicts") { date(dates[$0].a, dates[$0].b) }
        return md
    }

    /// What `markdown(dates:figures:quotes:limit:)` reads (see `PageInputs`): each conflict
    /// shown, by the sources it quotes and what it shows of them, and how many there are.
    static func inputs(dates: [(a: Int, b: Int)], figures: [Int], quotes: [Int], limit: Int, into inputs: inout PageInputs) {
        let dossier = inputs.dossier
        inputs.add(figures.count)
        for index in figures.prefix(limit) {
            let conflict = dossier.figureConflicts[index]
            let link = dossier.alignment.links[conflict.link]
            for (sentence, figures) in [(link.a, conflict.figuresA), (link.b, conflict.figuresB)] {
                let aligned = dossier.alignment.sentences[sentence]
                inputs.add(source: aligned.source)
                inputs.add(aligned.paragraph)
                inputs.add(aligned.text)
                inputs.add(figures)
            }
        }
        inputs.add(quotes.count)
        for index in quotes.prefix(limit) {
            let conflict = dossier.quoteConflicts[index]
            for ref in [conflict.a, conflict.b] {
                inputs.add(source: ref.source)
                inputs.add(ref.quote)
            }
        }
        inputs.add(dates.count)
        for pair in dates.prefix(limit) {
            for entry in [dossier.timeline[pair.a], dossier.timeline[pair.b]] {
                inputs.add(source: entry.source)
                inputs.add(entry.event.paragraph)
                inputs.add(entry.event.date)
                inputs.add(entry.event.text)
            }
        }
    }

    /// A link to a paragraph of a source, labelled with the source's title.
    func place(_ source: Int, _ paragraph: Int) -> String {
        let target = dossier.sources[source]
        return MarkdownText.link("\(target.summary.title) ¶\(paragraph)",
                                 to: from.link(to: SitePaths.source(target.slug), anchor: SitePaths.paragraphAnchor(paragraph)))
    }

    func date(_ a: Int, _ b: Int) -> String {
        var md = "- **Dated differently:** the same event\n"
        for entry in [dossier.timeline[a], dossier.timeline[b]] {
            md += "  - \(place(entry.source, entry.event.paragraph)) gives **\(MarkdownText.escape(entry.event.date))**: "
            md += "“\(MarkdownText.escape(ReliabilityRules.excerpt(entry.event.text, limit: 200)))”\n"
        }
        return md
    }

    func figure(_ index: Int) -> String {
        let conflict = dossier.figureConflicts[index]
        let link = dossier.alignment.links[conflict.link]
        var md = "- **Different figures:** the same claim, another number\n"
        for (sentence, figures) in [(link.a, conflict.figuresA), (link.b, conflict.figuresB)] {
            let aligned = dossier.alignment.sentences[sentence]
            md += "  - \(place(aligned.source, aligned.paragraph)) gives **\(figures.map(MarkdownText.escape).joined(separator: ", "))**: "
            md += "“\(MarkdownText.escape(ReliabilityRules.excerpt(aligned.text, limit: 200)))”\n"
        }
        return md
    }

    func quote(_ index: Int) -> String {
        let conflict = dossier.quoteConflicts[index]
        var md = "- **Attributed differently:** the same words\n"
        for ref in [conflict.a, conflict.b] {
            let source = dossier.sources[ref.source]
            let quote = source.summary.quotes[ref.quote]
            md += "  - \(place(ref.source, quote.paragraph)) has \(speaker(quote.speaker, in: source)) say "
            md += "“\(MarkdownText.escape(ReliabilityRules.excerpt(quote.text, limit: 200)))”\n"
        }
        return md
    }

    private func speaker(_ name: String?, in source: Dossier.Source) -> String {
        guard let name else { return "someone unnamed" }
        guard let slug = source.actorSlugs[name] else { return "**\(MarkdownText.escape(name))**" }
        return "**" + MarkdownText.link(name, to: from.link(to: SitePaths.actor(slug))) + "**"
    }
}

/// Aligned claims as Markdown: each group with its support and its sentences side by side.
struct ClaimGroupList {
    let dossier: Dossier
    let from: MarkdownPage

    /// A short label for a group: its first key claim, or its first sentence.
    func headline(_ group: ClaimAlignment.Group, limit: Int = 140) -> String {
        let sentences = dossier.alignment.sentences
        let lead = group.members.first { sentences[$0].isKeyClaim } ?? group.members[0]
        return ReliabilityRules.excerpt(sentences[lead].text, limit: limit)
    }

    /// One line per group: the support, the claim and a link to each supporting source.
    func summaryLine(rank: Int, linkLimit: Int = 6) -> String {
        let group = dossier.alignment.groups[rank - 1]
        let conflicts = ConflictList(dossier: dossier, from: from)
        var firsts: [(source: Int, paragraph: Int)] = []
        for member in group.members {
            let sentence = dossier.alignment.sentences[member]
            if !firsts.contains(where: { $0.source == sentence.source }) { firsts.append((sentence.source, sentence.paragraph)) }
        }
        var md = "- **\(MarkdownText.count(group.sources.count, "source"))** — “\(MarkdownText.escape(headline(group)))” ("
        md += firsts.prefix(linkLimit).map { conflicts.place($0.source, $0.paragraph) }.joined(separator: ", ")
        if firsts.count > linkLimit {
            md += ", [\(firsts.count - linkLimit) more](\(from.link(to: SitePaths.comparisons, anchor: SitePaths.claimAnchor(rank))))"
        }
        return md + ")\n"
    }

    /// A group in full: a heading with its anchor, then a table of its sentences.
    func section(rank: Int, memberLimit: Int = 12) -> String {
        let group = dossier.alignment.groups[rank - 1]
        var md = "### \(MarkdownText.anchor(SitePaths.claimAnchor(rank)))\(rank). \(MarkdownText.escape(headline(group, limit: 100)))\n\n"
        md += "Made by \(MarkdownText.count(group.sources.count, "source")) in \(MarkdownText.count(group.members.count, "sentence")).\n\n"
        md += MarkdownText.header(["Source", "Genre", "What it says"]) + "\n"
        let conflicts = ConflictList(dossier: dossier, from: from)
        for member in group.members.prefix(memberLimit) {
            let sentence = dossier.alignment.sentences[member]
            let summary = dossier.sources[sentence.source].summary
            md += MarkdownText.row([conflicts.place(sentence.source, sentence.paragraph), summary.genre?.rawValue ?? "—",
                                    MarkdownText.escape(sentence.text) + (sentence.isKeyClaim ? " **(key claim)**" : "")]) + "\n"
        }
        if group.members.count > memberLimit {
            md += "\n… and \(MarkdownText.count(group.members.count - memberLimit, "more sentence")).\n"
        }
        return md + "\n"
    }
}
