/// A page per source: metadata card, flags with evidence, summary, actors,
/// quotes, events, the sources it is compared with, the cleaned text with
/// paragraph anchors, and what cleaning took out.
struct SourcePage {
    let dossier: Dossier
    let index: Int

    func page() -> MarkdownPage {
        let source = dossier.sources[index]
        let summary = source.summary
        var page = MarkdownPage(path: SitePaths.source(source.slug), kind: .source, title: summary.title,
                                description: [summary.outlet, summary.published, summary.genre?.rawValue].compactMap { $0 }.joined(separator: " · "),
                                markdown: "")
        func actorLink(_ name: String) -> String {
            guard let slug = source.actorSlugs[name] else { return MarkdownText.escape(name) }
            return MarkdownText.link(name, to: page.link(to: SitePaths.actor(slug)))
        }
        func paragraphLink(_ number: Int) -> String {
            "[¶\(number)](#\(SitePaths.paragraphAnchor(number)))"
        }

        var md = "# \(MarkdownText.escape(summary.title))\n\n"
        md += "- **Outlet:** \(MarkdownText.escape(summary.outlet ?? "not stated"))\n"
        md += "- **Published:** \(MarkdownText.escape(summary.published ?? "not stated"))\n"
        md += "- **Author:** \(MarkdownText.escape(summary.author ?? "not stated"))\n"
        md += "- **Genre:** \(summary.genre?.rawValue ?? "unknown")\(summary.genreEvidence.map { " — " + MarkdownText.escape($0) } ?? "")\n"
        md += "- **File:** \(MarkdownText.escape(source.raw.file))\n\n"

        md += "## Reliability\n\n"
        if summary.flags.isEmpty { md += "No reliability flags raised.\n\n" }
        for flag in summary.flags {
            md += "- **\(flag.flag.rawValue)** — “\(MarkdownText.escape(flag.evidence))”\n"
        }
        md += summary.flags.isEmpty ? "" : "\n"

        md += "## Key claims\n\n"
        if summary.claims.isEmpty { md += "No key claims found.\n\n" }
        for (number, claim) in summary.claims.enumerated() {
            md += "\(number + 1). \(MarkdownText.escape(claim.text)) \(paragraphLink(claim.paragraph))\n"
        }
        md += summary.claims.isEmpty ? "" : "\n"

        md += "## Actors\n\n"
        if summary.actors.isEmpty { md += "No actors found.\n\n" }
        for actor in summary.actors {
            md += "- \(actorLink(actor.name)) — \(actor.kind.rawValue), \(MarkdownText.count(actor.mentions, "mention"))"
            if !actor.roles.isEmpty { md += "; " + MarkdownText.escape(actor.roles.joined(separator: "; ")) }
            md += "\n"
        }
        md += summary.actors.isEmpty ? "" : "\n"

        md += "## Quotes\n\n"
        if summary.quotes.isEmpty { md += "No direct quotes found.\n\n" }
        for quote in summary.quotes {
            md += "> “\(MarkdownText.escape(quote.text))”\n>\n> — \(quote.speaker.map(actorLink) ?? "speaker not identified"), \(paragraphLink(quote.paragraph))\n\n"
        }

        md += "## Dated events\n\n"
        if summary.events.isEmpty {
            md += "No dates found.\n\n"
        } else {
            md += MarkdownText.header(["Date", "Sentence", "Where"]) + "\n"
            for event in summary.events {
                md += MarkdownText.row(["**\(MarkdownText.escape(event.date))**", MarkdownText.escape(event.text), paragraphLink(event.paragraph)]) + "\n"
            }
            md += "\n"
        }

        // The pairs this source is compared in, closest first: the pages the comparisons index cannot list at length.
        md += "## \(MarkdownText.anchor(SitePaths.comparedWithAnchor))Compared with\n\n"
        let pairs = comparedWith()
        if pairs.isEmpty { md += "No other source shares enough with this one for a side-by-side comparison.\n\n" }
        for pair in pairs {
            let other = dossier.sources[pair.a == index ? pair.b : pair.a]
            md += "- \(MarkdownText.link(other.summary.title, to: page.link(to: SitePaths.pair(pair.slug)))) — "
            md += "\(MarkdownText.count(pair.sharedActors.count, "shared actor")), \(MarkdownText.count(pair.links.count, "shared claim")), "
            md += "\(MarkdownText.count(pair.conflictCount, "conflict"))\n"
        }
        md += pairs.isEmpty ? "" : "\n"

        md += "## Text\n\n"
        let phrases = MarkdownText.inLinkingOrder(summary.actors.flatMap { actor -> [(phrase: String, destination: String)] in
            guard let slug = source.actorSlugs[actor.name] else { return [] }
            return actor.forms.map { (phrase: $0, destination: page.link(to: SitePaths.actor(slug))) }
        })
        let marks = Dictionary(grouping: source.annotations.enumerated().filter { !$0.element.isOrphaned }, by: { $0.element.paragraph! })
        for paragraph in source.clean.paragraphs {
            // The anchor opens the paragraph's own line, so it stays inside the paragraph.
            let anchor = MarkdownText.anchor(SitePaths.paragraphAnchor(paragraph.number))
            let body = paragraph.kind == .heading ? MarkdownText.escape(paragraph.text)
                : Self.annotated(paragraph.text, marks: (marks[paragraph.number] ?? []).map { ($0.offset + 1, $0.element.range!) }, phrases: phrases)
            let text = anchor + body
            switch paragraph.kind {
            case .heading: md += "### \(text)\n\n"
            case .listItem: md += "- \(text)\n\n"
            case .text: md += "\(text)\n\n"
            }
        }

        if !source.annotations.isEmpty {
            md += "## Annotations\n\n"
            for (offset, anchored) in source.annotations.enumerated() {
                let number = offset + 1
                let annotation = anchored.annotation
                let tag = annotation.tag.map { "**\(MarkdownText.escape($0))** — " } ?? ""
                let place = anchored.paragraph.map { "[¶\($0)](#a-\(number))" } ?? "**orphaned**: these words are no longer in the source"
                md += "\(number). <a id=\"note-\(number)\"></a>\(tag)\(MarkdownText.escape(annotation.note)) — “\(MarkdownText.escape(annotation.quote))” (\(place))\n"
            }
            md += "\n"
        }
        if !source.notes.isEmpty && source.notes != SummaryFile.notesPlaceholder {
            md += "## Analyst's notes\n\n\(source.notes)\n\n"
        }
        if !source.clean.removed.isEmpty {
            md += "<details>\n<summary>Removed from the body (\(MarkdownText.count(source.clean.removed.count, "line")))</summary>\n\n"
            md += MarkdownText.header(["Line", "Reason", "Text"], numeric: [true, false, false]) + "\n"
            for line in source.clean.removed {
                md += MarkdownText.row([line.line > 0 ? "\(line.line)" : "—", line.reason.rawValue, MarkdownText.escape(line.text)]) + "\n"
            }
            md += "\n</details>\n\n"
        }
        if !source.clean.comments.isEmpty {
            md += "<details>\n<summary>Reader comments (\(source.clean.comments.count))</summary>\n\n"
            for (number, comment) in source.clean.comments.enumerated() {
                let parts = comment.text.components(separatedBy: "\n\n").map(MarkdownText.escape)
                md += "\(number + 1). " + parts.joined(separator: "\n\n   ") + "\n\n"
            }
            md += "</details>\n"
        }
        page.markdown = md
        return page
    }

