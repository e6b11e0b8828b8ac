import Foundation

/// Where a build reads from and writes to.
public struct BuildOptions: Sendable {
    public var corpus: String
    public var output: String
    public var templates: String
    public var config: String

    public init(corpus: String = "seeds", output: String = "public", templates: String = "templates", config: String = DossierConfig.fileName) {
        self.corpus = corpus
        self.output = output
        self.templates = templates
        self.config = config
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

/// The build as a story: templates → read → clean → extract → model → pages →
/// render → write, each step timed and each error tagged with the step that raised it.
public struct BuildPipeline: Sendable {
    public let options: BuildOptions
    /// Receives one line per finished step.
    public var log: @Sendable (String) -> Void

    public init(options: BuildOptions, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.log = log
    }

    static let stepCount = 8

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

    /// Everything up to the dossier model: shared by `build` and `extract`.
    public func analyse() throws -> (dossier: Dossier, warnings: [DossierWarning]) {
        let (config, corpus) = try step(2, "read") {
            (try DossierConfig.load(from: options.config), try CorpusReader().read(folder: options.corpus))
        }
        for warning in corpus.warnings { log(warning.description) }
        let cleaned = try step(3, "clean") { corpus.sources.parallelMap { SourceCleaner().clean($0) } }
        let extractor = Extractor(vocabulary: CorpusVocabulary(sources: cleaned))
        let extracted = try step(4, "extract") {
            zip(corpus.sources, cleaned).map { ($0, $1) }.parallelMap { raw, clean in
                DossierAssembler.Input(raw: raw, clean: clean, extraction: extractor.extract(clean, raw: raw))
            }
        }
        let dossier = try step(5, "model") { try DossierAssembler().assemble(extracted, config: config) }
        return (dossier, corpus.warnings)
    }

    public func run() throws -> BuildReport {
        let start = DispatchTime.now()
        // Templates first: a template error should not cost a whole analysis.
        let templates = try step(1, "templates") { try TemplateSet(folder: options.templates) }
        let (dossier, warnings) = try analyse()
        let pages = try step(6, "pages") { SitePages().pages(for: dossier) }
        let renderer = HTMLPageRenderer(templates: templates)
        let files = try step(7, "render") { () throws -> [SiteFile] in
            var files = pages.parallelMap { SiteFile(path: $0.path + ".html", text: renderer.render($0, config: dossier.config)) }
            files += pages.map { SiteFile(path: "markdown/" + $0.path + ".md", text: $0.markdown) }
            for asset in templates.assets {
                let url = URL(fileURLWithPath: templates.folder).appendingPathComponent(asset)
                guard let data = try? Data(contentsOf: url) else {
                    throw DossierError(file: url.path, "cannot read the asset")
                }
                files.append(SiteFile(path: asset, contents: data))
            }
            return files.sorted { $0.path < $1.path }
        }
        try step(8, "write") { try SiteWriter(output: options.output).write(files) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return BuildReport(sources: dossier.sources.count, actors: dossier.actors.count, pages: pages.count,
                           files: files.count, warnings: warnings, seconds: seconds)
    }
}
