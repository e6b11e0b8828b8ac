import Foundation

/// Where a build reads from and writes to.
public struct BuildOptions: Sendable {
    public var corpus: String
    public var output: String
    public var templates: String
    public var config: String
    /// Overrides `base_url` from the configuration.
    public var baseURL: String?
    /// Whether to build the search index (when Pagefind is installed).
    public var search = true

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
    public var warnings: [DossierWarning]
    public var seconds: Double
}

/// The build as a story: templates → read → clean → extract → summaries → model →
/// pages → render → write, each step timed and each error tagged with the step that raised it.
public struct BuildPipeline: Sendable {
    public let options: BuildOptions
    /// Receives one line per finished step.
    public var log: @Sendable (String) -> Void

    public init(options: BuildOptions, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
    }

    static let stepCount = 9

    /// Runs `work` as step `number`, logging its time and tagging its errors.
    func step<T>(_ number: Int, _ name: String, _ work: () throws -> T) throws -> T {
        let start = DispatchTime.now()
        do {
            let result = try work()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            log("[\(number)/\(Self.stepCount)] \(name) (\(String(format: "%.0f", ms)) ms)")
            return result
        } catch let error as DossierError {
            throw error.inStep(name)
        }
    }

    /// Everything up to the dossier model, shared by `build` and `extract`.
    public struct Analysis: Sendable {
        public var dossier: Dossier
        public var warnings: [DossierWarning]
        /// Each source's summary file as the merge leaves it (written by `extract`).
        public var summaries: [SummaryOutcome]
        /// Summary files that could not be parsed: reported, never overwritten.
        public var summaryErrors: [DossierError]
    }

    public struct SummaryOutcome: Sendable {
        public var id: String
        public var path: String
        public var file: SummaryFile
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
        let (loadedConfig, corpus) = try step(2, "read") {
            (try DossierConfig.load(from: options.config), try CorpusReader().read(folder: options.corpus))
        }
        var config = loadedConfig
        if let baseURL = options.baseURL { config.baseURL = baseURL }
        var warnings = corpus.warnings
        for warning in corpus.warnings { log(warning.description) }
        let cleaned = try step(3, "clean") { corpus.sources.parallelMap { SourceCleaner().clean($0) } }
        let extractor = Extractor(vocabulary: CorpusVocabulary(sources: cleaned))
        let extracted = try step(4, "extract") {
            CorpusNameResolver().resolve(zip(corpus.sources, cleaned).map { ($0, $1) }.parallelMap { raw, clean in
                DossierAssembler.Input(raw: raw, clean: clean, extraction: extractor.extract(clean, raw: raw))
            })
        }
        let store = SummaryStore(corpus: options.corpus)
        let (inputs, outcomes, summaryErrors) = try step(5, "summaries") { () throws -> ([DossierAssembler.Input], [SummaryOutcome], [DossierError]) in
            // The analyst's actor registry decides first, so that summary files see its names.
            let registry = try ActorRegistryFile.load(corpus: options.corpus)
            let applied = ActorRegistry(registry).apply(extracted)
            warnings += applied.warnings
            let loaded = store.load()
            if strictSummaries, let first = loaded.errors.keys.sorted().first { throw loaded.errors[first]! }
            let ids = Set(corpus.sources.map(\.id))
            for id in loaded.files.keys.sorted() where !ids.contains(id) {
                warnings.append(DossierWarning(file: store.path(for: id), "belongs to no source in the corpus (was it renamed or removed?); ignored"))
            }
            // Sources merge independently: in parallel, results in source order.
            let merged: [(DossierAssembler.Input, SummaryOutcome?)] = try applied.inputs.parallelMapThrowing { input in
                var input = input
                let id = input.raw.id
                let path = store.path(for: id)
                let existing = loaded.files[id]
                // The broken file is left alone; the fresh extraction stands in for it.
                if loaded.errors[id] != nil { return (input, nil) }
                // No file and nothing to draft: the extraction is the summary.
                if existing == nil && !draftingSummaries { return (input, nil) }
                let result = try SummaryMerge().merge(fresh: input.extraction.summary, existing: existing, path: path)
                input.extraction.summary = result.summary
                input.annotations = result.file.annotations
                input.notes = result.file.notes
                guard draftingSummaries else { return (input, nil) }
                let unchanged = loaded.texts[id] != nil && loaded.texts[id] == (try? result.file.text())
                return (input, SummaryOutcome(id: id, path: path, file: result.file, unchanged: unchanged, created: existing == nil,
                                              conflicts: result.conflicts, keptEdits: result.keptEdits))
            }
            let inputs = merged.map(\.0)
            let outcomes = merged.compactMap(\.1)
            return (inputs, outcomes, loaded.errors.keys.sorted().map { loaded.errors[$0]! })
        }
        for warning in warnings where !corpus.warnings.contains(warning) { log(warning.description) }
        let dossier = try step(6, "model") { try DossierAssembler().assemble(inputs, config: config) }
        for source in dossier.sources {
            for anchored in source.annotations where anchored.isOrphaned {
                let warning = DossierWarning(file: store.path(for: source.raw.id), line: anchored.annotation.line,
                                             "annotation on “\(ReliabilityRules.excerpt(anchored.annotation.quote, limit: 60))” is orphaned: those words are no longer in \(source.raw.file)")
                warnings.append(warning)
                log(warning.description)
            }
        }
        return Analysis(dossier: dossier, warnings: warnings, summaries: outcomes, summaryErrors: summaryErrors)
    }