    /// The pairs the source is in, closest first.
    private func comparedWith() -> [SourcePair] {
        dossier.pairsBySource[index].map { dossier.pairs[$0] }.sorted { ($0.score, $1.slug) > ($1.score, $0.slug) }
    }

    /// What `page()` reads (see `PageInputs`): the source, and each pair's line under "Compared with".
    func inputs(_ inputs: inout PageInputs) {
        inputs.add(source: index)
        let pairs = comparedWith()
        inputs.add(pairs.count)
        for pair in pairs {
            inputs.add(pair.slug)
            inputs.add(dossier.sources[pair.a == index ? pair.b : pair.a].summary.title)
            for count in [pair.sharedActors.count, pair.links.count, pair.conflictCount] { inputs.add(count) }
        }
    }

    /// A paragraph with its annotated passages highlighted and numbered, and actor names linked around them
    /// (`phrases` in `MarkdownText.inLinkingOrder`).
    static func annotated(_ text: String, marks: [(number: Int, range: Range<Int>)], phrases: [(phrase: String, destination: String)]) -> String {
        if marks.isEmpty { return MarkdownText.linking(text, ordered: phrases) }
        let characters = Array(text)
        var out = ""
        var cursor = 0
        for mark in marks.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where mark.range.lowerBound >= cursor {
            out += MarkdownText.linking(String(characters[cursor..<mark.range.lowerBound]), ordered: phrases)
            out += "<mark id=\"a-\(mark.number)\">" + MarkdownText.escape(String(characters[mark.range])) + "</mark>"
            out += "[\\[\(mark.number)\\]](#note-\(mark.number))"
            cursor = mark.range.upperBound
        }
        return out + MarkdownText.linking(String(characters[cursor...]), ordered: phrases)
    }
}
