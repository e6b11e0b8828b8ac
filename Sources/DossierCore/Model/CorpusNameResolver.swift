/// Gives every source's actors their corpus-wide names before summaries are
/// merged: a lone "Berger" in one source is the "Tomas Berger" another source
/// names in full, when only one person in the corpus has that surname; lone
/// words that no source explains are dropped.
public struct CorpusNameResolver: Sendable {
    public init() {}

    public func resolve(_ inputs: [DossierAssembler.Input]) -> [DossierAssembler.Input] {
        var bySurname: [String: Set<String>] = [:]
        for input in inputs {
            for actor in input.extraction.summary.actors where actor.kind == .person && actor.name.contains(" ") {
                bySurname[String(actor.name.split(separator: " ").last!), default: []].insert(actor.name)
            }
        }
        let fullNames = bySurname  // full names by surname, fixed for the threads
        @Sendable func corpusName(_ actor: ActorMention) -> String {
            if actor.kind == .person, !actor.name.contains(" "), let names = fullNames[actor.name], names.count == 1 {
                return names.first!
            }
            return actor.name
        }
        // Each source renames its own actors: on all cores.
        return inputs.parallelMap { input in
            var input = input
            let explained = Set(input.extraction.summary.actors.map(\.name))
            input.extraction.renameActors(input.extraction.summary.actors + input.extraction.unexplained) { actor in
                // A lone word nobody explains is dropped unless it is the surname of exactly one person.
                guard explained.contains(actor.name) || fullNames[actor.name]?.count == 1 else { return nil }
                var actor = actor
                actor.name = corpusName(actor)
                return actor
            }
            return input
        }
    }
}
