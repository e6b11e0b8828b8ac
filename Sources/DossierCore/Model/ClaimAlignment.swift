/// Sentences from different sources that make the same or a closely related
/// claim, joined into groups ranked by how many independent sources support them.
public struct ClaimAlignment: Sendable {
    public struct Sentence: Sendable, Equatable {
        /// Index into `Dossier.sources`.
        public var source: Int
        public var paragraph: Int
        public var text: String
        /// Whether the sentence is one of the source's key claims.
        public var isKeyClaim: Bool

        public init(source: Int, paragraph: Int, text: String, isKeyClaim: Bool = false) {
            self.source = source
            self.paragraph = paragraph
            self.text = text
            self.isKeyClaim = isKeyClaim
        }
    }

    /// Two sentences of different sources above the similarity threshold.
    public struct Link: Sendable, Equatable {
        /// Indexes into `sentences`, `a < b`, so `a`'s source comes first in reading order.
        public var a: Int
        public var b: Int
        public var similarity: Double
    }

    public struct Group: Sendable, Equatable {
        /// Indexes into `sentences`, in reading order.
        public var members: [Int]
        /// The distinct sources of the members, in reading order: the claim's independent support.
        public var sources: [Int]
    }

    /// Every sentence compared, in reading order (source, then place in the text).
    public var sentences: [Sentence] = []
    /// By `a`, then `b`.
    public var links: [Link] = []
    /// Most independent sources first. Every group spans at least two sources.
    public var groups: [Group] = []
    /// How many sentence pairs the inverted index proposed for a cosine: the measure of the search's cost.
    public var candidatePairs = 0

    public init() {}
}

/// Finds the aligned sentences of a corpus.
///
/// Which sentences: every body sentence of every source, not only the extracted key claims —
/// agreement is as often in a passing sentence as in a headline claim, and the inverted index
/// keeps the cost near-linear however many sentences there are. Headings, sentences with fewer
/// than `minimumTerms` content words and reader comments are left out; a key claim the analyst
/// rewrote (so no longer a sentence of the body) is added as it stands.
struct ClaimAligner: Sendable {
    let normaliser: TermNormaliser
    var similarity = TextSimilarity()
    /// Sentences with fewer content words say too little to align ("Talks stalled.").
    var minimumTerms = 4

    init(gazetteer: Gazetteer) {
        normaliser = TermNormaliser(gazetteer: gazetteer)
    }

    /// Sentences to compare, each with its terms (`TermKeys`) as the text of the same number,
    /// grouped by source.
    struct Candidates: Sendable {
        var sentences: [ClaimAlignment.Sentence] = []
        var texts = TextSimilarity.Texts()

        /// `parts` one after the other.
        init(joining parts: [Candidates]) {
            sentences = parts.flatMap(\.sentences)
            texts = TextSimilarity.Texts(joining: parts.map(\.texts))
        }

        init() {}
    }

    /// The sentences of one source to compare, with its key claims marked: its body sentences
    /// with the terms the extraction worked out, then any key claim the analyst rewrote.
    func candidates(source: Int, extraction: Extractor.Output, claims: [Claim]) -> Candidates {
        // The claims not yet found among the body's sentences, by paragraph: a source has a handful,
        // and a sentence is compared only with those of its paragraph (no sentence text is hashed).
        var unmatched: [Int: [String]] = [:]
        for claim in claims where unmatched[claim.paragraph]?.contains(claim.text) != true { unmatched[claim.paragraph, default: []].append(claim.text) }
        var result = Candidates()
        result.sentences.reserveCapacity(extraction.bodyTerms.count)
        for body in extraction.bodyTerms where extraction.sentences.indices.contains(body.sentence) {
            let text = extraction.sentences[body.sentence]
            var isClaim = false
            if let index = unmatched[body.paragraph]?.firstIndex(of: text) {
                unmatched[body.paragraph]!.remove(at: index)
                isClaim = true
            }
            result.sentences.append(ClaimAlignment.Sentence(source: source, paragraph: body.paragraph, text: text, isKeyClaim: isClaim))
            TermKeys.append(joined: body.terms, to: &result.texts.terms)
            result.texts.close(group: source)
        }
        for claim in claims where unmatched[claim.paragraph]?.contains(claim.text) == true {
            result.sentences.append(ClaimAlignment.Sentence(source: source, paragraph: claim.paragraph, text: claim.text, isKeyClaim: true))
            result.texts.append(group: source, terms: normaliser.terms(claim.text).map(TermKeys.of))
        }
        return result
    }

