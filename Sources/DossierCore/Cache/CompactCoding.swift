/// An actor, which a summary holds by the dozen, is kept in `CacheCoding`'s form (the summary
/// cache, `SummaryCache`) as an array of its fields in declaration order, not as an object
/// carrying every field's name: a keyed object costs its names in bytes and a search for each
/// field when read. Only the build cache uses `Codable` (`dossier extract --json` writes its own
/// shapes), so nothing else sees the change. A field added to `ActorMention` must be added here
/// too: the round-trip tests of the cache fail until it is. (The source cache has a form of its
/// own, `EntryCoding`.)

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
