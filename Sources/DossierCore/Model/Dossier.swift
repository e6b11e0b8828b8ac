/// The whole dossier: every source with its summary, every actor across the
/// corpus, and the indexes between them. Pages are built from this alone.
public struct Dossier: Sendable {
    public var config: DossierConfig
    /// Sorted by id.
    public var sources: [Source]
    /// Sorted by name.
    public var actors: [Actor]
    /// Every dated event of every source, in date order.
    public var timeline: [TimelineEntry]
    /// Sentences of different sources that make the same claim, and their groups.
    public var alignment = ClaimAlignment()
    /// Aligned sentences giving the same quantity different figures.
    public var figureConflicts: [FigureConflict] = []
    /// Quotes aligned across sources with different speakers.
    public var quoteConflicts: [QuoteConflict] = []
    /// The pairs of sources that get a comparison page, by `a` then `b`.
    public var pairs: [SourcePair] = []
    /// For each source, its pairs (indexes into `pairs`).
    public var pairsBySource: [[Int]] = []

    /// A class, not a struct: a source is never changed once assembled, and pages pass
    /// sources around by the tens of thousands; a struct this wide is copied field by field.
    public final class Source: Sendable {
        public let raw: RawSource
        public let clean: CleanSource
        public let summary: SourceSummary
        /// Page name under `sources/`.
        public let slug: String
        /// This source's actor names → the corpus actor's slug.
        public let actorSlugs: [String: String]
        /// Mentions of each corpus actor (by slug) in this source: local names of the same actor add up.
        public let actorMentions: [String: Int]
        /// Sentences mentioning each actor (by source-local name), for context lines.
        public let mentionSentences: [String: [MentionContext]]
        /// The analyst's annotations on the text and notes on the source.
        public let annotations: [AnchoredAnnotation]
        public let notes: String

        init(raw: RawSource, clean: CleanSource, summary: SourceSummary, slug: String, actorSlugs: [String: String],
             mentionSentences: [String: [MentionContext]], annotations: [AnchoredAnnotation], notes: String) {
            self.raw = raw
            self.clean = clean
            self.summary = summary
            self.slug = slug
            self.actorSlugs = actorSlugs
            var mentions: [String: Int] = [:]
            for actor in summary.actors { if let slug = actorSlugs[actor.name] { mentions[slug, default: 0] += actor.mentions } }
            self.actorMentions = mentions
            self.mentionSentences = mentionSentences
            self.annotations = annotations
            self.notes = notes
        }
    }

    public struct MentionContext: Sendable, Equatable {
        public var paragraph: Int
        public var sentence: String
        public var form: String
    }

    public struct Actor: Sendable {
        public var name: String
        public var slug: String
        public var kind: ActorKind
        /// Every surface form seen in any source, sorted.
        public var forms: [String]
        public var appearances: [Appearance]
        /// Other actors sharing sources with this one, most shared first.
        public var cooccurring: [(slug: String, sources: Int)]

        public var mentions: Int { appearances.reduce(0) { $0 + $1.mentions } }
    }

    /// One actor in one source.
    public struct Appearance: Sendable {
        /// Index into `sources`.
        public var source: Int
        /// The actor's name in that source's summary.
        public var localName: String
        public var mentions: Int
        public var roles: [String]
        public var paragraphs: [Int]
    }

    public struct TimelineEntry: Sendable {
        public var event: DatedEvent
        public var source: Int
        /// Other entries (indexes into `timeline`) that tell the same event with another date.
        public var conflicts: [Int] = []
    }

    /// Actor slug → position in `actors`.
    public var actorPositions: [String: Int]

    public init(config: DossierConfig, sources: [Source], actors: [Actor], timeline: [TimelineEntry]) {
        self.config = config
        self.sources = sources
        self.actors = actors
        self.timeline = timeline
        self.actorPositions = Dictionary(uniqueKeysWithValues: actors.enumerated().map { ($0.element.slug, $0.offset) })
    }

    public func actor(slug: String) -> Actor? {
        actorPositions[slug].map { actors[$0] }
    }
}
