/// The small values a cache entry holds by the hundreds (each actor mention, body sentence's
/// terms, paragraph and actor) are kept as arrays of their fields in declaration order, not as
/// objects carrying every field's name: a keyed object costs its names in bytes and a search for
/// each field when read, and these made up most of an entry. Only the build cache uses `Codable`
/// (`dossier extract --json` writes its own shapes), so nothing else sees the change. A field
/// added to one of these types must be added here too: the round-trip tests of the cache fail until it is.

extension ActorExtractor.Mention {
    init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        key = try fields.decode(String.self)
        form = try fields.decode(String.self)
        paragraph = try fields.decode(Int.self)
        sentence = try fields.decode(Int.self)
        range = try fields.decodeRange()
    }

    func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(key)
        try fields.encode(form)
        try fields.encode(paragraph)
        try fields.encode(sentence)
        try fields.encode(range.lowerBound)
        try fields.encode(range.upperBound)
    }
}

extension SentenceTerms {
    public init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        sentence = try fields.decode(Int.self)
        paragraph = try fields.decode(Int.self)
        terms = try fields.decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(sentence)
        try fields.encode(paragraph)
        try fields.encode(terms)
    }
}

extension Paragraph {
    public init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        number = try fields.decode(Int.self)
        kind = try fields.decode(Kind.self)
        text = try fields.decode(String.self)
        line = try fields.decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(number)
        try fields.encode(kind)
        try fields.encode(text)
        try fields.encode(line)
    }
}

extension ActorMention {
    public init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        name = try fields.decode(String.self)
        kind = try fields.decode(ActorKind.self)
        forms = try fields.decode([String].self)
        roles = try fields.decode([String].self)
        mentions = try fields.decode(Int.self)
        paragraphs = try fields.decode([Int].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(name)
        try fields.encode(kind)
        try fields.encode(forms)
        try fields.encode(roles)
        try fields.encode(mentions)
        try fields.encode(paragraphs)
    }
}

extension UnkeyedDecodingContainer {
    /// A range kept as its two bounds; bounds the wrong way round are a damaged file, not a crash.
    mutating func decodeRange() throws -> Range<Int> {
        let (lower, upper) = (try decode(Int.self), try decode(Int.self))
        guard lower <= upper else {
            throw DecodingError.dataCorruptedError(in: self, debugDescription: "a range's bounds are the wrong way round")
        }
        return lower..<upper
    }
}
