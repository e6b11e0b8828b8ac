import CDossierSupport
import Foundation

/// Pages → render → write, a batch of pages at a time: each batch is built, rendered and
/// written across all cores before the next is built, so memory holds one batch of pages,
/// not the site. A page whose inputs (`PageInputs`) are the previous build's is linked from the
/// previous site without being built. A page built again whose digest (its Markdown, title,
/// pictures, the settings and the program) matches the previous build's is linked too, instead
/// of rendered and written again. When only the layout changed (the templates), such a page's
/// HTML is the new layout around the content its previous HTML file holds: its Markdown is
/// neither built nor rendered again (a change of templates otherwise renders every page).
struct SiteRendering {
    let pages: SitePages
    let renderer: HTMLPageRenderer
    let config: DossierConfig
    let site: StagedSite
    /// Whether to gather the pages' search documents.
    let search: Bool
    /// What the previous build left to reuse, loaded while the analysis runs.
    let previousBuild: Background<PreviousBuild>
    let progress: @Sendable (String) -> Void
    /// Builds every page, inputs unchanged or not, and fails on one whose inputs are the previous
    /// build's but whose files are not: the check on `PageInputs` that the incremental tests run.
    var checkPageInputs = false

    static let batchSize = 512

    /// The previous build's page manifest and, where search is on, its pages' search documents.
    struct PreviousBuild: Sendable {
        var manifest = PageManifest()
        var documents: [String: SearchDocument] = [:]

        static func load(site: URL, search: Bool) -> PreviousBuild {
            let manifest = PageManifest.load(site: site)
            // A page linked without being built keeps its document from the previous build.
            return PreviousBuild(manifest: manifest, documents: search && !manifest.entries.isEmpty ? SearchDocumentCache.load(site: site) : [:])
        }
    }

    struct Outcome {
        var pages = 0
        var reused = 0
        /// Pages not built: their inputs had not changed (linked, or given the new layout).
        var skipped = 0
        /// Pages given the new layout around their previous content (the templates changed).
        var relaid = 0
        /// Every page's path, in page order.
        var paths: [String] = []
        var loadsScripts = false
        var manifest = PageManifest()
        var searchDocuments: [SearchDocument] = []
        /// Wall time spent building pages, rendering and writing, summed over the batches.
        var milliseconds: [String: Double] = [:]
    }

    /// One page of a batch on its way through.
    private struct Item: Sendable {
        var number: Int
        var path: String
        var kind: MarkdownPage.Kind
        var inputs: String?
        /// nil while the page is not built: its inputs are the previous build's.
        var page: MarkdownPage?
        /// The digest of the page's files besides the layout (for a page not built, the previous build's).
        var digest: String
        var search: SearchDocument?
    }

