import Foundation

/// Where a build reads from and writes to.
public struct BuildOptions: Sendable {
    public var corpus: String
    public var output: String
    public var templates: String
    public var config: String
    /// Overrides `base_url` from the configuration.
    public var baseURL: String?
    /// Whether to build the search index.
    public var search = true
    /// Whether to reuse what the previous build left in the output folder's cache.
    public var cache = true
    /// Build every page, even those whose inputs are unchanged, and stop at one whose files then
    /// differ from the previous build's: a check on the program (`PageInputs`), for its tests.
    public var checkPageInputs = false

    public init(corpus: String = "seeds", output: String = "public", templates: String = "templates", config: String = DossierConfig.fileName,
                baseURL: String? = nil) {
        self.corpus = corpus
        self.output = output
        self.templates = templates
        self.config = config
        self.baseURL = baseURL
    }
}

/// What a finished build reports.
public struct BuildReport: Sendable {
    public var sources: Int
    public var actors: Int
    public var pages: Int
    public var files: Int
    /// Pages unchanged since the previous build, linked rather than rendered again.
    public var reused: Int
    /// Pages not even built: their inputs were unchanged (`PageInputs`). Linked, or given the new layout.
    public var skipped = 0
    /// Pages given the new layout around their previous content, neither built nor rendered: only the templates changed.
    public var relaid = 0
    /// Sources whose cleaning and extraction came from the previous build's cache.
    public var reusedSources: Int
    /// Summary files whose merge with their source's extraction came from the previous build's cache.
    public var reusedSummaries = 0
    public var warnings: [DossierWarning]
    public var seconds: Double
    /// Whether the site was already what this build would write, and was left as it was.
    public var upToDate = false
}

/// The build as a story: templates → read → clean → extract → summaries → model →
/// pages → render → write → finish, each step timed and each error tagged with the step that raised it.
public struct BuildPipeline: Sendable {
    public let options: BuildOptions
    /// Receives one line per finished step.
    public var log: @Sendable (String) -> Void
    /// Receives how far a long step has come ("render 1200/5833"), for a progress line.
    public var progress: @Sendable (String) -> Void

    public init(options: BuildOptions, log: @escaping @Sendable (String) -> Void = { _ in }, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
        self.progress = progress
    }

    static let stepCount = 10

    /// "[4/10] extract (6305 ms, peak 412 MiB)": the peak is the process's resident memory so far.
    func stepLine(_ number: Int, _ name: String, milliseconds: Double, note: String? = nil) -> String {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let extra = note.map { ", " + $0 } ?? ""
        return "[\(number)/\(Self.stepCount)] \(name) (\(String(format: "%.0f", milliseconds)) ms, peak \(usage.ru_maxrss / 1024) MiB\(extra))"
    }

    /// Runs `work`, tagging its errors with the step `name`.
    func inStep<T>(_ name: String, _ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as DossierError {
            throw error.inStep(name)
        }
    }

    /// Runs `work` as step `number`, logging its time and tagging its errors.
    func step<T>(_ number: Int, _ name: String, _ work: () throws -> T) throws -> T {
        let start = DispatchTime.now()
        let result = try inStep(name, work)
        log(stepLine(number, name, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6))
        return result
    }

    /// `parallelMap` a batch at a time, handing each batch to `afterBatch` and reporting progress.
    func inBatches<Element: Sendable, Result: Sendable>(_ items: [Element], _ name: String,
                                                        afterBatch: ([Result]) throws -> Void = { _ in },
                                                        _ transform: @Sendable (Element) -> Result) rethrows -> [Result] {
        var results: [Result] = []
        results.reserveCapacity(items.count)
        for first in stride(from: 0, to: items.count, by: 256) {
            let batch = Array(items[first..<min(first + 256, items.count)]).parallelMap(transform)
            try afterBatch(batch)
            results += batch
            progress("\(name) \(results.count)/\(items.count)")
        }
        return results
    }

    /// Everything up to the dossier model, shared by `build` and `extract`.
    public struct Analysis: Sendable {
        public var dossier: Dossier
        public var warnings: [DossierWarning]
        /// Each source's summary file as the merge leaves it (written by `extract`).
        public var summaries: [SummaryOutcome]
        /// Summary files that could not be parsed: reported, never overwritten.
        public var summaryErrors: [DossierError]
        /// How many sources came from the previous build's cache.
        public var reusedSources: Int
        /// How many summary files' merges came from the previous build's cache (`SummaryCache`).
        public var reusedSummaries = 0
    }

