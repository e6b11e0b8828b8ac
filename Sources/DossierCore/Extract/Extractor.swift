/// Runs every extractor over one cleaned source and returns its summary draft.
public struct Extractor: Sendable {
    let gazetteer: Gazetteer
    let vocabulary: CorpusVocabulary

    public init(gazetteer: Gazetteer = .shared, vocabulary: CorpusVocabulary = CorpusVocabulary()) {
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
    }

    /// The draft summary and the actor mentions behind it (pages link them in the text).
    /// The build caches it on disk between builds (`EntryCoding`).
    public struct Output: Sendable {
        public var summary: SourceSummary
        /// Lone names this source does not explain, left for the corpus to resolve.
        var unexplained: [ActorMention]
        var mentions: [ActorExtractor.Mention]
        /// The text of each sentence, by its position in the source (`Mention.sentence`).
        var sentences: [String]
        /// The terms of each sentence outside headings, in reading order.
        var bodyTerms: [SentenceTerms]
    }

    public func extract(_ source: CleanSource, raw: RawSource) -> Output {
        let metadata = MetadataExtractor().metadata(of: source)
        var sentences: [SentenceRef] = []
        for paragraph in source.paragraphs {
            for text in Sentences.split(paragraph.text) {
                sentences.append(SentenceRef(paragraph: paragraph.number, index: sentences.count, text: text,
                                             tokens: Tokenizer.tokens(text), isHeading: paragraph.kind == .heading))
            }
        }
        let actors = ActorExtractor(gazetteer: gazetteer, vocabulary: vocabulary).extract(from: sentences)
        let kinds = Dictionary(actors.actors.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })

        var quotes: [Quote] = []
        var lastPerson: String?
        var quoteLeftOpen = false
        let mentionsByParagraph = Dictionary(grouping: actors.mentions, by: \.paragraph)
        let roles = actors.actors.filter { $0.kind == .person }.map { (name: $0.name, roles: $0.roles) }
        for paragraph in source.paragraphs where paragraph.kind != .heading {
            var found = QuoteExtractor().quotes(in: paragraph, sentences: sentences, mentions: mentionsByParagraph[paragraph.number] ?? [],
                                                lastPerson: lastPerson, actorKinds: kinds, roles: roles)
            // A quotation running over paragraphs leaves each one open and reopens the next with a quote mark.
            if quoteLeftOpen, let first = found.quotes.first, found.startsWithQuote, var previous = quotes.popLast() {
                previous.text += " " + first.text
                previous.speaker = previous.speaker ?? first.speaker
                found.quotes[0] = previous
            }
            quotes += found.quotes
            lastPerson = found.lastPerson
            quoteLeftOpen = found.endsOpen
        }

        let dates = DateExtractor(published: metadata.published)
        let mentionsBySentence = Dictionary(grouping: actors.mentions, by: \.sentence)
        var events: [DatedEvent] = []
        for sentence in sentences {
            let names = Array(Set((mentionsBySentence[sentence.index] ?? []).map(\.key))).sorted()
            for found in dates.dates(in: sentence.tokens) {
                events.append(DatedEvent(date: found.iso, phrase: found.phrase, text: sentence.text,
                                         paragraph: sentence.paragraph, actors: names))
            }
        }

        let rules = ReliabilityRules(gazetteer: gazetteer)
        let flags = rules.flags(for: source, raw: raw)
        let genre = rules.genre(for: source, flags: flags)
        let summary = SourceSummary(
            id: source.id, file: source.file, title: metadata.title, published: metadata.published,
            outlet: metadata.outlet, author: metadata.author, genre: genre.0, genreEvidence: genre.1, flags: flags,
            actors: actors.actors, quotes: quotes, events: events,
            claims: ClaimExtractor(gazetteer: gazetteer).claims(from: sentences))
        let normaliser = TermNormaliser(gazetteer: gazetteer)
        var known: [String: String?] = [:]
        known.reserveCapacity(1024)
        let bodyTerms = sentences.filter { !$0.isHeading }.map { sentence in
            SentenceTerms(sentence: sentence.index, paragraph: sentence.paragraph, terms: normaliser.joinedTerms(sentence.tokens, known: &known))
        }
        return Output(summary: summary, unexplained: actors.unexplained, mentions: actors.mentions, sentences: sentences.map(\.text),
                      bodyTerms: bodyTerms)
    }
}
