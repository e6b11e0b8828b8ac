/// Applies the analyst's actor registry to the per-source summaries: splits
/// first (a name means different actors in different sources), then ignores,
/// then renames, merges, aliases and kinds. Entries that match nothing are
/// reported, so a typo never silently does nothing.
public struct ActorRegistry: Sendable {
    let file: ActorRegistryFile

    public init(_ file: ActorRegistryFile) {
        self.file = file
    }

    /// `inputs` as `CorpusNameResolver` leaves them (each source's actors renamed once already,
    /// so renaming them to themselves changes nothing): with no registry, or an empty one, they
    /// are returned as they are rather than copied and renamed in place, source by source.
    public func apply(_ inputs: [DossierAssembler.Input]) -> (inputs: [DossierAssembler.Input], warnings: [DossierWarning]) {
        if file.entries.isEmpty && file.ignored.isEmpty && file.splits.isEmpty { return (inputs, []) }
        let ignored = Dictionary(file.ignored.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var aliasOwner: [String: Int] = [:]
        for (index, entry) in file.entries.enumerated() {
            for alias in [entry.name] + entry.aliases where aliasOwner[alias] == nil { aliasOwner[alias] = index }
        }

        // Each source on its own, on all cores; which entries it used is gathered after.
        let file = self.file
        let aliases = aliasOwner
        let applied = inputs.parallelMap { input -> (input: DossierAssembler.Input, entries: Set<Int>, ignores: Set<Int>, splits: Set<Int>) in
            var input = input
            var (usedEntries, usedIgnores, usedSplits): (Set<Int>, Set<Int>, Set<Int>) = ([], [], [])
            input.extraction.renameActors(input.extraction.summary.actors) { actor in
                var actor = actor
                if let split = file.splits.firstIndex(where: { $0.name == actor.name }), let name = file.splits[split].sources[input.raw.id] {
                    usedSplits.insert(split)
                    actor.name = name
                }
                if let index = ignored[actor.name] {
                    usedIgnores.insert(index)
                    return nil
                }
                if let owner = aliases[actor.name] ?? actor.forms.lazy.compactMap({ aliases[$0] }).first {
                    usedEntries.insert(owner)
                    let entry = file.entries[owner]
                    actor.name = entry.name
                    actor.kind = entry.kind ?? actor.kind
                    actor.forms = Array(Set(actor.forms + entry.aliases.filter { $0 != entry.name })).sorted()
                }
                return actor
            }
            return (input, usedEntries, usedIgnores, usedSplits)
        }
        let usedEntries = applied.reduce(into: Set<Int>()) { $0.formUnion($1.entries) }
        let usedIgnores = applied.reduce(into: Set<Int>()) { $0.formUnion($1.ignores) }
        let usedSplits = applied.reduce(into: Set<Int>()) { $0.formUnion($1.splits) }

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
        return (applied.map(\.input), warnings)
    }
}
