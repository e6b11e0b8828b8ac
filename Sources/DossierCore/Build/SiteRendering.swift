import CDossierSupport
import Foundation

/// Pages → render → write, a batch of pages at a time: each batch is built, rendered and
/// written across all cores before the next is built, so memory holds one batch of pages,
/// not the site. A page whose digest (its Markdown, title, pictures, the templates, the
/// settings and the program) matches the previous build's is linked from the previous site
/// instead of rendered and written again.
struct SiteRendering {
    let pages: SitePages
    let renderer: HTMLPageRenderer
    let config: DossierConfig
    let site: StagedSite
    /// Whether to gather the pages' search documents.
    let search: Bool
    let progress: @Sendable (String) -> Void

    static let batchSize = 512

    struct Outcome {
        var pages = 0
        var reused = 0
        /// Every page's path, in page order.
        var paths: [String] = []
        var loadsScripts = false
        var manifest = PageManifest()
        var searchDocuments: [SearchDocument] = []
        /// Wall time spent building pages, rendering and writing, summed over the batches.
        var milliseconds: [String: Double] = [:]
    }

    func run() throws -> Outcome {
        let previous = PageManifest.load(site: site.previous)
        let settings = renderer.fingerprint(config: config)
        var outcome = Outcome()
        func timed<T>(_ name: String, _ work: () throws -> T) rethrows -> T {
            let start = DispatchTime.now()
            defer { outcome.milliseconds[name, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 }
            return try work()
        }
        for first in stride(from: 0, to: pages.count, by: Self.batchSize) {
            let numbers = Array(first..<min(first + Self.batchSize, pages.count))
            let built = timed("pages") {
                numbers.parallelMap { number -> (page: MarkdownPage, digest: String, search: SearchDocument?) in
                    let page = pages.page(number)
                    return (page, Self.digest(of: page, settings: settings), search ? SearchIndex().document(for: page) : nil)
                }
            }
            var changed: [(page: MarkdownPage, digest: String, search: SearchDocument?)] = []
            try timed("write") {
                // Unchanged pages are linked on all cores (a rebuild links nearly every page); the
                // outcome is gathered in page order.
                let reused = try built.parallelMapThrowing { item -> PageManifest.Entry? in
                    guard let entry = previous.entries[item.page.path], entry.digest == item.digest,
                          try site.reuse(entry.files, sizes: entry.sizes) else { return nil }
                    return entry
                }
                for (item, entry) in zip(built, reused) {
                    if let entry {
                        outcome.manifest.entries[item.page.path] = entry
                        outcome.loadsScripts = outcome.loadsScripts || entry.loadsScripts
                        outcome.reused += 1
                    } else {
                        changed.append(item)
                    }
                }
            }
            let rendered = timed("render") { changed.parallelMap { files(for: $0.page) } }
            try timed("write") { try site.add(rendered.flatMap { $0 }) }
            for (item, files) in zip(changed, rendered) {
                let scripts = Self.loadsScripts(files[0])
                outcome.loadsScripts = outcome.loadsScripts || scripts
                outcome.manifest.entries[item.page.path] = PageManifest.Entry(digest: item.digest, loadsScripts: scripts,
                                                                              files: files.map(\.path), sizes: files.map(\.contents.count))
            }
            outcome.paths += built.map(\.page.path)
            outcome.searchDocuments += built.compactMap(\.search)
            outcome.pages += built.count
            progress("pages \(outcome.pages)/\(pages.count)")
        }
        return outcome
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
