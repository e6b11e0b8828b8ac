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
/// (`SourceDigests`): over-cautious, never stale. `checkPageInputs` builds every page anyway and
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

    init(_ dossier: Dossier) {
        digests = dossier.sources.parallelMap(Self.digest)
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
