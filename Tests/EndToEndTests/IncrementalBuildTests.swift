import Foundation
import Testing
@testable import DossierCore

/// A rebuild into the same output folder reuses what the previous build cached there (each
/// source's cleaning and extraction, each page's files) and must still give exactly the site
/// a clean build gives: after an edited source, summary file or template, after a change
/// elsewhere in the corpus that changes how a source reads, and with a damaged cache.
@Suite struct IncrementalBuildTests {
    struct Project {
        let root: URL
        var corpus: URL { root.appendingPathComponent("corpus") }
        var out: URL { root.appendingPathComponent("public") }
        var templates: URL { root.appendingPathComponent("templates") }

        /// The seeds and a copy of the templates, both free to edit.
        init() throws {
            root = try temporaryFolder()
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("seeds"), to: corpus)
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: templates)
        }

        func options(into out: URL, cache: Bool = true) -> BuildOptions {
            var options = BuildOptions(corpus: corpus.path, output: out.path, templates: templates.path,
                                       config: root.appendingPathComponent("dossier.yml").path)
            options.cache = cache
            return options
        }

        /// `checking`: every page is built, and a page whose inputs (`PageInputs`) are unchanged
        /// but whose files are not stops the build. Off, such pages are linked without being built.
        @discardableResult
        func build(checking: Bool = true) throws -> BuildReport {
            var options = options(into: out)
            options.checkPageInputs = checking
            return try BuildPipeline(options: options).run()
        }

        /// A build from nothing into a folder of its own: what the rebuilt site must equal.
        func cleanBuild() throws -> [String: Data] {
            let folder = root.appendingPathComponent("clean-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try BuildPipeline(options: options(into: folder, cache: false)).run()
            return try snapshot(folder)
        }

        func sources() throws -> [URL] {
            try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }.sorted()
                .map { corpus.appendingPathComponent($0) }
        }

        func append(_ text: String, to file: URL) throws {
            let old = try String(contentsOf: file, encoding: .utf8)
            try Data((old + text).utf8).write(to: file)
        }
    }

    static func differing(_ one: [String: Data], _ other: [String: Data]) -> [String] {
        Array(Set(one.keys).union(other.keys).filter { one[$0] != other[$0] }.sorted().prefix(5))
    }

    @Test func anUnchangedCorpusIsRebuiltFromTheCacheAlone() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let first = try project.build()
        #expect(first.reused == 0 && first.reusedSources == 0)
        // The same corpus into a site that lost its stamp: every source and page from the cache.
        try FileManager.default.removeItem(at: project.out.appendingPathComponent(BuildStamp.path))
        let second = try project.build()
        #expect(!second.upToDate)
        #expect(second.reused == second.pages, "every page is unchanged")
        #expect(second.reusedSources == second.sources, "every source comes from the cache")
        #expect(try snapshot(project.out) == project.cleanBuild())
    }

    /// Nothing the build reads has changed, only files' times: the site is left as it is, its
    /// warnings are given again, and it is still what a clean build writes.
    @Test func aBuildWithNothingChangedLeavesTheSiteAsItWas() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        // A warning from the reader and one from the analysis, to be given again.
        try Data().write(to: project.corpus.appendingPathComponent("empty.txt"))
        let summaries = project.corpus.appendingPathComponent("summaries")
        try FileManager.default.createDirectory(at: summaries, withIntermediateDirectories: true)
        try Data("---\ntitle: \"Gone\"\n---\n".utf8).write(to: summaries.appendingPathComponent("no-such-source.md"))
        let first = try project.build()
        #expect(!first.upToDate)
        try #require(first.warnings.count >= 2)
        let index = project.out.appendingPathComponent("index.html").path
        let inode = try #require(try FileManager.default.attributesOfItem(atPath: index)[.systemFileNumber] as? Int)
        let later = Date().addingTimeInterval(60)
        for file in try project.sources() { try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: file.path) }
        let second = try project.build()
        #expect(second.upToDate)
        #expect(second.warnings == first.warnings, "the warnings are given again")
        #expect((second.sources, second.actors, second.pages) == (first.sources, first.actors, first.pages))
        #expect(try FileManager.default.attributesOfItem(atPath: index)[.systemFileNumber] as? Int == inode, "the site was not written again")
        let clean = try project.cleanBuild()
        #expect(try snapshot(project.out) == clean)
    }

    /// Each of these changes what the build reads, or what the site holds, without changing a
    /// source: each must send the build on, and end with what a clean build writes.
    @Test func anythingTheBuildReadsOrWroteSendsItOn() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try project.build()
        let summaries = project.corpus.appendingPathComponent("summaries")
        let source = try #require(try project.sources().first).deletingPathExtension().lastPathComponent
        let changes: [(String, () throws -> Void)] = [
            ("a summary file", {
                try FileManager.default.createDirectory(at: summaries, withIntermediateDirectories: true)
                try Data("---\ntitle: \"Retitled by the analyst\"\n---\n".utf8).write(to: summaries.appendingPathComponent(source + ".md"))
            }),
            ("the configuration", { try Data("title: \"Another dossier\"\n".utf8).write(to: project.root.appendingPathComponent("dossier.yml")) }),
            ("the actor registry", { try Data("ignore:\n  - Nobody Atall\n".utf8).write(to: project.corpus.appendingPathComponent("actors.yml")) }),
            ("a template asset", {
                let assets = project.templates.appendingPathComponent("assets")
                let asset = try #require(FileManager.default.subpaths(atPath: assets.path)?.filter { $0.hasSuffix(".css") }.sorted().first)
                try project.append("\n/* edited */\n", to: assets.appendingPathComponent(asset))
            }),
            ("a page removed from the site", { try FileManager.default.removeItem(at: project.out.appendingPathComponent("timeline.html")) }),
            ("a file added to the site", { try Data("stray".utf8).write(to: project.out.appendingPathComponent("sources/stray.html")) }),
            ("a page resized in the site", { try project.append("\n", to: project.out.appendingPathComponent("index.html")) }),
            // The same length: only which file it is, and when it was written, tell.
            ("a page edited in place to the same length", { try Self.changeOneLetter(of: project.out.appendingPathComponent("timeline.html"), inPlace: true) }),
            ("a page replaced by one of the same length", { try Self.changeOneLetter(of: project.out.appendingPathComponent("index.html"), inPlace: false) }),
            ("an asset replaced by one of the same length", {
                let assets = project.out.appendingPathComponent("assets")
                let asset = try #require(FileManager.default.subpaths(atPath: assets.path)?.filter { $0.hasSuffix(".css") }.sorted().first)
                try Self.changeOneLetter(of: assets.appendingPathComponent(asset), inPlace: false)
            }),
        ]
        for (name, change) in changes {
            try change()
            let rebuild = try project.build()
            #expect(!rebuild.upToDate, "after \(name)")
            #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [], "after \(name), differing from a clean build")
            #expect(try project.build().upToDate, "after \(name), a second build has nothing to do")
        }
    }

    /// One letter of `file` changed, its length kept: written into the same file (`inPlace`, as
    /// some editors save) or as a new file renamed over it (as others do).
    static func changeOneLetter(of file: URL, inPlace: Bool) throws {
        var data = try Data(contentsOf: file)
        let index = try #require(data.firstIndex(of: UInt8(ascii: "e")))
        data[index] = UInt8(ascii: "E")
        if inPlace {
            let handle = try FileHandle(forWritingTo: file)
            try handle.write(contentsOf: data)
            try handle.close()
        } else {
            let replacement = file.deletingLastPathComponent().appendingPathComponent(".replacement")
            try data.write(to: replacement)
            #expect(rename(replacement.path, file.path) == 0)
        }
    }

    @Test func editingOneSourceRedoesOnlyWhatItChanges() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try project.build()
        let edited = try #require(try project.sources().first)
        try project.append("\n\nThe delegations agreed on Friday to meet again in the spring, officials said.\n", to: edited)
        let rebuild = try project.build(checking: false)
        #expect(rebuild.reusedSources == rebuild.sources - 1, "only the edited source is cleaned and extracted again")
        #expect(rebuild.reused > 0 && rebuild.reused < rebuild.pages, "pages the edit does not touch are reused; its own are not")
        #expect(rebuild.skipped > 0 && rebuild.skipped < rebuild.reused, "pages whose inputs are unchanged are not even built")
        let site = try snapshot(project.out)
        let clean = try project.cleanBuild()
        #expect(site == clean, "differing from a clean build: \(Self.differing(site, clean))")
        let page = try #require(site.first { $0.key.hasPrefix("sources/") && String(decoding: $0.value, as: UTF8.self).contains("meet again in the spring") })
        #expect(page.key.hasSuffix(".html"))
    }

    /// A page whose inputs are unchanged is linked from the previous site without being built
    /// (`PageInputs`), so its inputs must change whenever its files would. After each edit below,
    /// one project rebuilds building every page, stopping at any whose inputs missed a change; the
    /// other skips those pages. Both sites must be what a clean build writes.
    @Test(arguments: [true, false]) func pagesAreSkippedOnlyWhenNothingTheyShowChanged(checking: Bool) throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try project.build(checking: checking)
        let analysis = try BuildPipeline(options: project.options(into: project.out)).analyse(draftingSummaries: true)
        let dossier = analysis.dossier
        let sources = try project.sources()
        // An actor two sources name; a source's drafted summary; a copy of a source, which shares its sentences.
        let actor = try #require(dossier.actors.first { $0.appearances.count >= 2 })
        let draft = try #require(analysis.summaries.first)
        let summaryActor = try #require(dossier.sources.first { $0.raw.id == draft.id }?.summary.actors.first).name
        let copy = project.corpus.appendingPathComponent("zz-second-look.txt")
        let edits: [(String, () throws -> Void)] = [
            ("a sentence naming an actor appended to a source", {
                try project.append("\n\n\(actor.name) said on 4 March 2025 that the talks would resume.\n", to: sources[1])
            }),
            ("a source added that repeats another", {
                try Data(("A second look: " + (try String(contentsOf: sources[0], encoding: .utf8))).utf8).write(to: copy)
            }),
            ("a sentence the two share, changed in one", {
                let text = try String(contentsOf: copy, encoding: .utf8)
                let line: Substring = try #require(text.split(separator: "\n").max { $0.count < $1.count })
                let words = line.split(separator: " ")[..<4].map(String.init).joined(separator: " ")
                try Data(text.replacingOccurrences(of: words, with: "Contrary to earlier reports, " + words).utf8).write(to: copy)
            }),
            ("a source retitled in its summary file", {
                let text = draft.text
                let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title:") })
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: draft.path).deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.replacingOccurrences(of: String(title), with: "title: \"A title the analyst chose\"").utf8).write(to: URL(fileURLWithPath: draft.path))
            }),
            ("an actor renamed and an annotation added in a summary file", {
                var text = try String(contentsOf: URL(fileURLWithPath: draft.path), encoding: .utf8)
                text = text.replacingOccurrences(of: "- name: \(summaryActor)\n", with: "- name: \(summaryActor) (as the analyst has it)\n")
                let claim = try #require(dossier.sources.first { $0.raw.id == draft.id }?.summary.claims.first?.text)
                let quote = claim.split(separator: " ").prefix(5).map(String.init).joined(separator: " ")
                text = text.replacingOccurrences(of: "annotations: []\n", with: "annotations:\n- quote: \"\(quote)\"\n  note: \"Checked against the ministry's figures.\"\n")
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: draft.path).deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: draft.path))
            }),
            ("two actors merged in the actor registry", {
                let other = try #require(dossier.actors.first { $0.name != actor.name })
                try Data("actors:\n  - name: \"\(actor.name)\"\n    aliases: [\"\(other.name)\"]\n".utf8)
                    .write(to: project.corpus.appendingPathComponent("actors.yml"))
            }),
            ("a source removed", { try FileManager.default.removeItem(at: sources[2]) }),
        ]
        for (name, edit) in edits {
            try edit()
            let rebuild = try project.build(checking: checking)
            #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [], "after \(name), differing from a clean build")
            #expect(rebuild.reused < rebuild.pages, "after \(name), some page changed")
            if checking {
                #expect(rebuild.skipped == 0)
            } else {
                #expect(rebuild.skipped > 0, "after \(name), pages whose inputs are unchanged are not built")
            }
        }
    }

    @Test func editingASummaryFileOrATemplateShowsInTheRebuild() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try project.build()
        // The analyst's summary: `extract` drafts it, the analyst retitles the source.
        let analysis = try BuildPipeline(options: project.options(into: project.out)).analyse(draftingSummaries: true)
        let draft = try #require(analysis.summaries.first)
        let text = draft.text
        let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title:") })
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: draft.path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.replacingOccurrences(of: String(title), with: "title: \"A title the analyst chose\"").utf8).write(to: URL(fileURLWithPath: draft.path))
        let afterSummary = try project.build()
        #expect(afterSummary.reusedSources == afterSummary.sources, "a summary edit needs no new extraction")
        var site = try snapshot(project.out)
        #expect(site.values.contains { String(decoding: $0, as: UTF8.self).contains("A title the analyst chose") })
        var clean = try project.cleanBuild()
        #expect(site == clean, "differing from a clean build: \(Self.differing(site, clean))")

        let layout = project.templates.appendingPathComponent("layout.mustache")
        try project.append("<!-- edited by the analyst -->\n", to: layout)
        let afterTemplate = try project.build()
        #expect(afterTemplate.reused == 0, "a template edit renders every page again")
        site = try snapshot(project.out)
        clean = try project.cleanBuild()
        #expect(site == clean, "differing from a clean build: \(Self.differing(site, clean))")
        #expect(String(decoding: try #require(site["index.html"]), as: UTF8.self).contains("edited by the analyst"))
    }

    /// After a template edit, a page whose content is unchanged gets the new layout around the content
    /// its previous HTML file holds, its Markdown neither built nor rendered again. The site must be
    /// the one a clean build gives: also with a source changed in the same rebuild, with a page edited
    /// by hand, and when the templates stop or start placing the content as it is.
    @Test func aTemplateEditPutsTheNewLayoutAroundEachPagesContent() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let pages = try project.build(checking: false).pages
        let footer = project.templates.appendingPathComponent("partials/footer.mustache")
        let pageTemplate = project.templates.appendingPathComponent("page.mustache")
        let placed = try String(contentsOf: pageTemplate, encoding: .utf8)
        let handEdited = project.out.appendingPathComponent("index.html")
        var round = 0
        func editFooter() throws {
            round += 1
            try project.append("<!-- footer edit \(round) -->\n", to: footer)
        }
        let edits: [(name: String, relaid: (Int) -> Bool, edit: () throws -> Void)] = [
            ("the footer edited", { $0 == pages }, editFooter),
            ("the footer edited and a source changed", { $0 > 0 && $0 < pages }, {
                try editFooter()
                try project.append("\n\nThe delegations met again on 3 May 2025 in the capital.\n", to: try project.sources()[0])
            }),
            ("the footer edited and a page edited by hand to the same length", { $0 == pages - 1 }, {
                try editFooter()
                let html = try String(contentsOf: handEdited, encoding: .utf8)
                let place = try #require(html.range(of: "<main id=\"main\">\n")).upperBound
                try Data(html.replacingCharacters(in: place..<html.index(after: place), with: "X").utf8).write(to: handEdited)
            }),
            ("the content escaped: every page rendered whole", { $0 == 0 }, {
                try Data(placed.replacingOccurrences(of: "{{{content}}}", with: "{{content}}").utf8).write(to: pageTemplate)
            }),
            ("the content placed as it is again, after a build that did not know its place", { $0 == 0 }, {
                try Data(placed.utf8).write(to: pageTemplate)
            }),
            ("the footer edited once more", { $0 == pages }, editFooter),
        ]
        for (name, relaid, edit) in edits {
            try edit()
            let rebuild = try project.build(checking: false)
            #expect(relaid(rebuild.relaid), "after \(name): \(rebuild.relaid) of \(rebuild.pages) pages given the new layout")
            #expect(rebuild.reused == 0, "after \(name), every page has the new layout")
            #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [], "after \(name), differing from a clean build")
        }
        // Checking renders every page whole and stops at one whose new layout around its previous
        // content is not that page.
        try editFooter()
        let checked = try project.build(checking: true)
        #expect(checked.relaid == 0 && checked.reused == 0)
        #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [])
    }

    /// When only the templates changed (their texts or assets), nothing is analysed or built: every
    /// page gets the new layout around its previous content, the layout's own files (the not-found
    /// page, the assets) are made anew and the rest kept. The site is the one a clean build gives,
    /// the warnings are given again, and the next build has nothing to do.
    @Test func aChangeOfTemplatesAloneLaysOutThePreviousPagesWithoutAnAnalysis() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try Data().write(to: project.corpus.appendingPathComponent("empty.txt"))
        let first = try project.build(checking: false)
        let assets = project.templates.appendingPathComponent("assets")
        let edits: [(String, () throws -> Void)] = [
            ("the layout edited", { try project.append("<!-- edited by the analyst -->\n", to: project.templates.appendingPathComponent("layout.mustache")) }),
            ("a page kind given its own template", {
                try Data("{{< layout}}{{$main}}<p class=\"lede\">{{page.title}}</p>{{{content}}}{{/main}}{{/layout}}\n".utf8)
                    .write(to: project.templates.appendingPathComponent("source.mustache"))
            }),
            ("an asset added", { try Data("body { margin: 0 }\n".utf8).write(to: assets.appendingPathComponent("extra.css")) }),
            ("an asset removed", { try FileManager.default.removeItem(at: assets.appendingPathComponent("extra.css")) }),
        ]
        for (name, edit) in edits {
            try edit()
            let lines = LockedLines()
            var options = project.options(into: project.out)
            options.checkPageInputs = false
            let rebuild = try BuildPipeline(options: options, log: { lines.append($0) }).run()
            #expect(rebuild.relaid == first.pages && rebuild.pages == first.pages && !rebuild.upToDate, "after \(name)")
            #expect(!lines.all.contains { $0.contains("] clean") || $0.contains("] pages") }, "after \(name), nothing analysed or built: \(lines.all)")
            #expect(rebuild.warnings == first.warnings, "after \(name), the warnings are given again")
            #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [], "after \(name), differing from a clean build")
            #expect(try project.build(checking: false).upToDate, "after \(name), a second build has nothing to do")
        }
        // A source changed with the templates: a build in full, that still gives the new layout.
        try project.append("<!-- once more -->\n", to: project.templates.appendingPathComponent("layout.mustache"))
        try project.append("\n\nThe delegations met again on 3 May 2025 in the capital.\n", to: try project.sources()[0])
        let full = try project.build(checking: false)
        #expect(full.reusedSources == full.sources - 1)
        #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [])
    }

    /// Log lines gathered from the build's threads.
    final class LockedLines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// With a summary file for every source, a rebuild merges again only the files that changed or
    /// whose source's extraction did (`SummaryCache`), and the site is still the one a clean build gives.
    @Test func aSummaryFileIsMergedAgainOnlyWhenItOrItsSourceChanged() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        let drafted = try BuildPipeline(options: project.options(into: project.out)).analyse(draftingSummaries: true)
        let store = SummaryStore(corpus: project.corpus.path)
        for outcome in drafted.summaries { try store.write(outcome.text, id: outcome.id) }
        let count = drafted.summaries.count
        #expect(count == drafted.dossier.sources.count && count >= 3)
        #expect(try project.build(checking: false).reusedSummaries == 0)
        let sources = try project.sources()
        let ids = drafted.dossier.sources.map(\.raw.id)
        let entry = project.out.appendingPathComponent(SummaryCache.path(for: ids[2]))
        let edits: [(name: String, reused: Int, edit: () throws -> Void)] = [
            ("a source changed", count - 1, { try project.append("\n\nThe talks resumed on 3 May 2025, officials said.\n", to: sources[0]) }),
            ("a summary file retitled", count - 1, {
                let text = try #require(store.read(ids[1]))
                let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title:") })
                try store.write(text.replacingOccurrences(of: String(title), with: "title: \"A title the analyst chose\""), id: ids[1])
            }),
            ("a cache entry damaged, and a source changed", count - 2, {
                var bytes = [UInt8](try Data(contentsOf: entry))
                bytes[bytes.count / 2] ^= 0x20
                try Data(bytes).write(to: entry)
                try project.append("\n\nA second sentence was added on 4 May 2025.\n", to: sources[0])
            }),
        ]
        for (name, reused, edit) in edits {
            try edit()
            let rebuild = try project.build(checking: false)
            #expect(rebuild.reusedSummaries == reused, "after \(name)")
            let site = try snapshot(project.out)
            #expect(Self.differing(site, try project.cleanBuild()) == [], "after \(name), differing from a clean build")
            if name.contains("retitled") {
                #expect(site.values.contains { String(decoding: $0, as: UTF8.self).contains("A title the analyst chose") })
            }
        }
    }

    @Test func aDamagedCacheIsRebuiltNotTrusted() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        try project.build()
        let cache = project.out.appendingPathComponent(BuildCache.folder)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.appendingPathComponent("sources").path).sorted()
        try #require(entries.count >= 3)
        // One entry cut short, one replaced by another source's entry, one with a letter of its
        // text changed (every length still right), the page manifest garbled.
        let first = cache.appendingPathComponent("sources/" + entries[0])
        let data = try Data(contentsOf: first)
        try data.prefix(data.count / 2).write(to: first)
        try FileManager.default.removeItem(at: cache.appendingPathComponent("sources/" + entries[1]))
        try FileManager.default.copyItem(at: cache.appendingPathComponent("sources/" + entries[2]), to: cache.appendingPathComponent("sources/" + entries[1]))
        let third = cache.appendingPathComponent("sources/" + entries[2])
        var letters = try Data(contentsOf: third)
        let word = try #require(letters.firstRange(of: Data(" the ".utf8)))
        letters[word.lowerBound + 1] = UInt8(ascii: "T")
        try letters.write(to: third)
        let manifest = cache.appendingPathComponent("pages.tsv")
        try Data(String(decoding: try Data(contentsOf: manifest), as: UTF8.self).replacingOccurrences(of: "\t", with: " ").utf8).write(to: manifest)
        let rebuild = try project.build()
        #expect(rebuild.reusedSources == rebuild.sources - 3, "the three damaged entries are not used")
        #expect(rebuild.reused == 0, "a manifest that does not parse is not used")
        let site = try snapshot(project.out)
        let clean = try project.cleanBuild()
        #expect(site == clean, "differing from a clean build: \(Self.differing(site, clean))")
        // A page file changed by hand since the build is written again, not linked.
        let page = project.out.appendingPathComponent("timeline.html")
        try Data("tampered".utf8).write(to: page)
        try project.build()
        #expect(try snapshot(project.out) == clean)
    }

    /// Files unchanged since the last build are not read again (`CorpusReader.FileRecord`): a
    /// source whose cache entry is gone is read after all and cleaned; one edited is read; and
    /// the site is what a clean build writes.
    @Test func aSourceNotReadAgainIsReadWhenItMustBeCleaned() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        // Sources written an hour ago: the build records them (one written a moment ago it reads every time).
        for file in try project.sources() {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: file.path)
        }
        try project.build()
        let records = CorpusRecords.load(site: project.out.path)
        #expect(records.count == (try project.sources()).count, "every source is recorded")
        let sources = try project.sources()
        let entry = project.out.appendingPathComponent(SourceCache.path(for: CorpusReader.id(for: sources[0].lastPathComponent)))
        try FileManager.default.removeItem(at: entry)
        try project.append("\n\nThe delegations agreed on Friday to meet again in the spring, officials said.\n", to: sources[1])
        let rebuild = try project.build()
        #expect(rebuild.reusedSources == rebuild.sources - 2)
        #expect(Self.differing(try snapshot(project.out), try project.cleanBuild()) == [], "differing from a clean build")
        #expect(FileManager.default.fileExists(atPath: entry.path), "the source read again has its entry again")
    }

    /// Whether a capitalised word is a name depends on whether the corpus writes it in lowercase
    /// anywhere: a new source can change how an unchanged one reads. The cached extraction of
    /// the unchanged source must not survive that.
    @Test func aCachedExtractionIsRedoneWhenTheCorpusChangesHowItReads() throws {
        let project = try Project()
        defer { try? FileManager.default.removeItem(at: project.root) }
        for file in try project.sources() { try FileManager.default.removeItem(at: file) }
        let article = """
            Harbour talks resume after a pause

            Published: March 3, 2025

            Officials in the port city said on Monday that talks on the harbour would resume next week after a pause of several months.

            Tamsin Marlow said the talks had been constructive and that both sides wanted an agreement before the summer.

            Marlow later told reporters that the harbour authority would publish its proposals on Friday.

            """
        try Data(article.utf8).write(to: project.corpus.appendingPathComponent("harbour.txt"))
        let other = """
            Rivers rise across the valley

            Published: March 4, 2025

            Farmers in the valley watched the rivers rise on Tuesday as the rain continued for a third day.

            The water reached the marlow fields by the evening, and the council opened two shelters in the town hall.

            """
        func actors() throws -> [String] {
            let analysis = try BuildPipeline(options: project.options(into: project.out, cache: false)).analyse()
            return try #require(analysis.dossier.sources.first { $0.raw.id == "harbour" }).summary.actors.map(\.name)
        }
        let alone = try actors()
        try project.build()
        try Data(other.utf8).write(to: project.corpus.appendingPathComponent("valley.txt"))
        let beside = try actors()
        try #require(alone != beside, "the fixture must show the effect: the second source's lowercase word changes the first's actors")
        let rebuild = try project.build()
        #expect(rebuild.reusedSources == 0, "the first source's cached extraction asked about that word: it is extracted again")
        let site = try snapshot(project.out)
        let clean = try project.cleanBuild()
        #expect(site == clean, "differing from a clean build: \(Self.differing(site, clean))")
    }
}