    public func run() throws -> BuildReport {
        let start = DispatchTime.now()
        // Templates first: a template error should not cost a whole analysis.
        let templates = try step(1, "templates") { try TemplateSet(folder: options.templates) }
        let analysis = try analyse()
        let dossier = analysis.dossier
        let pages = try step(7, "pages") { SitePages().pages(for: dossier) }
        let renderer = HTMLPageRenderer(templates: templates)
        let files = try step(8, "render") { () throws -> [SiteFile] in
            var files = pages.parallelMap { SiteFile(path: $0.path + ".html", text: renderer.render($0, config: dossier.config)) }
            files += pages.map { SiteFile(path: "markdown/" + $0.path + ".md", text: $0.markdown) }
            for page in pages {
                let folder = (page.path as NSString).deletingLastPathComponent
                for (name, picture) in page.pictures.sorted(by: { $0.key < $1.key }) {
                    let path = folder.isEmpty ? name : folder + "/" + name
                    files += [SiteFile(path: path, text: picture), SiteFile(path: "markdown/" + path, text: picture)]
                }
            }
            files += SiteFeeds(dossier: dossier, pages: pages).files()
            files.append(SiteFile(path: "404.html", text: renderer.renderNotFound(config: dossier.config)))
            files.append(HostHeaders(files: files).file())
            for asset in templates.assets {
                let url = URL(fileURLWithPath: templates.folder).appendingPathComponent(asset)
                guard let data = try? Data(contentsOf: url) else {
                    throw DossierError(file: url.path, "cannot read the asset")
                }
                files.append(SiteFile(path: asset, contents: data))
            }
            return files.sorted { $0.path < $1.path }
        }
        var warnings = analysis.warnings
        try step(9, "write") {
            try SiteWriter(output: options.output, inputs: [options.corpus, options.templates, options.config]).write(files) { staging in
                guard options.search else { return }
                if case .unavailable(let reason) = try SearchIndex().index(site: staging) {
                    let warning = DossierWarning("the site has no search index: \(reason)")
                    warnings.append(warning)
                    log(warning.description)
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return BuildReport(sources: dossier.sources.count, actors: dossier.actors.count, pages: pages.count,
                           files: files.count, warnings: warnings, seconds: seconds)
    }
}
