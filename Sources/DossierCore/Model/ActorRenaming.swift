extension Extractor.Output {
    /// Gives each of `candidates` the actor `transform` returns for it (nil drops it), merges
    /// actors that end up with the same name, and carries the new names to the quotes, events
    /// and mentions. Names that are not among the candidates stay as they are.
    mutating func renameActors(_ candidates: [ActorMention], _ transform: (ActorMention) -> ActorMention?) {
        var renamed: [String: String?] = [:]
        var merged: [String: ActorMention] = [:]
        // Every build renames the whole corpus: the tables sized once, and the lists below changed in
        // place (a copy of each event, quote or mention retained each of its strings).
        renamed.reserveCapacity(candidates.count)
        merged.reserveCapacity(candidates.count)
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
        for index in summary.events.indices {
            summary.events[index].actors = Array(Set(summary.events[index].actors.compactMap(rename))).sorted()
        }
        if keepsEveryName { return }
        for index in summary.quotes.indices {
            summary.quotes[index].speaker = summary.quotes[index].speaker.flatMap(rename)
        }
        // The mentions kept move forward in order; those of dropped actors end up past them and go.
        var kept = 0
        for index in mentions.indices {
            guard let name = rename(mentions[index].key) else { continue }
            mentions[index].key = name
            if kept != index { mentions.swapAt(kept, index) }
            kept += 1
        }
        mentions.removeSubrange(kept...)
    }
}
