import Foundation

/// Two sources set side by side: what they share, where they agree, what only
/// one of them says and where they contradict each other.
public struct SourcePair: Sendable {
    /// Indexes into `Dossier.sources`, `a < b`.
    public var a: Int
    public var b: Int
    /// Page name under `compare/`: `<idA>--<idB>`.
    public var slug: String
    /// Slugs of the actors both name, most mentioned by the two together first.
    public var sharedActors: [String]
    /// Indexes into `alignment.links` between the two, most similar first.
    public var links: [Int]
    /// Indexes into each side's `summary.claims` with no aligned sentence in the other.
    public var onlyA: [Int]
    public var onlyB: [Int]
    /// Timeline entries (indexes into `timeline`) dating the same event differently: `a`'s first.
    public var dateConflicts: [(a: Int, b: Int)]
    /// Indexes into `Dossier.figureConflicts` and `Dossier.quoteConflicts`.
    public var figureConflicts: [Int]
    public var quoteConflicts: [Int]
    /// How much the two have in common; pairs are chosen by it.
    public var score: Double

    public var conflictCount: Int { dateConflicts.count + figureConflicts.count + quoteConflicts.count }
}

/// Chooses which pairs of sources get a comparison page and works out each one.
/// Only pairs that share something, and for each source only its `partnersPerSource`
/// closest partners, so the pages stay near-linear in the number of sources.
struct SourcePairs: Sendable {
    var partnersPerSource = 5
    /// An actor named by more sources than this does not make two sources comparable
    /// (nearly every source names the main states); it still shows among the shared actors.
    var commonActorLimit = 50

    struct Inputs: Sendable {
        var sources: [Dossier.Source]
        var actors: [Dossier.Actor]
        var timeline: [Dossier.TimelineEntry]
        var alignment: ClaimAlignment
        var figureConflicts: [FigureConflict]
        var quoteConflicts: [QuoteConflict]
    }

    private struct Key: Hashable, Comparable {
        var a: Int
        var b: Int
        init(_ x: Int, _ y: Int) { (a, b) = (min(x, y), max(x, y)) }
        static func < (l: Key, r: Key) -> Bool { (l.a, l.b) < (r.a, r.b) }
    }

    func pairs(_ input: Inputs) -> [SourcePair] {
        let count = input.sources.count
        guard count > 1 else { return [] }
        let alignment = input.alignment
        var linksByPair: [Key: [Int]] = [:]
        for (index, link) in alignment.links.enumerated() {
            linksByPair[Key(alignment.sentences[link.a].source, alignment.sentences[link.b].source), default: []].append(index)
        }
        var datesByPair: [Key: [(a: Int, b: Int)]] = [:]
        for (index, entry) in input.timeline.enumerated() {
            for other in entry.conflicts where other > index {
                let key = Key(entry.source, input.timeline[other].source)
                datesByPair[key, default: []].append(entry.source == key.a ? (index, other) : (other, index))
            }
        }
        var figuresByPair: [Key: [Int]] = [:]
        for (index, conflict) in input.figureConflicts.enumerated() {
            let link = alignment.links[conflict.link]
            figuresByPair[Key(alignment.sentences[link.a].source, alignment.sentences[link.b].source), default: []].append(index)
        }
        var quotesByPair: [Key: [Int]] = [:]
        for (index, conflict) in input.quoteConflicts.enumerated() {
            quotesByPair[Key(conflict.a.source, conflict.b.source), default: []].append(index)
        }

        // Scores: aligned sentences weigh most, then conflicts, then actors the two share that few others name.
        var scores: [Key: Double] = [:]
        for key in linksByPair.keys.sorted() {
            scores[key, default: 0] += 2 * linksByPair[key]!.reduce(0) { $0 + alignment.links[$1].similarity }
        }
        for key in Set(datesByPair.keys).union(figuresByPair.keys).union(quotesByPair.keys).sorted() {
            scores[key, default: 0] += Double((datesByPair[key]?.count ?? 0) + (figuresByPair[key]?.count ?? 0) + (quotesByPair[key]?.count ?? 0))
        }
        for actor in input.actors {
            let named = Array(Set(actor.appearances.map(\.source))).sorted()
            guard named.count > 1, named.count <= commonActorLimit else { continue }
            let weight = log(Double(1 + count) / Double(1 + named.count)) + 1
            for (i, x) in named.enumerated() { for y in named[(i + 1)...] { scores[Key(x, y), default: 0] += weight } }
        }

        var partners = [[(other: Int, score: Double)]](repeating: [], count: count)
        for key in scores.keys.sorted() {
            let score = scores[key]!
            partners[key.a].append((key.b, score))
            partners[key.b].append((key.a, score))
        }
        var chosen: Set<Key> = []
        for (source, list) in partners.enumerated() {
            for partner in list.sorted(by: { ($0.score, -$0.other) > ($1.score, -$1.other) }).prefix(partnersPerSource) {
                chosen.insert(Key(source, partner.other))
            }
        }

        // Each chosen pair's page data is its own work: on all cores, in pair order.
        let (links, dates, figures, quotes, finalScores) = (linksByPair, datesByPair, figuresByPair, quotesByPair, scores)
        return chosen.sorted().parallelMap { key in
            let (a, b) = (input.sources[key.a], input.sources[key.b])
            let pairLinks = (links[key] ?? []).sorted { (alignment.links[$0].similarity, -$0) > (alignment.links[$1].similarity, -$1) }
            var partnered: Set<Int> = []
            for index in pairLinks { partnered.insert(alignment.links[index].a); partnered.insert(alignment.links[index].b) }
            return SourcePair(
                a: key.a, b: key.b, slug: a.slug + "--" + b.slug,
                sharedActors: sharedActors(a, b, actors: input.actors),
                links: pairLinks,
                onlyA: unaligned(claimsOf: key.a, partnered: partnered, alignment: alignment, claims: a.summary.claims),
                onlyB: unaligned(claimsOf: key.b, partnered: partnered, alignment: alignment, claims: b.summary.claims),
                dateConflicts: dates[key] ?? [], figureConflicts: figures[key] ?? [], quoteConflicts: quotes[key] ?? [],
                score: finalScores[key]!)
        }
    }

    private func sharedActors(_ a: Dossier.Source, _ b: Dossier.Source, actors: [Dossier.Actor]) -> [String] {
        var mentions: [String: Int] = [:]
        for source in [a, b] {
            for actor in source.summary.actors {
                guard let slug = source.actorSlugs[actor.name] else { continue }
                mentions[slug, default: 0] += actor.mentions
            }
        }
        let shared = Set(a.actorSlugs.values).intersection(b.actorSlugs.values)
        return shared.sorted { (mentions[$0] ?? 0, $1) > (mentions[$1] ?? 0, $0) }
    }

    /// A key claim is unaligned when none of the pair's links touches its sentence.
    private func unaligned(claimsOf source: Int, partnered: Set<Int>, alignment: ClaimAlignment, claims: [Claim]) -> [Int] {
        claims.indices.filter { index in
            let claim = claims[index]
            return !partnered.contains { sentence in
                let candidate = alignment.sentences[sentence]
                return candidate.source == source && candidate.paragraph == claim.paragraph && candidate.text == claim.text
            }
        }
    }
}