    public struct SummaryOutcome: Sendable {
        public var id: String
        public var path: String
        /// The file as it should now read: its text, not its parsed YAML, so that ten thousand
        /// of them can wait to be written.
        public var text: String
        /// Whether the file exists and is unchanged by this merge.
        public var unchanged: Bool
        public var created: Bool
        public var conflicts: [SummaryMerge.Conflict]
        public var keptEdits: [String]
    }

    /// `strictSummaries`: a malformed summary file stops the analysis (build) rather
    /// than being skipped and reported (extract).
    /// `draftingSummaries`: work out each summary file as `extract` would write it (a build only
    /// needs the merged summaries).
    public func analyse(strictSummaries: Bool = true, draftingSummaries: Bool = false) throws -> Analysis {
        try analyse(read(), strictSummaries: strictSummaries, draftingSummaries: draftingSummaries, keepingCacheIn: nil)
    }

    /// What step 2 reads: the configuration and the corpus's sources.
    struct Reading {
        var config: DossierConfig
        var corpus: CorpusReader.Result
        /// What the previous build recorded of the corpus's files (`CorpusRecords`).
        var known: [String: CorpusReader.FileRecord]
    }

    func read() throws -> Reading {
        let (loadedConfig, corpus, known) = try step(2, "read") {
            let known = options.cache ? CorpusRecords.load(site: options.output) : [:]
            return (try DossierConfig.load(from: options.config), try CorpusReader().read(folder: options.corpus, excluding: [options.output], known: known),
                    known)
        }
        var config = loadedConfig
        if let baseURL = options.baseURL { config.baseURL = baseURL }
        for warning in corpus.warnings { log(warning.description) }
        return Reading(config: config, corpus: corpus, known: known)
    }

