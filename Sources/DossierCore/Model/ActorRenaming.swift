extension Extractor.Output {
    /// Gives each of `candidates` the actor `transform` returns for it (nil drops it), merges
    /// actors that end up with the same name, and carries the new names to the quotes, events
    /// and mentions. Names that are not among the candidates stay as they are.
    mutating func renameActors(_ candidates: [ActorMention], _ transform: (ActorMention) -> ActorMention?) {
        var renamed: [String: String?] = [:]
        var merged: [String: ActorMention] = [:]
        for actor in candidates {
            guard let changed = transform(actor) else {
                renamed[actor.name] = .some(nil)
                continue
            }
            renamed[actor.name] = changed.name
            if var existing = merged[changed.name] {
                existing.forms = Array(Set(existing.forms + changed.forms)).sorted()
                existing.roles += changed.roles.filter { !existing.roles.contains($0) }
                existing.mentions += changed.mentions
                existing.paragraphs = Array(Set(existing.paragraphs + changed.paragraphs)).sorted()
                merged[changed.name] = existing
            } else {
                merged[changed.name] = changed
            }
        }
        func rename(_ name: String) -> String? { renamed[name] ?? name }
        summary.actors = merged.values.sorted { ($0.mentions, $1.name) > ($1.mentions, $0.name) }
        unexplained = []
        // Most sources keep every name (each build renames the whole corpus): then the quotes and
        // mentions stay as they are, and an event's names only need to be in order.
        let keepsEveryName = merged.count == candidates.count && renamed.allSatisfy { $0.value == $0.key }
        if keepsEveryName && summary.events.allSatisfy({ zip($0.actors, $0.actors.dropFirst()).allSatisfy { $0 < $1 } }) { return }
        summary.events = summary.events.map { event in
            var event = event
            event.actors = Array(Set(event.actors.compactMap(rename))).sorted()
            return event
        }
        if keepsEveryName { return }
        summary.quotes = summary.quotes.map { quote in
            var quote = quote
            quote.speaker = quote.speaker.flatMap(rename)
            return quote
        }
        mentions = mentions.compactMap { mention in
            guard let name = rename(mention.key) else { return nil }
            var mention = mention
            mention.key = name
            return mention
        }
    }
}
