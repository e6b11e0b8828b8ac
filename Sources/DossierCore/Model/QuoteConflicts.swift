/// A quote in one source.
public struct QuoteRef: Sendable, Equatable, Hashable {
    /// Index into `Dossier.sources`.
    public var source: Int
    /// Index into that source's `summary.quotes`.
    public var quote: Int
}

/// The same words, or nearly, put in different mouths by two sources.
public struct QuoteConflict: Sendable, Equatable {
    /// `a.source < b.source`.
    public var a: QuoteRef
    public var b: QuoteRef
    public var similarity: Double
}

/// Aligns the attributed quotes of the corpus by the same TF-IDF similarity as
/// claims, and keeps the pairs whose speakers are different actors. A quote
/// with no speaker contradicts nobody.
struct QuoteConflicts: Sendable {
    let normaliser: TermNormaliser
    /// Quotes are compared by their words; a short quote ("No.") says too little.
    var minimumTerms = 3
    var similarity = TextSimilarity()

    init(gazetteer: Gazetteer) {
        normaliser = TermNormaliser(gazetteer: gazetteer)
    }

    func conflicts(in sources: [Dossier.Source]) -> [QuoteConflict] {
        var attributed: [QuoteRef] = []
        for (source, entry) in sources.enumerated() {
            for (index, quote) in entry.summary.quotes.enumerated() where quote.speaker != nil {
                attributed.append(QuoteRef(source: source, quote: index))
            }
        }
        let terms = normaliser.termKeys(of: attributed.map { sources[$0.source].summary.quotes[$0.quote].text })
        var refs: [QuoteRef] = []
        var texts = TextSimilarity.Texts()
        for (ref, terms) in zip(attributed, terms) where ClaimAligner.hasDistinct(minimumTerms, in: terms) {
            refs.append(ref)
            texts.append(group: ref.source, terms: terms)
        }
        // Once per quote, not per link: a quote repeated across a corpus has many links.
        let speakers = refs.map { speaker($0, sources) }
        return similarity.links(texts).links.compactMap { link in
            guard speakers[link.a] != speakers[link.b] else { return nil }
            return QuoteConflict(a: refs[link.a], b: refs[link.b], similarity: link.similarity)
        }
    }

    /// The corpus actor who speaks: two sources may name the same person differently.
    private func speaker(_ ref: QuoteRef, _ sources: [Dossier.Source]) -> String {
        let name = sources[ref.source].summary.quotes[ref.quote].speaker ?? ""
        return sources[ref.source].actorSlugs[name].map { "actor:" + $0 } ?? "name:" + name
    }
}
