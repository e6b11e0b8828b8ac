/// Step 5 for one source: its summary file, if it has one, merged with its fresh extraction
/// (`SummaryMerge`), or the previous build's merge of the same two (`SummaryCache`).
struct SummaryStep: Sendable {
    let store: SummaryStore
    /// The sources with a summary file.
    let filed: Set<String>
    /// Whether the files are to be written (`extract`): each gets its new text and no cache is used.
    let drafting: Bool
    /// Whether the merges are kept for the next build.
    let keepsCache: Bool
    let cache: SummaryCache

    @Sendable func merge(_ input: DossierAssembler.Input) -> MergedSummary {
        var merged = MergedSummary(input: input)
        let id = input.raw.id
        let path = store.path(for: id)
        let text = filed.contains(id) ? store.read(id) : nil
        var key: String?
        if keepsCache, let text {
            key = SummaryCache.key(text: text, fresh: input.extraction.summary)
            if let cached = cache.entry(for: id, key: key!) {
                merged.take(cached.entry.summary, annotations: cached.entry.annotations, notes: cached.entry.notes)
                merged.cache = .unchanged(path: SummaryCache.path(for: id), size: cached.size)
                return merged
            }
        }
        let loaded = filed.contains(id) ? store.load(id, text: text) : nil
        var existing: SummaryFile?
        switch loaded?.file {
        // The broken file is left alone; the fresh extraction stands in for it.
        case .failure(let error): merged.broken = error; return merged
        case .success(let file): existing = file
        case nil: break
        }
        // No file and nothing to draft: the extraction is the summary.
        if existing == nil && !drafting { return merged }
        do {
            let result = try SummaryMerge().merge(fresh: input.extraction.summary, existing: existing, path: path, drafting: drafting)
            merged.take(result.summary, annotations: result.file.annotations, notes: result.file.notes)
            if let key {
                merged.cache = .fresh(SummaryCache.Entry(key: key, summary: result.summary, annotations: result.file.annotations, notes: result.file.notes))
            }
            guard drafting else { return merged }
            let text = try result.file.text()
            merged.outcome = BuildPipeline.SummaryOutcome(id: id, path: path, text: text, unchanged: loaded?.text == text, created: existing == nil,
                                                          conflicts: result.conflicts, keptEdits: result.keptEdits)
        } catch {
            merged.failure = error
        }
        return merged
    }
}

/// One source through the summaries step.
struct MergedSummary: Sendable {
    var input: DossierAssembler.Input
    /// What `extract` reports and writes.
    var outcome: BuildPipeline.SummaryOutcome?
    /// The summary file does not parse.
    var broken: DossierError?
    /// The file parses, but holds a value the summary cannot take.
    var failure: Error?
    var cache: CacheOutcome<SummaryCache.Entry>?

    init(input: DossierAssembler.Input) {
        self.input = input
    }

    mutating func take(_ summary: SourceSummary, annotations: [Annotation], notes: String) {
        input.extraction.summary = summary
        input.annotations = annotations
        input.notes = notes
    }
}