    /// `site`: where a build keeps each source's cache entry for the next build, written batch by batch
    /// as the sources are extracted (so that the entries never all sit in memory).
    /// `beforeModel`: called as the model step starts (its single-core stretches leave room for other work).
    func analyse(_ reading: Reading, strictSummaries: Bool, draftingSummaries: Bool, keepingCacheIn site: StagedSite?,
                 beforeModel: () -> Void = {}) throws -> Analysis {
        let (config, corpus) = (reading.config, reading.corpus)
        var warnings = corpus.warnings
        // Sources unchanged since the previous build come from its cache (see SourceCache).
        let cache = SourceCache(site: options.cache ? options.output : nil)
        typealias Cleaned = (raw: RawSource, clean: CleanSource, words: [String], cached: (entry: SourceCache.Entry, size: Int)?)
        let cleaned = try step(3, "clean") {
            try inBatches(corpus.sources, "clean") { raw -> Result<Cleaned, any Error> in
                if let cached = cache.entry(for: raw) { return .success((raw, cached.entry.clean, cached.entry.lowercaseWords, cached)) }
                // A file unchanged since the last build is not read (`CorpusReader`): read now, its entry being gone.
                return Result {
                    let source = raw.isRead ? raw : try CorpusReader.reread(raw, folder: options.corpus)
                    let clean = SourceCleaner().clean(source)
                    return (source, clean, CorpusVocabulary.lowercaseWords(in: clean), nil)
                }
            }.map { try $0.get() }
        }
        let vocabulary = CorpusVocabulary(words: cleaned.map(\.words))
        var reusedSources = 0
        let extracted = try step(4, "extract") { () -> [DossierAssembler.Input] in
            let results = try inBatches(Array(zip(cleaned.map(\.raw), cleaned)), "extract", afterBatch: { batch in
                reusedSources += batch.filter { if case .unchanged = $0.1 { true } else { false } }.count
                if let site { try keepCache(batch.map(\.1), in: site) { SourceCache.file(for: $0, id: $0.clean.id) } }
            }) { raw, item -> (DossierAssembler.Input, CacheOutcome<SourceCache.Entry>) in
                if let cached = item.cached, cached.entry.queries.allSatisfy({ vocabulary.isOrdinaryWord($0.key) == $0.value }) {
                    return (DossierAssembler.Input(raw: raw, clean: item.clean, extraction: cached.entry.extraction),
                            .unchanged(path: SourceCache.path(for: raw.id), size: cached.size))
                }
                let recording = vocabulary.recording()
                let extraction = Extractor(vocabulary: recording).extract(item.clean, raw: raw)
                let entry = SourceCache.Entry(key: SourceCache.key(for: raw), lowercaseWords: item.words, queries: recording.queries?.answers ?? [:],
                                              clean: item.clean, extraction: extraction)
                return (DossierAssembler.Input(raw: raw, clean: item.clean, extraction: extraction), .fresh(entry))
            }
            return CorpusNameResolver().resolve(results.map(\.0))
        }
        let store = SummaryStore(corpus: options.corpus)
        var reusedSummaries = 0
        let (inputs, outcomes, summaryErrors) = try step(5, "summaries") { () throws -> ([DossierAssembler.Input], [SummaryOutcome], [DossierError]) in
            // The analyst's actor registry decides first, so that summary files see its names.
            let registry = try ActorRegistryFile.load(corpus: options.corpus)
            let applied = ActorRegistry(registry).apply(extracted)
            warnings += applied.warnings
            let filed = Set(store.ids())
            let sourceIDs = Set(corpus.sources.map(\.id))
            // A file of no source is parsed only to be reported.
            var fileErrors: [String: DossierError] = [:]
            for id in filed.subtracting(sourceIDs).sorted() {
                switch store.load(id, text: store.read(id)).file {
                case .success: warnings.append(DossierWarning(file: store.path(for: id), "belongs to no source in the corpus (was it renamed or removed?); ignored"))
                case .failure(let error): fileErrors[id] = error
                }
            }
            // Sources merge independently: in parallel, results in source order.
            let merging = SummaryStep(store: store, filed: filed, drafting: draftingSummaries, keepsCache: site != nil && !draftingSummaries,
                                      cache: SummaryCache(site: options.cache && !draftingSummaries ? options.output : nil))
            let merged = applied.inputs.parallelMap(merging.merge)
            for (item, input) in zip(merged, applied.inputs) where item.broken != nil { fileErrors[input.raw.id] = item.broken }
            // A file that does not parse comes first (the first by name), then a value the summary cannot take.
            if strictSummaries, let first = fileErrors.keys.sorted().first { throw fileErrors[first]! }
            if let failure = merged.lazy.compactMap(\.failure).first { throw failure }
            reusedSummaries = merged.filter { if case .unchanged = $0.cache { true } else { false } }.count
            if let site, merging.keepsCache { try keepCache(merged.compactMap(\.cache), in: site) { SummaryCache.file(for: $0, id: $0.summary.id) } }
            return (merged.map(\.input), merged.compactMap(\.outcome), fileErrors.keys.sorted().map { fileErrors[$0]! })
        }
        for warning in warnings where !corpus.warnings.contains(warning) { log(warning.description) }
        beforeModel()
        let dossier = try step(6, "model") { try DossierAssembler().assemble(inputs, config: config) }
        for source in dossier.sources {
            for anchored in source.annotations where anchored.isOrphaned {
                let warning = DossierWarning(file: store.path(for: source.raw.id), line: anchored.annotation.line,
                                             "annotation on “\(ReliabilityRules.excerpt(anchored.annotation.quote, limit: 60))” is orphaned: those words are no longer in \(source.raw.file)")
                warnings.append(warning)
                log(warning.description)
            }
        }
        return Analysis(dossier: dossier, warnings: warnings, summaries: outcomes, summaryErrors: summaryErrors, reusedSources: reusedSources,
                        reusedSummaries: reusedSummaries)
    }

