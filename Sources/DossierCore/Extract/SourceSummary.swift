/// What the extractor drew from one source: the draft an analyst corrects.
public struct SourceSummary: Sendable, Equatable, Codable {
    public var id: String
    public var file: String
    public var title: String
    /// ISO date, as precise as the text gives (`2024`, `2024-03`, `2024-03-02`).
    public var published: String?
    public var outlet: String?
    public var author: String?
    public var genre: Genre?
    public var genreEvidence: String?
    public var flags: [ReliabilityFlag]
    public var actors: [ActorMention]
    public var quotes: [Quote]
    public var events: [DatedEvent]
    public var claims: [Claim]

    public init(id: String, file: String, title: String, published: String? = nil, outlet: String? = nil,
                author: String? = nil, genre: Genre? = nil, genreEvidence: String? = nil, flags: [ReliabilityFlag] = [],
                actors: [ActorMention] = [], quotes: [Quote] = [], events: [DatedEvent] = [], claims: [Claim] = []) {
        self.id = id
        self.file = file
        self.title = title
        self.published = published
        self.outlet = outlet
        self.author = author
        self.genre = genre
        self.genreEvidence = genreEvidence
        self.flags = flags
        self.actors = actors
        self.quotes = quotes
        self.events = events
        self.claims = claims
    }
}

public enum Genre: String, Sendable, CaseIterable, Codable {
    case newsReport = "news-report"
    case analysis
    case opinion
    case commentThread = "comment-thread"
    case socialPost = "social-post"
}

public struct ReliabilityFlag: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case readerComments = "reader-comments"
        case truncated
        case advocacySource = "advocacy-source"
        case sponsoredOrSyndicated = "sponsored-or-syndicated"
        case socialMedia = "social-media"
        case machineSpunText = "machine-spun-text"
        case invalidText = "invalid-text"
    }

    public var flag: Kind
    /// The line or phrase that raised the flag, quoted from the source.
    public var evidence: String

    public init(_ flag: Kind, evidence: String) {
        self.flag = flag
        self.evidence = evidence
    }
}

public enum ActorKind: String, Sendable, CaseIterable, Comparable, Codable {
    case person, organisation, state, bloc

    public static func < (a: ActorKind, b: ActorKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// An actor as one source names it.
public struct ActorMention: Sendable, Equatable, Codable {
    /// Canonical name within this source (the fullest form seen).
    public var name: String
    public var kind: ActorKind
    /// Every surface form seen, sorted.
    public var forms: [String]
    /// Titles and roles the source gives the actor ("Peruvian president").
    public var roles: [String]
    /// Number of mentions in the body.
    public var mentions: Int
    /// Paragraph numbers where the actor is mentioned, ascending, without repeats.
    public var paragraphs: [Int]

    public init(name: String, kind: ActorKind, forms: [String], roles: [String], mentions: Int, paragraphs: [Int]) {
        self.name = name
        self.kind = kind
        self.forms = forms
        self.roles = roles
        self.mentions = mentions
        self.paragraphs = paragraphs
    }
}

public struct Quote: Sendable, Equatable, Codable {
    /// Canonical name of the speaker, nil when the text does not say who spoke.
    public var speaker: String?
    public var text: String
    public var paragraph: Int

    public init(speaker: String?, text: String, paragraph: Int) {
        self.speaker = speaker
        self.text = text
        self.paragraph = paragraph
    }
}

public struct DatedEvent: Sendable, Equatable, Codable {
    /// ISO date as precise as the text gives.
    public var date: String
    /// The words of the text that gave the date ("last November").
    public var phrase: String
    /// The sentence the date came from.
    public var text: String
    public var paragraph: Int
    /// Canonical names of the actors in the sentence.
    public var actors: [String]

    public init(date: String, phrase: String, text: String, paragraph: Int, actors: [String]) {
        self.date = date
        self.phrase = phrase
        self.text = text
        self.paragraph = paragraph
        self.actors = actors
    }
}

public struct Claim: Sendable, Equatable, Codable {
    public var text: String
    public var paragraph: Int

    public init(text: String, paragraph: Int) {
        self.text = text
        self.paragraph = paragraph
    }
}

extension SourceSummary {
    /// Every field of the summary into `hash`, each list with its length and each optional marked
    /// present or not: what a page shows of a source (`SourceDigests`), and what a summary file is
    /// merged with (`SummaryCache`). A field added to `SourceSummary` or its parts must be added
    /// here (a test counts them).
    func addDigest(to hash: inout ContentHash.WordAtATime) {
        let summary = self
        for text in [summary.id, summary.file, summary.title, summary.published, summary.outlet, summary.author,
                     summary.genre?.rawValue, summary.genreEvidence] { hash.add(text) }
        hash.add(summary.flags.count)
        for flag in summary.flags {
            hash.add(flag.flag.rawValue)
            hash.add(flag.evidence)
        }
        hash.add(summary.actors.count)
        for actor in summary.actors {
            hash.add(actor.name)
            hash.add(actor.kind.rawValue)
            hash.add(actor.forms)
            hash.add(actor.roles)
            hash.add(actor.mentions)
            hash.add(actor.paragraphs.count)
            for paragraph in actor.paragraphs { hash.add(paragraph) }
        }
        hash.add(summary.quotes.count)
        for quote in summary.quotes {
            hash.add(quote.speaker)
            hash.add(quote.text)
            hash.add(quote.paragraph)
        }
        hash.add(summary.events.count)
        for event in summary.events {
            hash.add(event.date)
            hash.add(event.phrase)
            hash.add(event.text)
            hash.add(event.paragraph)
            hash.add(event.actors)
        }
        hash.add(summary.claims.count)
        for claim in summary.claims {
            hash.add(claim.text)
            hash.add(claim.paragraph)
        }
    }
}
