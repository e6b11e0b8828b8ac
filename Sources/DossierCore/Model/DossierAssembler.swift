/// Joins the final per-source summaries (extraction merged with the analyst's
/// edits) into one dossier: the same actor across sources becomes one actor,
/// with slugs, appearances, co-occurrence and the timeline; then the sources are
/// compared (aligned claims, conflicts, the pairs worth a comparison page).
public struct DossierAssembler: Sendable {
    let gazetteer: Gazetteer

    public init(gazetteer: Gazetteer = .shared) {
        self.gazetteer = gazetteer
    }

    public struct Input: Sendable {
        public var raw: RawSource
        public var clean: CleanSource
        public var extraction: Extractor.Output
        /// The analyst's annotations and notes from the summary file.
        public var annotations: [Annotation] = []
        public var notes: String = ""

        public init(raw: RawSource, clean: CleanSource, extraction: Extractor.Output) {
            self.raw = raw
            self.clean = clean
            self.extraction = extraction
        }
    }

    public func assemble(_ inputs: [Input], config: DossierConfig) throws -> Dossier {
        // The corpus reader gives the sources in this order already: checked rather than sorted,
        // since sorting moves every source's whole record (a tenth of a second at 10,000 sources).
        let inOrder = zip(inputs, inputs.dropFirst()).allSatisfy { $0.raw.id < $1.raw.id }
        let inputs = inOrder ? inputs : inputs.sorted { $0.raw.id < $1.raw.id }
        try checkUniqueSlugs(inputs)

        struct Draft: Sendable {
            var forms: Set<String> = []
            var kinds: [ActorKind: Int] = [:]
            var appearances: [Dossier.Appearance] = []
        }
        // Each run of sources drafts its actors on its own, on all cores; the runs are joined in
        // order, so that each actor's appearances stay in source order.
        let runs = stride(from: 0, to: inputs.count, by: 512).map { $0..<min($0 + 512, inputs.count) }
        let drafted = runs.parallelMap { run -> [String: Draft] in
            var drafts: [String: Draft] = [:]
            for index in run {
                for actor in inputs[index].extraction.summary.actors {
                    // Changed in place: a copy taken out of the dictionary would copy an actor's
                    // appearances on every source that names it.
                    drafts[actor.name, default: Draft()].forms.formUnion(actor.forms)
                    drafts[actor.name]!.kinds[actor.kind, default: 0] += 1
                    drafts[actor.name]!.appearances.append(Dossier.Appearance(source: index, localName: actor.name, mentions: actor.mentions,
                                                                              roles: actor.roles, paragraphs: actor.paragraphs))
                }
            }
            return drafts
        }
        var drafts = drafted.first ?? [:]
        for run in drafted.dropFirst() {
            for (name, draft) in run {
                guard drafts[name] != nil else { drafts[name] = draft; continue }
                drafts[name]!.forms.formUnion(draft.forms)
                drafts[name]!.kinds.merge(draft.kinds, uniquingKeysWith: +)
                drafts[name]!.appearances += draft.appearances
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

        // Co-occurrence: actors named in the same source. Actors are numbered in name order, and
        // each collects the numbers of the actors named beside it, once per source.
        let names = drafts.keys.sorted()
        let number = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var together = [[Int32]](repeating: [], count: names.count)
        for input in inputs {
            let present = Set(input.extraction.summary.actors.compactMap { number[$0.name] }).sorted()
            for a in present { for b in present where a != b { together[a].append(Int32(b)) } }
        }

        let (finalDrafts, slugsByName, beside) = (drafts, slugByName, together)
        let actors: [Dossier.Actor] = Array(names.indices).parallelMap { index in
            let name = names[index]
            let draft = finalDrafts[name]!
            let kind = draft.kinds.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            var cooccurring: [(slug: String, sources: Int)] = []
            var others = beside[index].sorted()[...]
            while let other = others.first {
                let run = others.prefix { $0 == other }.count
                cooccurring.append((slug: slugsByName[names[Int(other)]]!, sources: run))
                others = others.dropFirst(run)
            }
            cooccurring.sort { ($0.sources, $1.slug) > ($1.sources, $0.slug) }
            return Dossier.Actor(name: name, slug: slugsByName[name]!, kind: kind, forms: draft.forms.sorted(),
                                 appearances: draft.appearances, cooccurring: Array(cooccurring.prefix(12)))
        }

        let slugs = slugByName
        let sources = inputs.parallelMap { input in
            let summary = input.extraction.summary
            var actorSlugs: [String: String] = [:]
            for actor in summary.actors { actorSlugs[actor.name] = slugs[actor.name] }
            return Dossier.Source(raw: input.raw, clean: input.clean, summary: summary, slug: input.raw.id,
                                  actorSlugs: actorSlugs, mentionSentences: mentionContexts(input),
                                  annotations: AnnotationAnchor.anchor(input.annotations, in: input.clean.paragraphs), notes: input.notes)
        }
        // The timeline and the quotes' conflicts need only the sources, the alignment of claims only
        // their sentences: the two sides run at once (each has stretches on one core).
        let gazetteer = self.gazetteer
        let ((timeline, quoteConflicts), (alignment, figureConflicts)) = concurrently({
            (Self.timeline(inputs, gazetteer: gazetteer), QuoteConflicts(gazetteer: gazetteer).conflicts(in: sources))
        }, {
            let aligner = ClaimAligner(gazetteer: gazetteer)
            let candidates = ClaimAligner.Candidates(joining: Array(inputs.indices).parallelMap { index in
                aligner.candidates(source: index, extraction: inputs[index].extraction, claims: inputs[index].extraction.summary.claims)
            })
            let alignment = aligner.align(candidates)
            return (alignment, FigureConflicts(gazetteer: gazetteer).conflicts(in: alignment))
        })
        var dossier = Dossier(config: config, sources: sources, actors: actors, timeline: timeline)
        dossier.alignment = alignment
        dossier.figureConflicts = figureConflicts
        dossier.quoteConflicts = quoteConflicts
        // The pairs worth a comparison page, from all of the above.
        dossier.pairs = SourcePairs().pairs(SourcePairs.Inputs(
            sources: dossier.sources, actors: dossier.actors, timeline: dossier.timeline, alignment: dossier.alignment,
            figureConflicts: dossier.figureConflicts, quoteConflicts: dossier.quoteConflicts))
        dossier.pairsBySource = Array(repeating: [], count: dossier.sources.count)
        for (index, pair) in dossier.pairs.enumerated() {
            dossier.pairsBySource[pair.a].append(index)
            dossier.pairsBySource[pair.b].append(index)
        }
        return dossier
    }

    /// Every dated event in date order, each with the entries that date the same event otherwise.
    private static func timeline(_ inputs: [Input], gazetteer: Gazetteer) -> [Dossier.TimelineEntry] {
        var timeline: [Dossier.TimelineEntry] = []
        for (index, input) in inputs.enumerated() {
            timeline += input.extraction.summary.events.map { Dossier.TimelineEntry(event: $0, source: index) }
        }
        timeline.sort { ($0.event.date, $0.source, $0.event.paragraph) < ($1.event.date, $1.source, $1.event.paragraph) }
        for (index, conflicts) in TimelineConflicts(gazetteer: gazetteer).conflicts(in: timeline).enumerated() {
            timeline[index].conflicts = conflicts
        }
        return timeline
    }

    /// The sentences that mention each actor, under the actor's name in the final summary
    /// (an analyst may have renamed it: a mention belongs to the actor that lists its words as a form).
    private func mentionContexts(_ input: Input) -> [String: [Dossier.MentionContext]] {
        // Each actor's contexts gather in a slot of their own, found through the form once per
        // mention: every build does this for every mention of the corpus.
        var slotOfName: [String: Int] = [:]
        var names: [String] = []
        func slot(_ name: String) -> Int {
            if let slot = slotOfName[name] { return slot }
            slotOfName[name] = names.count
            names.append(name)
            return names.count - 1
        }
        var owner: [String: Int] = [:]
        for actor in input.extraction.summary.actors {
            owner[actor.name] = slot(actor.name)
            for form in actor.forms where owner[form] == nil { owner[form] = slot(actor.name) }
        }
        let sentences = input.extraction.sentences
        var slots = [[Dossier.MentionContext]](repeating: [], count: names.count)
        for mention in input.extraction.mentions {
            guard let slot = owner[mention.key] ?? owner[mention.form] else { continue }
            let context = Dossier.MentionContext(paragraph: mention.paragraph, sentence: sentences.indices.contains(mention.sentence) ? sentences[mention.sentence] : "", form: mention.form)
            if slots[slot].last?.sentence != context.sentence { slots[slot].append(context) }
        }
        var contexts: [String: [Dossier.MentionContext]] = [:]
        for (slot, found) in slots.enumerated() where !found.isEmpty { contexts[names[slot]] = found }
        return contexts
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
