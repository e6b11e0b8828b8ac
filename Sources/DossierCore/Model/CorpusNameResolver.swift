/// Gives every source's actors their corpus-wide names before summaries are
/// merged: a lone "Berger" in one source is the "Tomas Berger" another source
/// names in full, when only one person in the corpus has that surname; lone
/// words that no source explains are dropped.
public struct CorpusNameResolver: Sendable {
    public init() {}

    public func resolve(_ inputs: [DossierAssembler.Input]) -> [DossierAssembler.Input] {
        var fullNames: [String: Set<String>] = [:]
        for input in inputs {
            for actor in input.extraction.summary.actors where actor.kind == .person && actor.name.contains(" ") {
                fullNames[String(actor.name.split(separator: " ").last!), default: []].insert(actor.name)
            }
        }
        func corpusName(_ actor: ActorMention) -> String {
            if actor.kind == .person, !actor.name.contains(" "), let names = fullNames[actor.name], names.count == 1 {
                return names.first!
            }
            return actor.name
        }
        return inputs.map { input in
            var input = input
            var renamed: [String: String] = [:]
            var actors: [String: ActorMention] = [:]
            let surnames = input.extraction.unexplained.filter { fullNames[$0.name]?.count == 1 }
            for var actor in input.extraction.summary.actors + surnames {
                let name = corpusName(actor)
                renamed[actor.name] = name
                actor.name = name
                if var existing = actors[name] {
                    existing.forms = Array(Set(existing.forms + actor.forms)).sorted()
                    existing.roles += actor.roles.filter { !existing.roles.contains($0) }
                    existing.mentions += actor.mentions
                    existing.paragraphs = Array(Set(existing.paragraphs + actor.paragraphs)).sorted()
                    actors[name] = existing
                } else {
                    actors[name] = actor
                }
            }
            var summary = input.extraction.summary
            summary.actors = actors.values.sorted { ($0.mentions, $1.name) > ($1.mentions, $0.name) }
            summary.quotes = summary.quotes.map { quote in
                var quote = quote
                quote.speaker = quote.speaker.map { renamed[$0] ?? $0 }
                return quote
            }
            summary.events = summary.events.map { event in
                var event = event
                event.actors = Array(Set(event.actors.compactMap { renamed[$0] })).sorted()
                return event
            }
            input.extraction.summary = summary
            input.extraction.mentions = input.extraction.mentions.compactMap { mention in
                guard let name = renamed[mention.key] else { return nil }
                var mention = mention
                mention.key = name
                return mention
            }
            input.extraction.unexplained = []
            return input
        }
    }
}
