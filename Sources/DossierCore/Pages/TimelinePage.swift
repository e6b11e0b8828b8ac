/// Every dated event across the corpus, in date order, linked to its paragraph.
///
/// A large dossier's timeline is split by date: at 10,000 sources it holds 160,000 events, one
/// page of 40 MB that no browser shows comfortably and that every rebuild rendered again. Past
/// `pageLimit` events the timeline page lists periods, each a page of its own: a year, or a
/// month where a year alone would pass the limit (with the year's events that give no month on
/// the year's page). Pages by date, not by count, so that a new event changes only its period's page.
struct TimelinePage {
    let dossier: Dossier
    var pageLimit = 2000

    /// A stretch of the timeline with a page of its own.
    struct Period: Sendable, Equatable {
        /// "2021", "2021-03", or "other" for dates that do not start with a year.
        var key: String
        /// What the period is called on its page and in the list of periods.
        var label: String
        /// Indexes into `dossier.timeline`, ascending.
        var entries: [Int]

        var path: String { SitePaths.timelinePeriod(key) }
    }

    /// The periods of a timeline past the limit, in date order (dates that do not start with a
    /// year last); none for a timeline that fits one page.
    func periods() -> [Period] {
        let timeline = dossier.timeline
        guard timeline.count > pageLimit else { return [] }
        let years = Self.grouped(timeline.indices) { Self.year(timeline[$0].event.date) ?? "other" }
        var periods: [Period] = []
        for (key, entries) in years.filter({ $0.key != "other" }) + years.filter({ $0.key == "other" }) {
            if entries.count <= pageLimit || key == "other" {
                periods.append(Period(key: key, label: key == "other" ? "Other dates" : key, entries: entries))
            } else {
                for (month, monthEntries) in Self.grouped(entries, by: { Self.month(timeline[$0].event.date) ?? key }) {
                    periods.append(Period(key: month, label: month == key ? key + ", month not given" : Self.monthLabel(month), entries: monthEntries))
                }
            }
        }
        return periods
    }

    /// `indexes` grouped by `key`, the groups in the order their first members come.
    private static func grouped<Indexes: Sequence<Int>>(_ indexes: Indexes, by key: (Int) -> String) -> [(key: String, entries: [Int])] {
        var groups: [(key: String, entries: [Int])] = []
        var position: [String: Int] = [:]
        for index in indexes {
            let name = key(index)
            if let at = position[name] { groups[at].entries.append(index) } else {
                position[name] = groups.count
                groups.append((name, [index]))
            }
        }
        return groups
    }

    /// "2021" of "2021-03-02", or nil for a date that does not start with four digits.
    static func year(_ date: String) -> String? {
        let head = Array(date.utf8.prefix(5))
        guard head.count >= 4, head[..<4].allSatisfy({ $0 &- 0x30 < 10 }), head.count == 4 || head[4] == UInt8(ascii: "-") else { return nil }
        return String(decoding: head[..<4], as: UTF8.self)
    }