    /// `align` for sentences whose terms are not known yet.
    func align(_ sentences: [ClaimAlignment.Sentence]) -> ClaimAlignment {
        var candidates = Candidates()
        candidates.sentences = sentences
        for (sentence, terms) in zip(sentences, normaliser.termKeys(of: sentences.map(\.text))) { candidates.texts.append(group: sentence.source, terms: terms) }
        return align(candidates)
    }

    func align(_ candidates: Candidates) -> ClaimAlignment {
        var alignment = ClaimAlignment()
        var texts = TextSimilarity.Texts()
        for index in candidates.sentences.indices where Self.hasDistinct(minimumTerms, in: candidates.texts[index]) {
            alignment.sentences.append(candidates.sentences[index])
            texts.append(group: candidates.texts.groups[index], terms: candidates.texts[index])
        }
        let result = similarity.links(texts)
        alignment.candidatePairs = result.candidatePairs
        alignment.links = result.links.map { ClaimAlignment.Link(a: $0.a, b: $0.b, similarity: $0.similarity) }
        alignment.groups = Self.groups(of: alignment.sentences, links: alignment.links, vectors: result.vectors, threshold: similarity.threshold)
        return alignment
    }

    /// Whether `terms` holds at least `count` different terms: each term is looked for among
    /// the ones before it, stopping once enough are found, with no set made for each of the
    /// corpus's sentences.
    static func hasDistinct<Terms: Collection>(_ count: Int, in terms: Terms) -> Bool where Terms.Element: Equatable {
        guard count > 0 else { return true }
        guard terms.count >= count else { return false }
        var distinct = 0
        for index in terms.indices where !terms[..<index].contains(terms[index]) {
            distinct += 1
            if distinct >= count { return true }
        }
        return false
    }

    /// Union–find over the links, strongest first. Two groups merge only when their centroids
    /// are as similar as two sentences must be: a chain of loosely related sentences (A like B,
    /// B like C, C like D…) would otherwise end as one group about nothing in particular.
    static func groups(of sentences: [ClaimAlignment.Sentence], links: [ClaimAlignment.Link],
                       vectors: TextSimilarity.Vectors, threshold: Double) -> [ClaimAlignment.Group] {
        var parent = Array(sentences.indices)
        var centroids: [Int: [Int: Double]] = [:]
        var squaredNorms: [Int: Double] = [:]
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        func centroid(_ node: Int) -> [Int: Double] {
            centroids[node] ?? Dictionary(uniqueKeysWithValues: vectors[node].map { ($0.term, $0.weight) })
        }
        let ordered = links.sorted { ($0.similarity, -$0.a, -$0.b) > ($1.similarity, -$1.a, -$1.b) }
        for link in ordered {
            let (a, b) = (root(link.a), root(link.b))
            guard a != b else { continue }
            var (large, small) = (centroid(a), centroid(b))
            if large.count < small.count { swap(&large, &small) }
            // Summed in term order: a dictionary's order changes from run to run, and so would the last bits.
            let dot = small.keys.sorted().reduce(0.0) { $0 + small[$1]! * (large[$1] ?? 0) }
            let (normA, normB) = (squaredNorms[a] ?? 1, squaredNorms[b] ?? 1)
            guard dot / (normA * normB).squareRoot() >= threshold else { continue }
            for (term, weight) in small { large[term, default: 0] += weight }
            // The smaller index stays the root, so the groups never depend on the order of merges.
            let (newRoot, other) = (min(a, b), max(a, b))
            parent[other] = newRoot
            centroids[newRoot] = large
            centroids[other] = nil
            squaredNorms[newRoot] = normA + normB + 2 * dot
        }
        var members: [Int: [Int]] = [:]
        for link in links {
            let (a, b) = (root(link.a), root(link.b))
            guard a == b else { continue }
            members[a, default: []] += [link.a, link.b]
        }
        let groups = members.values.map { list -> ClaimAlignment.Group in
            let sorted = Array(Set(list)).sorted()
            return ClaimAlignment.Group(members: sorted, sources: Array(Set(sorted.map { sentences[$0].source })).sorted())
        }
        return groups.sorted { ($0.sources.count, $0.members.count, -$0.members[0]) > ($1.sources.count, $1.members.count, -$1.members[0]) }
    }
}
