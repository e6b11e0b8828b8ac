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
        // Each pair's links, kept under its first source: (the other source, the link), in link order.
        var linksFrom = [[(other: Int32, link: Int32)]](repeating: [], count: count)
        for (index, link) in alignment.links.enumerated() {
            let key = Key(alignment.sentences[link.a].source, alignment.sentences[link.b].source)
            linksFrom[key.a].append((Int32(key.b), Int32(index)))
        }
        // Conflicts too, under each pair's first source, in the order of the timeline and the conflict lists.
        var datesFrom = [[(other: Int32, dates: (a: Int, b: Int))]](repeating: [], count: count)
        for (index, entry) in input.timeline.enumerated() {
            for other in entry.conflicts where other > index {
                let key = Key(entry.source, input.timeline[other].source)
                datesFrom[key.a].append((Int32(key.b), entry.source == key.a ? (index, other) : (other, index)))
            }
        }
        var figuresFrom = [[(other: Int32, conflict: Int)]](repeating: [], count: count)
        for (index, conflict) in input.figureConflicts.enumerated() {
            let link = alignment.links[conflict.link]
            let key = Key(alignment.sentences[link.a].source, alignment.sentences[link.b].source)
            figuresFrom[key.a].append((Int32(key.b), index))
        }
        var quotesFrom = [[(other: Int32, conflict: Int)]](repeating: [], count: count)
        for (index, conflict) in input.quoteConflicts.enumerated() {
            let key = Key(conflict.a.source, conflict.b.source)
            quotesFrom[key.a].append((Int32(key.b), index))
        }
        // Actors the two share that few others name, in actor order.
        var actorWeightsFrom = [[(other: Int32, weight: Double)]](repeating: [], count: count)
        for actor in input.actors {
            let named = Array(Set(actor.appearances.map(\.source))).sorted()
            guard named.count > 1, named.count <= commonActorLimit else { continue }
            let weight = log(Double(1 + count) / Double(1 + named.count)) + 1
            for (i, x) in named.enumerated() { for y in named[(i + 1)...] { actorWeightsFrom[x].append((Int32(y), weight)) } }
        }

        // Scores, each source's pairs on their own across all cores: aligned sentences weigh most,
        // then conflicts, then shared actors. Each pair's parts are added in that order, and its
        // actors in actor order, so that the sums come out the same to the last bit.
        let (links, dates, figures, quotes, weights) = (linksFrom, datesFrom, figuresFrom, quotesFrom, actorWeightsFrom)
        let scored = Array(0..<count).parallelMap { a -> [Scored] in
            var parts: [(other: Int32, order: Int32, value: Double)] = []
            var pairLinks: [Int32: [Int32]] = [:]
            for (other, link) in links[a] { pairLinks[other, default: []].append(link) }
            for (other, list) in pairLinks {
                parts.append((other, 0, 2 * list.reduce(0) { $0 + alignment.links[Int($1)].similarity }))
            }
            var conflicts: [Int32: Int] = [:]
            for other in dates[a].map(\.other) + figures[a].map(\.other) + quotes[a].map(\.other) { conflicts[other, default: 0] += 1 }
            for (other, number) in conflicts { parts.append((other, 1, Double(number))) }
            for (offset, entry) in weights[a].enumerated() { parts.append((entry.other, Int32(2 + offset), entry.weight)) }
            parts.sort { ($0.other, $0.order) < ($1.other, $1.order) }
            var result: [Scored] = []
            for part in parts {
                if result.last?.other != Int(part.other) {
                    result.append(Scored(other: Int(part.other), score: 0, links: pairLinks[part.other].map { $0.map(Int.init) } ?? []))
                }
                result[result.count - 1].score += part.value
            }
            return result
        }

        // Each source's closest partners, on all cores.
        var partners = [[(other: Int, score: Double)]](repeating: [], count: count)
        for (a, list) in scored.enumerated() {
            for entry in list {
                partners[a].append((entry.other, entry.score))
                partners[entry.other].append((a, entry.score))
            }
        }
        let limit = partnersPerSource
        let closest = Array(partners.indices).parallelMap { [partners] source -> [Key] in
            partners[source].sorted(by: { ($0.score, -$0.other) > ($1.score, -$1.other) }).prefix(limit).map { Key(source, $0.other) }
        }
        var chosen = closest.flatMap { $0 }.sorted()
        chosen = chosen.indices.filter { $0 == 0 || chosen[$0] != chosen[$0 - 1] }.map { chosen[$0] }

        // Each chosen pair's page data is its own work: on all cores, in pair order.
        return chosen.parallelMap { key in
            let (a, b) = (input.sources[key.a], input.sources[key.b])
            let entries = scored[key.a]
            let entry = entries[Self.position(of: key.b, in: entries)]
            let pairLinks = entry.links.sorted { (alignment.links[$0].similarity, -$0) > (alignment.links[$1].similarity, -$1) }
            var partnered: Set<Int> = []
            for index in pairLinks { partnered.insert(alignment.links[index].a); partnered.insert(alignment.links[index].b) }
            return SourcePair(
                a: key.a, b: key.b, slug: a.slug + "--" + b.slug,
                sharedActors: sharedActors(a, b),
                links: pairLinks,
                onlyA: unaligned(claimsOf: key.a, partnered: partnered, alignment: alignment, claims: a.summary.claims),
                onlyB: unaligned(claimsOf: key.b, partnered: partnered, alignment: alignment, claims: b.summary.claims),
                dateConflicts: dates[key.a].filter { $0.other == key.b }.map(\.dates),
                figureConflicts: figures[key.a].filter { $0.other == key.b }.map(\.conflict),
                quoteConflicts: quotes[key.a].filter { $0.other == key.b }.map(\.conflict),
                score: entry.score)
        }
    }

    /// One source's pair with a later source: its score and its links (indexes into `alignment.links`, ascending).
    private struct Scored: Sendable {
        var other: Int
        var score: Double
        var links: [Int]
    }

    /// Where `other` is among `entries` (sorted by `other`, and holding it).
    private static func position(of other: Int, in entries: [Scored]) -> Int {
        var (low, high) = (0, entries.count)
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].other < other { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The actors both name (each source's `actorMentions` has a key for each of its actors), with
    /// the two counts added once per actor rather than looked up again in every comparison of the sort.
    private func sharedActors(_ a: Dossier.Source, _ b: Dossier.Source) -> [String] {
        let (fewer, more) = a.actorMentions.count <= b.actorMentions.count ? (a.actorMentions, b.actorMentions) : (b.actorMentions, a.actorMentions)
        var shared: [(slug: String, mentions: Int)] = []
        for (slug, mentions) in fewer { if let other = more[slug] { shared.append((slug, mentions + other)) } }
        shared.sort { ($0.mentions, $1.slug) > ($1.mentions, $0.slug) }
        return shared.map(\.slug)
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