    /// "2021-03" → "March 2021".
    static func monthLabel(_ month: String) -> String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        guard let number = Int(month.suffix(2)), names.indices.contains(number - 1) else { return month }
        return names[number - 1] + " " + month.prefix(4)
    }

    /// "2021-03" of "2021-03-02", or nil for a date that gives no month in that form.
    static func month(_ date: String) -> String? {
        let head = Array(date.utf8.prefix(8))
        guard year(date) != nil, head.count >= 7, head[4] == UInt8(ascii: "-"), head[5...6].allSatisfy({ $0 &- 0x30 < 10 }),
              head.count == 7 || head[7] == UInt8(ascii: "-") else { return nil }
        return String(decoding: head[..<7], as: UTF8.self)
    }

    func page(periods: [Period]) -> MarkdownPage {
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
            if periods.isEmpty {
                md += table(Array(dossier.timeline.indices), page: page)
            } else {
                md += "The timeline is long: it is told a period at a time.\n\n"
                md += MarkdownText.header(["Period", "Events", "Marked ⚠"], numeric: [false, true, true]) + "\n"
                for period in periods {
                    let conflicts = period.entries.filter { !dossier.timeline[$0].conflicts.isEmpty }.count
                    md += MarkdownText.row([MarkdownText.link(period.label, to: page.link(to: period.path)),
                                            "\(period.entries.count)", "\(conflicts)"]) + "\n"
                }
            }
        }
        page.markdown = md
        return page
    }

    /// The page of `periods[index]`, linked to the periods before and after it.
    func page(periods: [Period], index: Int) -> MarkdownPage {
        let period = periods[index]
        let label = period.label
        var page = MarkdownPage(path: period.path, kind: .timeline, title: "Timeline: \(label)",
                                description: "Dated events of \(label) across all sources", markdown: "")
        var md = "# Timeline: \(MarkdownText.escape(label))\n\n"
        var around = ["[The whole timeline](\(page.link(to: SitePaths.timeline)))"]
        if index > 0 { around.append(MarkdownText.link("← " + periods[index - 1].label, to: page.link(to: periods[index - 1].path))) }
        if index + 1 < periods.count { around.append(MarkdownText.link(periods[index + 1].label + " →", to: page.link(to: periods[index + 1].path))) }
        md += around.joined(separator: " · ") + "\n\n"
        md += "\(MarkdownText.count(period.entries.count, "dated event")).\n\n"
        md += table(period.entries, page: page)
        page.markdown = md
        return page
    }

    /// What `page(periods:index:)` reads (see `PageInputs`): the period and its neighbours' names,
    /// and each event's row as shown.
    func inputs(periods: [Period], index: Int, into inputs: inout PageInputs) {
        for neighbour in [index - 1, index, index + 1] {
            inputs.add(periods.indices.contains(neighbour) ? periods[neighbour].key + "\u{0}" + periods[neighbour].label : nil)
        }
        inputs.add(periods[index].entries.count)
        for entry in periods[index].entries.map({ dossier.timeline[$0] }) {
            for (event, source) in [(entry.event, entry.source)] + entry.conflicts.map({ (dossier.timeline[$0].event, dossier.timeline[$0].source) }) {
                inputs.add(dossier.sources[source].slug)
                inputs.add(dossier.sources[source].summary.title)
                inputs.add(event.paragraph)
                inputs.add(event.date)
            }
            inputs.add(entry.conflicts.count)
            inputs.add(entry.event.text)
        }
    }

    /// The events' rows: date, what the source says (with any conflicting dates), the source.
    private func table(_ entries: [Int], page: MarkdownPage) -> String {
        var md = MarkdownText.header(["Date", "What the source says", "Source"]) + "\n"
        for entry in entries.map({ dossier.timeline[$0] }) {
            // The sources' fields read in place, not copied whole: a row per event of the corpus.
            let link = page.link(to: SitePaths.source(dossier.sources[entry.source].slug), anchor: SitePaths.paragraphAnchor(entry.event.paragraph))
            var text = MarkdownText.escape(entry.event.text)
            if !entry.conflicts.isEmpty {
                let others = entry.conflicts.map { other -> String in
                    let conflicting = dossier.timeline[other]
                    return MarkdownText.link(dossier.sources[conflicting.source].summary.title,
                                             to: page.link(to: SitePaths.source(dossier.sources[conflicting.source].slug), anchor: SitePaths.paragraphAnchor(conflicting.event.paragraph)))
                        + " gives \(MarkdownText.escape(conflicting.event.date))"
                }
                text += " ⚠ **conflict:** " + others.joined(separator: "; ")
            }
            md += MarkdownText.row([
                "**\(MarkdownText.escape(entry.event.date))**" + (entry.conflicts.isEmpty ? "" : " ⚠"),
                text,
                MarkdownText.link(dossier.sources[entry.source].summary.title, to: link) + " ¶\(entry.event.paragraph)",
            ]) + "\n"
        }
        return md
    }
}