    func run() throws -> Outcome {
        let (previous, previousDocuments) = (previousBuild.value.manifest, previousBuild.value.documents)
        let settings = renderer.pageSettings(config: config)
        let layout = renderer.layoutFingerprint(config: config)
        let sameLayout = previous.layout == layout
        var outcome = Outcome()
        outcome.manifest.layout = layout
        func timed<T>(_ name: String, _ work: () throws -> T) rethrows -> T {
            let start = DispatchTime.now()
            defer { outcome.milliseconds[name, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 }
            return try work()
        }
        let sources = timed("pages") { SourceDigests(pages.dossier) }
        for first in stride(from: 0, to: pages.count, by: Self.batchSize) {
            let numbers = Array(first..<min(first + Self.batchSize, pages.count))
            var items = timed("pages") {
                numbers.parallelMap { number -> Item in
                    let inputs = pages.inputs(number, settings: settings, sources: sources)
                    if let inputs, !checkPageInputs, let entry = previous.entries[inputs.path], entry.inputs == inputs.digest {
                        let needsDocument = search && SearchIndex.indexes(inputs.path, kind: inputs.kind)
                        let document = needsDocument ? previousDocuments[inputs.path] : nil
                        if !needsDocument || document != nil {
                            return Item(number: number, path: inputs.path, kind: inputs.kind, inputs: inputs.digest, page: nil, digest: entry.digest, search: document)
                        }
                    }
                    return build(number, inputs: inputs?.digest, settings: settings)
                }
            }
            var changed: [Int] = []
            try timed("write") {
                // Unchanged pages are linked on all cores (a rebuild links nearly every page); the
                // outcome is gathered in page order.
                let reused = try items.parallelMapThrowing { item -> PageManifest.Entry? in
                    guard sameLayout, var entry = previous.entries[item.path], entry.digest == item.digest,
                          let stamps = try site.reuse(entry.files, stamps: entry.stamps) else { return nil }
                    entry.stamps = stamps
                    return entry
                }
                for (offset, entry) in reused.enumerated() {
                    guard var entry else { changed.append(offset); continue }
                    entry.inputs = items[offset].inputs
                    outcome.manifest.entries[items[offset].path] = entry
                    outcome.loadsScripts = outcome.loadsScripts || entry.loadsScripts
                    outcome.reused += 1
                    if items[offset].page == nil { outcome.skipped += 1 }
                }
            }
            if checkPageInputs {
                for offset in changed {
                    let item = items[offset]
                    if let inputs = item.inputs, let entry = previous.entries[item.path], entry.inputs == inputs, entry.digest != item.digest {
                        throw DossierError(file: item.path, "the page changed, but the digest of its inputs did not (a page builder's inputs(_:) misses something it reads)")
                    }
                    if let page = item.page, let relaid = try relayout(item, previous: previous.entries[item.path], claiming: false),
                       relaid.html != renderer.render(page, config: config).html {
                        throw DossierError(file: item.path, "the new layout around the page's previous content differs from the page rendered afresh")
                    }
                }
            }
            // Pages whose content is the previous build's, under other templates: the new layout around
            // the content their HTML file holds. Their other files (the Markdown twin, pictures) are linked.
            var relaid: [Int: (entry: PageManifest.Entry, html: SiteFile)] = [:]
            if !sameLayout && !checkPageInputs {
                let done = try timed("render") {
                    try changed.map { items[$0] }.parallelMapThrowing { item in try relayout(item, previous: previous.entries[item.path], claiming: true) }
                }
                for (offset, result) in zip(changed, done) {
                    guard let result else { continue }
                    relaid[offset] = (result.entry, SiteFile(path: result.entry.files[0], contents: result.html))
                }
                changed.removeAll { relaid[$0] != nil }
                let written = try timed("write") { try site.add(relaid.keys.sorted().map { relaid[$0]!.html }) }
                for (offset, stamp) in zip(relaid.keys.sorted(), written) {
                    var entry = relaid[offset]!.entry
                    entry.stamps[0] = stamp
                    entry.inputs = items[offset].inputs
                    entry.loadsScripts = Self.loadsScripts(relaid[offset]!.html)
                    outcome.manifest.entries[items[offset].path] = entry
                    outcome.loadsScripts = outcome.loadsScripts || entry.loadsScripts
                    outcome.relaid += 1
                    if items[offset].page == nil { outcome.skipped += 1 }
                }
            }
            // A page not built whose files are gone from the previous site after all: built now.
            let unbuilt = changed.filter { items[$0].page == nil }
            if !unbuilt.isEmpty {
                let waiting = unbuilt.map { items[$0] }
                let built = timed("pages") { waiting.parallelMap { build($0.number, inputs: $0.inputs, settings: settings) } }
                for (offset, item) in zip(unbuilt, built) { items[offset] = item }
            }
            let changedPages = changed.map { items[$0].page! }
            let rendered = timed("render") { changedPages.parallelMap(files) }
            var stamps = try timed("write") { try site.add(rendered.flatMap(\.files)) }[...]
            for (offset, (files, content)) in zip(changed, rendered) {
                let (page, scripts) = (items[offset].page!, Self.loadsScripts(files[0]))
                outcome.loadsScripts = outcome.loadsScripts || scripts
                outcome.manifest.entries[items[offset].path] = PageManifest.Entry(
                    digest: items[offset].digest, inputs: items[offset].inputs, loadsScripts: scripts, kind: page.kind, content: content,
                    title: page.title, description: page.description, files: files.map(\.path), stamps: Array(stamps.prefix(files.count)))
                stamps = stamps.dropFirst(files.count)
            }
            outcome.paths += items.map(\.path)
            outcome.searchDocuments += items.compactMap(\.search)
            outcome.pages += items.count
            progress("pages \(outcome.pages)/\(pages.count)")
        }
        return outcome
    }

    private func build(_ number: Int, inputs: String?, settings: String) -> Item {
        let page = pages.page(number)
        return Item(number: number, path: page.path, kind: page.kind, inputs: inputs, page: page, digest: Self.digest(of: page, settings: settings),
                    search: search ? SearchIndex().document(for: page) : nil)
    }

    /// The page's HTML as the new layout around the content of its previous HTML file, when the
    /// page's digest is the previous build's and that file still holds what the build wrote; its
    /// manifest entry, with the other files' new stamps when `claiming` (they are linked into the
    /// new site). Nil when any of that does not hold: the page is rendered whole.
    private func relayout(_ item: Item, previous entry: PageManifest.Entry?, claiming: Bool) throws -> (entry: PageManifest.Entry, html: Data)? {
        guard var entry, entry.digest == item.digest, let range = entry.content, let first = entry.stamps.first,
              let frame = renderer.frame(HTMLPageRenderer.LayoutFields(path: item.path, kind: item.kind, title: entry.title, description: entry.description),
                                         config: config),
              let page = frame.page(contentLength: range.count, fill: { site.readPrevious(entry.files[0], stamp: first, range: range, into: $0) })
        else { return nil }
        if claiming {
            guard let others = try site.reuse(Array(entry.files.dropFirst()), stamps: Array(entry.stamps.dropFirst())) else { return nil }
            entry.stamps = [first] + others
        }
        entry.content = page.content
        return (entry, page.html)
    }

    /// The page's HTML first, its Markdown twin, then its pictures in both trees; and where the
    /// page's content stands in its HTML.
    func files(for page: MarkdownPage) -> (files: [SiteFile], content: Range<Int>?) {
        let html = renderer.render(page, config: config)
        var files = [SiteFile(path: page.path + ".html", contents: html.html), SiteFile(path: "markdown/" + page.path + ".md", text: page.markdown)]
        // The folder only for a page with pictures (a few): NSString's path walk for every page cost more than the loop.
        let folder = page.pictures.isEmpty ? "" : (page.path as NSString).deletingLastPathComponent
        for (name, picture) in page.pictures.sorted(by: { $0.key < $1.key }) {
            let path = folder.isEmpty ? name : folder + "/" + name
            files += [SiteFile(path: path, text: picture), SiteFile(path: "markdown/" + path, text: picture)]
        }
        return (files, html.content)
    }

    /// Everything a page's files are made from, besides the templates and `settings` (`HTMLPageRenderer.pageSettings`).
    static func digest(of page: MarkdownPage, settings: String) -> String {
        // Part by part, each part's length in the digest, eight bytes at a time: every page of the site is hashed.
        var hash = ContentHash.WordAtATime()
        for part in [settings, page.path, page.kind.rawValue, page.title, page.description ?? "\u{1}", page.markdown] { hash.add(part) }
        for name in page.pictures.keys.sorted() {
            hash.add(name)
            hash.add(page.pictures[name]!)
        }
        return hash.digest
    }

    /// Whether an HTML file has a `<script` element.
    static func loadsScripts(_ file: SiteFile) -> Bool {
        let needle = Array("<script".utf8)
        return file.contents.withUnsafeBytes { page in
            guard let base = page.baseAddress, page.count >= needle.count else { return false }
            return dossier_contains_bytes(base, page.count, needle, needle.count) != 0
        }
    }
}
