import Foundation

/// `dossier extract --json`: the summaries of a corpus as one JSON document.
/// Tooling outside the project reads it: field names are a contract.
public enum ExtractionJSON {
    public static func encode(_ dossier: Dossier) throws -> Data {
        let document = Document(sources: dossier.sources.map(SourceJSON.init))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    struct Document: Encodable {
        var sources: [SourceJSON]
    }

    struct SourceJSON: Encodable {
        var source: Dossier.Source

        init(_ source: Dossier.Source) { self.source = source }

        enum Keys: String, CodingKey {
            case file, id, title, published, outlet, author, genre, flags, body, removed, comments, actors, quotes, events, claims
        }

        func encode(to encoder: Encoder) throws {
            let summary = source.summary
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(source.raw.file, forKey: .file)
            try container.encode(summary.id, forKey: .id)
            try container.encode(summary.title, forKey: .title)
            // Unknown metadata is null, never invented.
            try container.encode(summary.published, forKey: .published)
            try container.encode(summary.outlet, forKey: .outlet)
            try container.encode(summary.author, forKey: .author)
            try container.encode(summary.genre?.rawValue, forKey: .genre)
            try container.encode(summary.flags.map { ["flag": $0.flag.rawValue, "evidence": $0.evidence] }, forKey: .flags)
            try container.encode(source.clean.paragraphs.map(\.text), forKey: .body)
            try container.encode(source.clean.removed.map(\.text), forKey: .removed)
            try container.encode(source.clean.comments.map { ["text": $0.text] }, forKey: .comments)
            try container.encode(summary.actors.map(ActorJSON.init), forKey: .actors)
            try container.encode(summary.quotes.map(QuoteJSON.init), forKey: .quotes)
            try container.encode(summary.events.map { ["date": $0.date, "text": $0.text] }, forKey: .events)
            try container.encode(summary.claims.map(ClaimJSON.init), forKey: .claims)
        }
    }

    struct ActorJSON: Encodable {
        var name: String
        var kind: String
        var forms: [String]
        var roles: [String]
        var mentions: Int

        init(_ actor: ActorMention) {
            name = actor.name
            kind = actor.kind.rawValue
            forms = actor.forms
            roles = actor.roles
            mentions = actor.mentions
        }
    }

    struct QuoteJSON: Encodable {
        var speaker: String?
        var text: String

        init(_ quote: Quote) {
            speaker = quote.speaker
            text = quote.text
        }

        enum Keys: String, CodingKey { case speaker, text }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(speaker, forKey: .speaker)
            try container.encode(text, forKey: .text)
        }
    }

    struct ClaimJSON: Encodable {
        var text: String
        var paragraph: Int

        init(_ claim: Claim) {
            text = claim.text
            paragraph = claim.paragraph
        }
    }
}
