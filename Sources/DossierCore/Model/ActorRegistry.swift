/// Applies the analyst's actor registry to the per-source summaries: splits
/// first (a name means different actors in different sources), then ignores,
/// then renames, merges, aliases and kinds. Entries that match nothing are
/// reported, so a typo never silently does nothing.
public struct ActorRegistry: Sendable {
    let file: ActorRegistryFile

    public init(_ file: ActorRegistryFile) {
        self.file = file
    }

    public func apply(_ inputs: [DossierAssembler.Input]) -> (inputs: [DossierAssembler.Input], warnings: [DossierWarning]) {
        var usedEntries: Set<Int> = []
        var usedIgnores: Set<Int> = []
        var usedSplits: Set<Int> = []
        let ignored = Dictionary(file.ignored.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var aliasOwner: [String: Int] = [:]
        for (index, entry) in file.entries.enumerated() {
            for alias in [entry.name] + entry.aliases where aliasOwner[alias] == nil { aliasOwner[alias] = index }
        }

        let result = inputs.map { input -> DossierAssembler.Input in
            var input = input
            var renamed: [String: String?] = [:]  // nil: ignored
            var actors: [String: ActorMention] = [:]
            var order: [String] = []
            for var actor in input.extraction.summary.actors {
                let original = actor.name
                if let split = file.splits.firstIndex(where: { $0.name == actor.name }), let name = file.splits[split].sources[input.raw.id] {
                    usedSplits.insert(split)
                    actor.name = name
                }
                if let index = ignored[actor.name] {
                    usedIgnores.insert(index)
                    renamed[original] = .some(nil)
                    continue
                }
                let owner = aliasOwner[actor.name] ?? actor.forms.lazy.compactMap { aliasOwner[$0] }.first
                if let owner {
                    usedEntries.insert(owner)
                    let entry = file.entries[owner]
                    actor.name = entry.name
                    actor.kind = entry.kind ?? actor.kind
                    actor.forms = Array(Set(actor.forms + entry.aliases.filter { $0 != entry.name })).sorted()
                }
                renamed[original] = actor.name
                if var existing = actors[actor.name] {
                    existing.forms = Array(Set(existing.forms + actor.forms)).sorted()
                    existing.roles += actor.roles.filter { !existing.roles.contains($0) }
                    existing.mentions += actor.mentions
                    existing.paragraphs = Array(Set(existing.paragraphs + actor.paragraphs)).sorted()
                    actors[actor.name] = existing
                } else {
                    actors[actor.name] = actor
                    order.append(actor.name)
                }
            }
            func rename(_ name: String) -> String? { renamed[name] ?? name }
            input.extraction.summary.actors = order.map { actors[$0]! }.sorted { ($0.mentions, $1.name) > ($1.mentions, $0.name) }
            input.extraction.summary.quotes = input.extraction.summary.quotes.map { quote in
                var quote = quote
                quote.speaker = quote.speaker.flatMap(rename)
                return quote
            }
            input.extraction.summary.events = input.extraction.summary.events.map { event in
                var event = event
                event.actors = Array(Set(event.actors.compactMap(rename))).sorted()
                return event
            }
            input.extraction.mentions = input.extraction.mentions.compactMap { mention in
                guard let name = rename(mention.key) else { return nil }
                var mention = mention
                mention.key = name
                return mention
            }
            return input
        }

        var warnings: [DossierWarning] = []
        for (index, entry) in file.entries.enumerated() where !usedEntries.contains(index) {
            warnings.append(DossierWarning(file: file.path, line: entry.line, "`\(entry.name)` matches no extracted actor or alias"))
        }
        for (index, ignore) in file.ignored.enumerated() where !usedIgnores.contains(index) {
            warnings.append(DossierWarning(file: file.path, line: ignore.line, "ignored `\(ignore.name)` matches no extracted actor"))
        }
        for (index, split) in file.splits.enumerated() where !usedSplits.contains(index) {
            warnings.append(DossierWarning(file: file.path, line: split.line, "split `\(split.name)` matches no extracted actor in the sources it names"))
        }
        return (result, warnings)
    }
}