    public func run() throws -> BuildReport {
        let start = DispatchTime.now()
        // Templates first: a template error should not cost a whole analysis.
        let templates = try step(1, "templates") { try TemplateSet(folder: options.templates) }
        // And an output folder the build may replace, before minutes of analysis.
        // The new site is staged from the start: the analysis keeps each source's cache entry there.
        let writer = SiteWriter(output: options.output, inputs: [options.corpus, options.templates, options.config])
        var site = try inStep("write") { try writer.begin() }
        do {
            let (analystFiles, assets) = (BuildStamp.analystFiles(options: options), BuildStamp.analystFiles(options: options, assets: templates.assets))
            let reading = try read()
            let contentInputs = BuildStamp.contentInputs(options: options, analystFiles: analystFiles, corpus: reading.corpus)
            let inputs = BuildStamp.inputs(contentInputs: contentInputs, options: options, assets: assets, templates: templates)
            if options.cache, let previous = intactPrevious(contentInputs: contentInputs) {
                if previous.stamp.inputs == inputs {
                    site.discard()
                    return upToDate(previous.stamp, reading: reading, started: start)
                }
                // Only the templates changed: every page gets the new layout around its previous content.
                if !options.checkPageInputs {
                    if let report = try newLayout(previous, templates: templates, site: site, reading: reading, inputs: inputs, started: start) { return report }
                    site.discard()
                    site = try inStep("write") { try writer.begin() }
                }
            }
            // What the pages step reuses from the previous build loads beside the model.
            let (previousSite, search) = (site.previous, options.search)
            let loadPrevious = { Background { SiteRendering.PreviousBuild.load(site: previousSite, search: search) } }
            var previousBuild: Background<SiteRendering.PreviousBuild>?
            let analysis = try analyse(reading, strictSummaries: true, draftingSummaries: false, keepingCacheIn: site) { previousBuild = loadPrevious() }
            let dossier = analysis.dossier
            let rendering = SiteRendering(pages: SitePages(dossier: dossier), renderer: HTMLPageRenderer(templates: templates),
                                          config: dossier.config, site: site, search: options.search, previousBuild: previousBuild ?? loadPrevious(),
                                          progress: progress, checkPageInputs: options.checkPageInputs)
            let rendered = try inStep("write") { try rendering.run() }
            var notes = ["write": "\(rendered.reused) of \(rendered.pages) pages unchanged"]
            if rendered.relaid > 0 { notes["render"] = "\(rendered.relaid) pages given the new layout around their previous content" }
            if rendered.skipped > 0 { notes["pages"] = "\(rendered.pages - rendered.skipped) of \(rendered.pages) built, the others' inputs unchanged" }
            for (number, name) in [(7, "pages"), (8, "render"), (9, "write")] {
                log(stepLine(number, name, milliseconds: rendered.milliseconds[name] ?? 0, note: notes[name]))
            }
            try step(10, "finish") {
                var files = SiteFeeds(dossier: dossier, pagePaths: rendered.paths).files()
                var filesWithoutLayout = Set(files.map(\.path))
                files += try NewLayoutBuild.layoutFiles(renderer: rendering.renderer, config: dossier.config, loadsScripts: rendered.loadsScripts)
                // Without search, an empty index: the search box stays hidden and asks for nothing else.
                // The index side by side with the records the next build reads: each is mostly on one core.
                let (indexed, documents, manifest) = (options.search ? rendered.searchDocuments : [], rendered.searchDocuments, rendered.manifest)
                let corpusRecords = reading.corpus.records
                let (searchFiles, records) = concurrently({ SearchIndex().files(for: indexed) },
                                                          { [manifest.file(), SearchDocumentCache.file(documents), CorpusRecords.file(corpusRecords)] })
                files += searchFiles
                filesWithoutLayout.formUnion(searchFiles.map(\.path))
                // The other files first: the stamp lists them as written.
                let stamps = try site.add(files)
                let pageFiles = rendered.manifest.entries.values.reduce(0) { $0 + $1.files.count }
                let stamp = BuildStamp(inputs: inputs, contentInputs: contentInputs, sources: dossier.sources.count, actors: dossier.actors.count,
                                       pages: rendered.pages, files: pageFiles + files.count,
                                       warnings: Array(analysis.warnings.dropFirst(reading.corpus.warnings.count)),
                                       otherFiles: files.map(\.path), otherStamps: stamps, filesWithoutLayout: filesWithoutLayout)
                try site.add(records + [stamp.file()])
                try site.commit()
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            var report = BuildReport(sources: dossier.sources.count, actors: dossier.actors.count, pages: rendered.pages,
                                     files: site.writtenPaths.count, reused: rendered.reused,
                                     reusedSources: analysis.reusedSources, warnings: analysis.warnings, seconds: seconds)
            report.skipped = rendered.skipped
            report.reusedSummaries = analysis.reusedSummaries
            report.relaid = rendered.relaid
            // Freeing the dossier and the pages' records takes a few hundred milliseconds at 10,000 sources,
            // and nobody needs to wait for it: a background thread lets go of them (a command exits meanwhile).
            let finished = (consume analysis, consume dossier, consume rendering, consume rendered)
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(finished) {} }
            return report
        } catch {
            site.discard()
            throw error
        }
    }

