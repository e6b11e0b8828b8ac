/// Joins per-source summaries into one dossier: the same actor across sources
/// becomes one actor, with slugs, appearances and co-occurrence.
public struct DossierAssembler: Sendable {
    public init() {}

    public struct Input: Sendable {
        public var raw: RawSource
        public var clean: CleanSource
        public var extraction: Extractor.Output

        public init(raw: RawSource, clean: CleanSource, extraction: Extractor.Output) {
            self.raw = raw
            self.clean = clean
            self.extraction = extraction
        }
    }

    public func assemble(_ inputs: [Input], config: DossierConfig) throws -> Dossier {
        let inputs = inputs.sorted { $0.raw.id < $1.raw.id }
        try checkUniqueSlugs(inputs)

        // A lone surname in one source is the full name another source gives, when only one person has it.
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
        // Each source's actors under their corpus names: a lone "Berger" becomes the
        // "Tomas Berger" another source names in full; lone words nobody explains are dropped.
        let resolved = inputs.map { input -> Input in
            var input = input
            var renamed: [String: String] = [:]
            var actors: [String: ActorMention] = [:]
            let explained = input.extraction.summary.actors
            let surnames = input.extraction.unexplained.filter { fullNames[$0.name]?.count == 1 }
            for var actor in explained + surnames {
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

        struct Draft {
            var forms: Set<String> = []
            var kinds: [ActorKind: Int] = [:]
            var appearances: [Dossier.Appearance] = []
        }
        var drafts: [String: Draft] = [:]
        for (index, input) in resolved.enumerated() {
            for actor in input.extraction.summary.actors {
                let name = corpusName(actor)
                var draft = drafts[name] ?? Draft()
                draft.forms.formUnion(actor.forms)
                draft.kinds[actor.kind, default: 0] += 1
                draft.appearances.append(Dossier.Appearance(source: index, localName: actor.name, mentions: actor.mentions,
                                                            roles: actor.roles, paragraphs: actor.paragraphs))
                drafts[name] = draft
            }
        }

        // Slugs in name order, so that a collision always resolves the same way.
        var usedSlugs: Set<String> = ["index"]
        var slugByName: [String: String] = [:]
        for name in drafts.keys.sorted() {
            var slug = Slug.make(name, fallback: "actor")
            var counter = 2
            while usedSlugs.contains(slug) { slug = Slug.make(name, fallback: "actor") + "-\(counter)"; counter += 1 }
            usedSlugs.insert(slug)
            slugByName[name] = slug
        }

        // Co-occurrence: actors named in the same source.
        var shared: [String: [String: Int]] = [:]
        for input in resolved {
            let names = Set(input.extraction.summary.actors.map(corpusName)).sorted()
            for a in names { for b in names where a != b { shared[a, default: [:]][b, default: 0] += 1 } }
        }

        let actors: [Dossier.Actor] = drafts.keys.sorted().map { name in
            let draft = drafts[name]!
            let kind = draft.kinds.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            let cooccurring = (shared[name] ?? [:]).map { (slug: slugByName[$0.key]!, sources: $0.value) }
                .sorted { ($0.sources, $1.slug) > ($1.sources, $0.slug) }
            return Dossier.Actor(name: name, slug: slugByName[name]!, kind: kind, forms: draft.forms.sorted(),
                                 appearances: draft.appearances, cooccurring: Array(cooccurring.prefix(12)))
        }

        var sources: [Dossier.Source] = []
        var timeline: [Dossier.TimelineEntry] = []
        for (index, input) in resolved.enumerated() {
            let summary = input.extraction.summary
            var slugs: [String: String] = [:]
            for actor in summary.actors { slugs[actor.name] = slugByName[corpusName(actor)] }
            var contexts: [String: [Dossier.MentionContext]] = [:]
            let sentenceText = Dictionary(uniqueKeysWithValues: input.extraction.sentences.map { ($0.index, $0.text) })
            for mention in input.extraction.mentions {
                let context = Dossier.MentionContext(paragraph: mention.paragraph, sentence: sentenceText[mention.sentence] ?? "", form: mention.form)
                if contexts[mention.key]?.last?.sentence != context.sentence { contexts[mention.key, default: []].append(context) }
            }
            sources.append(Dossier.Source(raw: input.raw, clean: input.clean, summary: summary, slug: input.raw.id,
                                          actorSlugs: slugs, mentionSentences: contexts))
            timeline += summary.events.map { Dossier.TimelineEntry(event: $0, source: index) }
        }
        timeline.sort { ($0.event.date, $0.source, $0.event.paragraph) < ($1.event.date, $1.source, $1.event.paragraph) }
        return Dossier(config: config, sources: sources, actors: actors, timeline: timeline)
    }

    /// Two files whose names give the same page name would overwrite each other's page.
    private func checkUniqueSlugs(_ inputs: [Input]) throws {
        var seen: [String: String] = [:]
        for input in inputs {
            if let other = seen[input.raw.id] {
                throw DossierError(file: input.raw.file, "gives the same page name `\(input.raw.id)` as \(other)",
                                   hint: "rename one of the two files")
            }
            seen[input.raw.id] = input.raw.file
        }
    }
}
