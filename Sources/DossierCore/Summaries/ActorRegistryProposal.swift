/// The `actors.yml` that `dossier extract` writes when the corpus has none:
/// an explanation and, commented out, the decisions the extractor is least
/// sure of, for the analyst to confirm.
public enum ActorRegistryProposal {
    public static func text(for dossier: Dossier, limit: Int = 25) -> String {
        var lines = [
            "# Actor registry: your decisions about the actors `dossier extract` found. It decides over the",
            "# extractor. Uncomment and edit the proposals below, or write your own entries:",
            "#",
            "# actors:                          # rename, merge, add aliases, fix the kind",
            "#   - name: Jane Roe               # the name the dossier uses",
            "#     aliases: [Roe, Ms Roe]       # extracted names or surface forms that are this actor",
            "#     kind: person                 # person, organisation, state or bloc",
            "# ignore: [Some Name]              # extracted names that are not actors",
            "# split:                           # one name, different actors in different sources",
            "#   - name: Roe",
            "#     sources: {source-id: John Roe}",
            "#",
            "# An entry that matches nothing is reported by `dossier extract`, `build` and `check`.",
            "",
        ]
        // People who share a surname: one person named two ways, or two people?
        var bySurname: [String: [Dossier.Actor]] = [:]
        for actor in dossier.actors where actor.kind == .person {
            bySurname[String(actor.name.split(separator: " ").last ?? ""), default: []].append(actor)
        }
        let shared = bySurname.keys.sorted().filter { bySurname[$0]!.count > 1 }.prefix(limit)
        if !shared.isEmpty {
            lines.append("# People sharing a surname: merge them if they are one person.")
            lines.append("# actors:")
            for surname in shared {
                let names = bySurname[surname]!.map(\.name).sorted()
                lines.append("#   - name: \(names.last!)")
                lines.append("#     aliases: [\(names.dropLast().joined(separator: ", "))]")
            }
            lines.append("")
        }
        // Named once in one source: the likeliest false finds.
        let once = dossier.actors.filter { $0.mentions == 1 && $0.kind != .state }.map(\.name).sorted().prefix(limit)
        if !once.isEmpty {
            lines.append("# Named only once in the whole corpus: ignore any that are not actors.")
            lines.append("# ignore: [\(once.joined(separator: ", "))]")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