    /// The previous build's stamp and page manifest, when it read the same `contentInputs` (so at
    /// most the templates changed since) and its site still holds exactly the files it wrote.
    func intactPrevious(contentInputs: String) -> (stamp: BuildStamp, manifest: PageManifest)? {
        let output = URL(fileURLWithPath: options.output)
        guard let stamp = BuildStamp.load(site: output), stamp.contentInputs == contentInputs else { return nil }
        let manifest = PageManifest.load(site: output)
        return stamp.describes(site: output, manifest: manifest) ? (stamp, manifest) : nil
    }

    /// The report of a build with nothing to do: the previous build read the same inputs and its
    /// site is intact (`intactPrevious`). Its warnings are given again.
    func upToDate(_ stamp: BuildStamp, reading: Reading, started: DispatchTime) -> BuildReport {
        for warning in stamp.warnings { log(warning.description) }
        // Files touched since (a checkout) are read until their new stamps are recorded.
        if reading.corpus.records != reading.known { CorpusRecords.refresh(site: options.output, with: reading.corpus.records) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return BuildReport(sources: stamp.sources, actors: stamp.actors, pages: stamp.pages, files: stamp.files, reused: stamp.pages,
                           reusedSources: stamp.sources, warnings: reading.corpus.warnings + stamp.warnings, seconds: seconds, upToDate: true)
    }

    /// A build after a change of templates alone (`NewLayoutBuild`), committed; nil, with `site` to
    /// be discarded, where some page cannot be given the new layout.
    func newLayout(_ previous: (stamp: BuildStamp, manifest: PageManifest), templates: TemplateSet, site: StagedSite, reading: Reading,
                   inputs: String, started: DispatchTime) throws -> BuildReport? {
        let start = DispatchTime.now()
        let build = NewLayoutBuild(templates: templates, config: reading.config, site: site, stamp: previous.stamp, manifest: previous.manifest)
        guard let outcome = try inStep("render", { try build.run(progress: progress) }) else { return nil }
        let pages = outcome.manifest.entries.count
        log(stepLine(8, "render", milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6,
                     note: "\(pages) pages given the new layout around their previous content; nothing else changed"))
        try step(10, "finish") {
            let pageFiles = outcome.manifest.entries.values.reduce(0) { $0 + $1.files.count }
            var stamp = previous.stamp
            (stamp.inputs, stamp.files, stamp.otherFiles, stamp.otherStamps) = (inputs, pageFiles + outcome.otherFiles.count, outcome.otherFiles, outcome.otherStamps)
            try site.add([outcome.manifest.file(), CorpusRecords.file(reading.corpus.records), stamp.file()])
            try site.commit()
        }
        for warning in previous.stamp.warnings { log(warning.description) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        var report = BuildReport(sources: previous.stamp.sources, actors: previous.stamp.actors, pages: pages, files: site.writtenPaths.count, reused: 0,
                                 reusedSources: previous.stamp.sources, warnings: reading.corpus.warnings + previous.stamp.warnings, seconds: seconds)
        (report.skipped, report.relaid) = (pages, pages)
        return report
    }

    /// Links the unchanged entries of a per-source cache into the new site and writes the fresh
    /// ones. On all cores: a rebuild links ten thousand entries.
    func keepCache<Entry: Sendable>(_ outcomes: [CacheOutcome<Entry>], in site: StagedSite, file: @Sendable (Entry) -> SiteFile) throws {
        let fresh = try outcomes.parallelMapThrowing { outcome -> SiteFile? in
            switch outcome {
            case .unchanged(let path, let size):
                // Gone or changed since it was read: the next build does that source afresh. By size
                // alone: an entry is checked against its own digest whenever it is read.
                _ = try site.reuse([path], stamps: [FileStamp(size: size)])
                return nil
            case .fresh(let entry):
                return file(entry)
            }
        }
        try site.add(fresh.compactMap { $0 })
    }
}

