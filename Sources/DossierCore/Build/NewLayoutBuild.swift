import Foundation

/// A build after a change of the templates alone (their texts or their assets), into a site that
/// still holds exactly what the previous build wrote. Every page's Markdown, and every file but
/// the layout's, would come out as before (`BuildStamp.contentInputs` is the previous build's), so
/// nothing is cleaned, extracted, modelled or built: each page gets the new layout around the
/// content its HTML file holds (as `SiteRendering` gives it to a page whose digest is unchanged),
/// and its other files, the feeds, the search index and the cache are kept. The files the
/// templates make besides pages (`layoutFiles`) are made anew.
struct NewLayoutBuild {
    let templates: TemplateSet
    let config: DossierConfig
    let site: StagedSite
    /// The previous build's stamp and manifest, its site checked against them.
    let stamp: BuildStamp
    let manifest: PageManifest

    /// What the build wrote besides pages and the cache, for the stamp.
    struct Outcome {
        var manifest: PageManifest
        var otherFiles: [String]
        var otherStamps: [FileStamp]
    }

    /// Gives every page the new layout and stages the files around them. Nil where a page cannot
    /// be given it (its content's place in its file is unknown, the templates do not place content
    /// as it is, or a file is no longer what the previous build wrote): the caller discards the
    /// staged site and builds in full.
    func run(progress: @Sendable (String) -> Void) throws -> Outcome? {
        guard templates.placesContentVerbatim else { return nil }
        let renderer = HTMLPageRenderer(templates: templates)
        var outcome = Outcome(manifest: PageManifest(layout: renderer.layoutFingerprint(config: config)), otherFiles: [], otherStamps: [])
        var loadsScripts = false
        let paths = manifest.entries.keys.sorted()
        // What the pages need, apart: a closure that used `self` copied the whole build (its manifest
        // and stamp, field by field) for every page.
        let (entries, site, config) = (manifest.entries, self.site, self.config)
        // A batch at a time, as `SiteRendering` writes pages: memory holds one batch of pages, not the site.
        for first in stride(from: 0, to: paths.count, by: SiteRendering.batchSize) {
            let batch = Array(paths[first..<min(first + SiteRendering.batchSize, paths.count)])
            let relaid = try batch.parallelMapThrowing { path -> (path: String, entry: PageManifest.Entry, html: SiteFile)? in
                var entry = entries[path]!
                guard let range = entry.content, let html = entry.stamps.first,
                      let frame = renderer.frame(HTMLPageRenderer.LayoutFields(path: path, kind: entry.kind, title: entry.title, description: entry.description),
                                                 config: config),
                      let page = frame.page(contentLength: range.count, fill: { site.readPrevious(entry.files[0], stamp: html, range: range, into: $0) }),
                      let others = try site.reuse(Array(entry.files.dropFirst()), stamps: Array(entry.stamps.dropFirst()))
                else { return nil }
                entry.stamps = [html] + others
                entry.content = page.content
                return (path, entry, SiteFile(path: entry.files[0], contents: page.html))
            }
            let pages = relaid.compactMap { $0 }
            guard pages.count == relaid.count else { return nil }
            for (var page, stamp) in zip(pages, try site.add(pages.map(\.html))) {
                page.entry.stamps[0] = stamp
                page.entry.loadsScripts = SiteRendering.loadsScripts(page.html)
                loadsScripts = loadsScripts || page.entry.loadsScripts
                outcome.manifest.entries[page.path] = page.entry
            }
            progress("render \(outcome.manifest.entries.count)/\(paths.count)")
        }
        // The feeds and the search index as they are; the layout's files anew.
        let kept = zip(stamp.otherFiles, stamp.otherStamps).filter { stamp.filesWithoutLayout.contains($0.0) }
        guard let keptStamps = try site.reuse(kept.map(\.0), stamps: kept.map(\.1)), try keepCache() else { return nil }
        let files = try Self.layoutFiles(renderer: renderer, config: config, loadsScripts: loadsScripts)
        outcome.otherFiles = files.map(\.path) + kept.map(\.0)
        outcome.otherStamps = try site.add(files) + keptStamps
        return outcome
    }

    /// Keeps the previous build's cache but for the files every build writes anew (the manifest,
    /// the stamp, the corpus records): false where a file vanished meanwhile.
    private func keepCache() throws -> Bool {
        let root = site.previous.path.endingInSlash
        let rewritten: Set<String> = [PageManifest.path, BuildStamp.path, CorpusRecords.path]
        var paths: [String] = []
        var stamps: [FileStamp] = []
        for folder in FolderTree.folders(under: root + BuildCache.folder + "/") {
            for file in folder.files {
                let path = String(file.dropFirst(root.count))
                var status = stat()
                guard !rewritten.contains(path) else { continue }
                guard lstat(file, &status) == 0 else { return false }
                paths.append(path)
                stamps.append(FileStamp(status))
            }
        }
        return try site.reuse(paths, stamps: stamps) != nil
    }

    /// The files the templates make besides pages: the not-found page, the host's headers (which
    /// follow whether any page loads a script) and the assets.
    static func layoutFiles(renderer: HTMLPageRenderer, config: DossierConfig, loadsScripts: Bool) throws -> [SiteFile] {
        var files = [SiteFile(path: "404.html", text: renderer.renderNotFound(config: config)), HostHeaders(loadsScripts: loadsScripts).file()]
        for asset in renderer.templates.assets {
            let url = URL(fileURLWithPath: renderer.templates.folder).appendingPathComponent(asset)
            guard let data = try? Data(contentsOf: url) else {
                throw DossierError(file: url.path, "cannot read the asset")
            }
            files.append(SiteFile(path: asset, contents: data))
        }
        return files
    }
}
