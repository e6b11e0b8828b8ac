import CDossierSupport
import Foundation

/// Pages → render → write, a batch of pages at a time: each batch is built, rendered and
/// written across all cores before the next is built, so memory holds one batch of pages,
/// not the site. A page whose inputs (`PageInputs`) are the previous build's is linked from the
/// previous site without being built. A page built again whose digest (its Markdown, title,
/// pictures, the templates, the settings and the program) matches the previous build's is
/// linked too, instead of rendered and written again.
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
        /// Pages linked without being built: their inputs had not changed.
        var skipped = 0
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
        var inputs: String?
        /// nil while the page is not built: its inputs are the previous build's.
        var page: MarkdownPage?
        /// The digest of the page's files (for a page not built, the previous build's).
        var digest: String
        var search: SearchDocument?
    }

    func run() throws -> Outcome {
        let (previous, previousDocuments) = (previousBuild.value.manifest, previousBuild.value.documents)
        let settings = renderer.fingerprint(config: config)
        var outcome = Outcome()
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
                            return Item(number: number, path: inputs.path, inputs: inputs.digest, page: nil, digest: entry.digest, search: document)
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
                    guard var entry = previous.entries[item.path], entry.digest == item.digest,
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
            var stamps = try timed("write") { try site.add(rendered.flatMap { $0 }) }[...]
            for (offset, files) in zip(changed, rendered) {
                let scripts = Self.loadsScripts(files[0])
                outcome.loadsScripts = outcome.loadsScripts || scripts
                outcome.manifest.entries[items[offset].path] = PageManifest.Entry(digest: items[offset].digest, inputs: items[offset].inputs, loadsScripts: scripts,
                                                                                  files: files.map(\.path), stamps: Array(stamps.prefix(files.count)))
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
        return Item(number: number, path: page.path, inputs: inputs, page: page, digest: Self.digest(of: page, settings: settings),
                    search: search ? SearchIndex().document(for: page) : nil)
    }

    /// The page's HTML first, its Markdown twin, then its pictures in both trees.
    func files(for page: MarkdownPage) -> [SiteFile] {
        var files = [SiteFile(path: page.path + ".html", text: renderer.render(page, config: config)),
                     SiteFile(path: "markdown/" + page.path + ".md", text: page.markdown)]
        let folder = (page.path as NSString).deletingLastPathComponent
        for (name, picture) in page.pictures.sorted(by: { $0.key < $1.key }) {
            let path = folder.isEmpty ? name : folder + "/" + name
            files += [SiteFile(path: path, text: picture), SiteFile(path: "markdown/" + path, text: picture)]
        }
        return files
    }

    /// Everything a page's files are made from, besides the renderer's `settings`.
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
