/// A digest of what a page is built from, worked out without building the page: a rebuild
/// links a page whose inputs are the previous build's from the previous site, and builds only
/// the rest (`SiteRendering`). At 10,000 sources a rebuild after one edit built some 50,000
/// pages to find the few dozen that changed.
///
/// The page kinds with one (source, actor, pair and timeline-period pages: all but a dozen of a large site's)
/// list their inputs in `inputs(_:)`, beside `page()`. It must add everything `page()` reads that
/// can differ from one build to the next, in the form the page shows it: a similarity as printed,
/// the order of a list rather than the scores that set it (a corpus-wide weight moves every score
/// a little on any edit, and the page does not change). A source is added whole, by its digest
/// (`SourceDigests`): over-cautious, never stale; except where a page lists thousands of sources
/// and shows little of each (an actor's page, a large matrix's rows), which adds only that part. `checkPageInputs` builds every page anyway and
/// fails on a page whose inputs missed a change; the incremental tests build with it.
struct PageInputs {
    private var hash = ContentHash.WordAtATime()
    let dossier: Dossier
    let sources: SourceDigests

    /// `settings`: everything besides the dossier that goes into every page (the program, templates and configuration).
    init(path: String, settings: String, dossier: Dossier, sources: SourceDigests) {
        self.dossier = dossier
        self.sources = sources
        add(settings)
        add(path)
    }

    mutating func add(_ text: String) { hash.add(text) }
    mutating func add(_ text: String?) { hash.add(text) }
    mutating func add(_ number: Int) { hash.add(number) }
    mutating func add(_ texts: [String]) { hash.add(texts) }

    /// A source by its place in `dossier.sources`: its page name and everything it holds.
    mutating func add(source index: Int) {
        add(dossier.sources[index].slug)
        hash.add(sources.digests[index])
    }

    /// A source as a listing shows it (`SourceDigests.listings`): its page name, title, genre and flags.
    mutating func add(listing index: Int) {
        hash.add(sources.listings[index])
    }

    /// What a source says of one of its actors (`SourceDigests.portrayals`), by the actor's name in the source.
    mutating func add(portrayal index: Int, of name: String) {
        hash.add(sources.portrayals[index][name] ?? 0)
    }

    /// An actor named by slug: the name its links show.
    mutating func add(actor slug: String) {
        add(slug)
        add(dossier.actor(slug: slug)?.name)
    }

    var digest: String { hash.digest }
}

/// Each source's digest: everything a `Dossier.Source` holds that a page can show. The cleaned
/// text stands in through the source's cache key (its bytes, name and format, the program and
/// the extractor's data: what the cleaning is made from); the rest is hashed as it is, field by
/// field (through the cache's encoding it took a tenth of a rebuild).
struct SourceDigests: Sendable {
    let digests: [UInt64]
    /// What a row or link listing the source shows of it (its page name, title, genre and flags):
    /// the pages that list thousands of sources need not change with every word of each.
    let listings: [UInt64]
    /// What the source says of each of its actors, by the actor's name in it: the sentences naming
    /// the actor (as many as an actor's page shows), its quotes and the events naming it.
    let portrayals: [[String: UInt64]]

    init(_ dossier: Dossier) {
        let all = dossier.sources.parallelMap { (Self.digest($0), Self.listing($0), Self.portrayals($0)) }
        digests = all.map(\.0)
        listings = all.map(\.1)
        portrayals = all.map(\.2)
    }

    /// Each actor's portrayal in one source: its quotes and events gathered by name once, not
    /// looked for among all of the source's on behalf of each actor.
    static func portrayals(_ source: Dossier.Source) -> [String: UInt64] {
        var quotes: [String: [Quote]] = [:]
        for quote in source.summary.quotes { if let speaker = quote.speaker { quotes[speaker, default: []].append(quote) } }
        var events: [String: [DatedEvent]] = [:]
        for event in source.summary.events { for name in event.actors { events[name, default: []].append(event) } }
        var result: [String: UInt64] = [:]
        for actor in source.summary.actors {
            var hash = ContentHash.WordAtATime()
            let contexts = source.mentionSentences[actor.name] ?? []
            hash.add(contexts.count)
            for context in contexts.prefix(ActorPage.contextLimit) {
                hash.add(context.sentence)
                hash.add(context.paragraph)
            }
            let spoken = quotes[actor.name] ?? []
            hash.add(spoken.count)
            for quote in spoken {
                hash.add(quote.text)
                hash.add(quote.paragraph)
            }
            let dated = events[actor.name] ?? []
            hash.add(dated.count)
            for event in dated {
                hash.add(event.date)
                hash.add(event.text)
                hash.add(event.paragraph)
            }
            result[actor.name] = hash.value
        }
        return result
    }

    static func listing(_ source: Dossier.Source) -> UInt64 {
        var hash = ContentHash.WordAtATime()
        for part in [source.slug, source.summary.title, source.summary.genre?.rawValue ?? "\u{1}", source.summary.flagList] { hash.add(part) }
        return hash.value
    }

    static func digest(_ source: Dossier.Source) -> UInt64 {
        var hash = ContentHash.WordAtATime()
        hash.add(SourceCache.key(for: source.raw))
        hash.add(source.slug)
        hash.add(source.raw.decodingNotes)
        source.summary.addDigest(to: &hash)
        hash.add(source.actorSlugs.count)
        for name in source.actorSlugs.keys.sorted() {
            hash.add(name)
            hash.add(source.actorSlugs[name]!)
        }
        hash.add(source.mentionSentences.count)
        for name in source.mentionSentences.keys.sorted() {
            let contexts = source.mentionSentences[name]!
            hash.add(name)
            hash.add(contexts.count)
            for context in contexts {
                hash.add(context.paragraph)
                hash.add(context.sentence)
                hash.add(context.form)
            }
        }
        hash.add(source.annotations.count)
        for anchored in source.annotations {
            let annotation = anchored.annotation
            for text in [annotation.quote, annotation.prefix, annotation.suffix, annotation.note, annotation.tag] { hash.add(text) }
            for number in [annotation.line, anchored.paragraph, anchored.range?.lowerBound, anchored.range?.upperBound] { hash.add(number) }
        }
        hash.add(source.notes)
        return hash.value
    }
}
