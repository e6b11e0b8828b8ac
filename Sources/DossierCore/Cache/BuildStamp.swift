import Foundation

/// The previous build in brief: one digest of everything it read, what it reported, and the
/// files it wrote besides pages. A build whose inputs give the same digest, into a site that
/// still holds exactly the files it wrote, would write the same bytes again (the output is a
/// function of its inputs), so it stops there. A checkout, a `touch` or an editor saving an
/// unchanged file changes a file's time, never its contents, and costs a second, not a build.
///
/// Stored as `.dossier-cache/build.entry` in `CacheCoding`'s form. A file that does not decode,
/// another program's stamp, or a site that lost, gained or changed a file is no stamp: the
/// build runs as usual, reusing what it can.
struct BuildStamp: Codable, Sendable, Equatable {
    /// `BuildStamp.inputs`.
    var inputs: String
    /// `BuildStamp.contentInputs`: the same for a change of templates alone (`NewLayoutBuild`).
    var contentInputs: String
    var sources: Int
    var actors: Int
    var pages: Int
    /// Every file the build wrote outside the cache folder.
    var files: Int
    /// The warnings the analysis raised after reading (the reader's own come again with every read).
    var warnings: [DossierWarning]
    /// The site's files other than pages and the cache, with their stamps (pages are in `PageManifest`).
    var otherFiles: [String]
    var otherStamps: [FileStamp]
    /// The other files the templates take no part in (the feeds, the search index): a build that
    /// changes only the templates keeps them.
    var filesWithoutLayout: Set<String>

    static let path = BuildCache.folder + "/build.entry"

    /// The stamp the site in `folder` holds, if it is this program's and decodes.
    static func load(site folder: URL) -> BuildStamp? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path),
              let stamp = try? CacheCoding.decode(Stamped.self, from: data), stamp.program == BuildCache.programFingerprint else { return nil }
        return stamp.stamp
    }

    /// The stamp with the program that wrote it: another build of dossier may render differently.
    private struct Stamped: Codable {
        var program: String
        var stamp: BuildStamp
    }

    func file() -> SiteFile {
        // Plain values only: encoding cannot fail.
        SiteFile(path: Self.path, contents: (try? CacheCoding.encode(Stamped(program: BuildCache.programFingerprint, stamp: self))) ?? Data())
    }

    /// The analyst's files a build reads besides the sources and the templates, as one digest:
    /// the configuration, the actor registry and the summary files; or, for `assets`, the
    /// template assets. Worked out before the build reads any of them, so that a file saved during
    /// the build leaves a stamp older than the site, which the next build redoes (never the other way round).
    static func analystFiles(options: BuildOptions, assets: [String]? = nil) -> String {
        var hash = ContentHash.Running()
        func add(file path: String) {
            hash.add("\u{0}" + path + "\u{0}")
            if let data = FileManager.default.contents(atPath: path) { hash.add(bytes: data) } else { hash.add("\u{1}absent") }
        }
        if let assets {
            for asset in assets { add(file: (options.templates as NSString).appendingPathComponent(asset)) }
            return hash.digest
        }
        add(file: options.config)
        let corpus = URL(fileURLWithPath: options.corpus)
        for name in ["actors.yml", "actors.yaml"] { add(file: corpus.appendingPathComponent(name).path) }
        // Summary files on all cores, each to a digest of its own, taken in name order: a corpus with
        // a summary file per source has thousands, and every build, even one with nothing to do, reads them.
        let summaries = SummaryStore(corpus: options.corpus).folder
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: summaries.path)) ?? []).sorted()
        let digests = names.parallelMap { name -> String in
            guard let data = FileManager.default.contents(atPath: summaries.appendingPathComponent(name).path) else { return "\u{1}absent" }
            var digest = ContentHash.WordAtATime()
            data.withUnsafeBytes { digest.add(bytes: $0) }
            return digest.digest
        }
        for (name, digest) in zip(names, digests) { hash.add("\u{0}" + name + "\u{0}" + digest) }
        return hash.digest
    }

    /// Everything the build reads but the templates: the program and the extractor's data, the
    /// options, the analyst's files, and each source as read (name, format, bytes) with the
    /// reader's warnings about the rest of the corpus folder. What every page's Markdown and
    /// every file but the layout's are made from.
    static func contentInputs(options: BuildOptions, analystFiles: String, corpus: CorpusReader.Result) -> String {
        var hash = ContentHash.Running()
        let settings = [BuildCache.programFingerprint, BuildCache.dataFingerprint, options.corpus, options.config,
                        options.baseURL ?? "\u{1}", options.search ? "search" : "no search", analystFiles]
        for part in settings { hash.add(part + "\u{0}") }
        for source in corpus.sources {
            for part in [source.id, source.file, source.format.rawValue, source.contentHash] { hash.add(part + "\u{0}") }
        }
        for warning in corpus.warnings { hash.add(warning.description + "\u{0}") }
        return hash.digest
    }

    /// Everything the build reads: `contentInputs`, and the templates' texts and assets.
    static func inputs(contentInputs: String, options: BuildOptions, assets: String, templates: TemplateSet) -> String {
        ContentHash.of([contentInputs, options.templates, assets, templates.fingerprint].joined(separator: "\u{0}"))
    }

    /// Whether the site in `folder` holds exactly the files this stamp and `manifest` list, each
    /// still the file the build wrote (`FileStamp`), and no others outside the cache folder: a page
    /// removed, edited or a file dropped in by hand sends the build on.
    func describes(site folder: URL, manifest: PageManifest) -> Bool {
        guard manifest.entries.count == pages else { return false }
        var listed = zip(otherFiles, otherStamps).map { (path: $0.0, stamp: $0.1) }
        for entry in manifest.entries.values { listed += zip(entry.files, entry.stamps).map { (path: $0.0, stamp: $0.1) } }
        guard listed.count == files else { return false }
        let expected = listed
        let site = FolderHandle(path: folder.path)
        let chunks = stride(from: 0, to: listed.count, by: 4096).map { $0..<min($0 + 4096, listed.count) }
        let stampsMatch = chunks.parallelMap { range in
            expected[range].allSatisfy { file in site.status(of: file.path).map(file.stamp.matches) ?? false }
        }
        // Every listed file is there; with as many files in the site as listed, there are no others.
        return stampsMatch.allSatisfy { $0 } && Self.countFiles(in: site.path, skipping: BuildCache.folder) == files
    }

    /// Files (anything but folders) under `root`, leaving out the top-level folder `skipping`.
    static func countFiles(in root: String, skipping: String) -> Int {
        FolderTree.folders(under: root, skipping: skipping).reduce(0) { $0 + $1.files.count }
    }
}
