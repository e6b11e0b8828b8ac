import Foundation
import Testing
import DossierCore

/// `dossier build` killed outright (SIGKILL, no chance to clean up) at moments spread over
/// a whole build: the output folder is one complete site, the previous or the new, or, when
/// the build was killed while putting its files in place, a site whose update's journal is left
/// and which is the new site once that is finished (as any later command does first). The next
/// build succeeds, is byte-identical to a clean one and removes what the killed builds left
/// behind. Serialized: the kill moments are fractions of a build's measured length, which
/// other builds running beside would stretch.
@Suite(.serialized) struct InterruptedBuildTests {
    /// The seeds twice over (10 sources, with the search index: a build of 1–2 s in a debug
    /// build on a quiet machine). Version 2 adds a paragraph to one source, so the two sites differ.
    static func makeCorpus(at folder: URL, version: Int) throws {
        let seeds = repositoryRoot.appendingPathComponent("seeds")
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }.sorted()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for copy in 1...2 {
            for name in names {
                var text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
                if version == 2 && copy == 1 && name == names[0] {
                    text += "\n\nA second version adds this paragraph: the ministers met again in Warsaw on Friday.\n"
                }
                try Data(text.utf8).write(to: folder.appendingPathComponent("copy\(copy)-\(name)"))
            }
        }
    }

    /// The first few paths that are in only one of two sites or differ between them.
    static func difference(_ one: [String: Data], _ other: [String: Data]) -> [String] {
        Array(Set(one.keys).union(other.keys).filter { one[$0] != other[$0] }.sorted().prefix(8))
    }

    struct Workspace {
        let root: URL
        var old: URL { root.appendingPathComponent("seeds-old") }
        var new: URL { root.appendingPathComponent("seeds-new") }
        var out: URL { root.appendingPathComponent("public") }
        /// A copy: the repository's templates may be edited while the test runs.
        var templates: URL { root.appendingPathComponent("templates") }

        init() throws {
            root = try temporaryFolder()
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: templates)
            try InterruptedBuildTests.makeCorpus(at: old, version: 1)
            try InterruptedBuildTests.makeCorpus(at: new, version: 2)
        }

        func arguments(_ corpus: URL, into out: URL) -> [String] {
            ["build", "--corpus", corpus.path, "--out", out.path, "--templates", templates.path,
             "--config", root.appendingPathComponent("dossier.yml").path]
        }

        /// A clean build of `corpus` into a folder of its own: the reference a site must equal, how
        /// long the build took and how long its steps with a staging folder (all but the templates) took.
        func reference(_ corpus: URL, name: String) throws -> (site: [String: Data], seconds: Double, write: Double) {
            let folder = root.appendingPathComponent(name)
            let run = try DossierRun.run(arguments(corpus, into: folder), in: root)
            try #require(run.status == 0, "\(run.errors)")
            // The staging folder exists from just after the templates step: it holds the source
            // cache from the extraction on, then the pages, until the swap.
            let milliseconds = run.errors.split(separator: "\n")
                .filter { line in line.hasPrefix("[") && !line.contains("] templates (") }
                .compactMap { line in line.split(separator: "(").last?.split(separator: " ").first.flatMap { Double($0) } }
                .reduce(0, +)
            return (try snapshot(folder), run.seconds, milliseconds / 1000)
        }

        /// Staging folders (`.public.building-…`) and anything else a build may leave beside the output.
        func strayEntries(besides expected: Set<String>) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !expected.contains($0) }.sorted()
        }
    }

    @Test func aKilledBuildLeavesThePreviousOrTheNewSiteAndTheNextBuildIsClean() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let old = try workspace.reference(workspace.old, name: "reference-old")
        let new = try workspace.reference(workspace.new, name: "reference-new")
        try #require(old.site != new.site)
        let first = try DossierRun.run(workspace.arguments(workspace.old, into: workspace.out), in: workspace.root)
        try #require(first.status == 0 && (try snapshot(workspace.out)) == old.site)

        // Moments counted from the start (early ones, then the middle of a build), then moments
        // counted from when the build's staging folder appears, spread over its steps from there
        // (sources read, cleaned and extracted with their cache entries written, pages built,
        // rendered and written, feeds and search index written, the new files put in place over
        // the previous site) and past its end:
        // measured from the folder, the kills land there however loaded the machine is.
        enum Moment { case afterStart(Double), afterStaging(Double) }
        // Each build below switches the corpus over the previous site and its cache, reusing all
        // but one source: shorter than a clean build. Time one such build to place the kills.
        try FileManager.default.copyItem(at: workspace.out, to: workspace.root.appendingPathComponent("reference-cached"))
        let cached = try workspace.reference(workspace.new, name: "reference-cached")
        try #require(cached.site == new.site)
        let length = cached.seconds
        let write = max(cached.write, 0.2)
        let moments = [0.05, 0.15, 0.4, 0.5 * length].map(Moment.afterStart)
            + [0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.85, 0.95, 1.1].map { Moment.afterStaging($0 * write) }
        var current = old.site
        var killed = 0, replaced = 0
        var log: [String] = []
        for (index, moment) in moments.enumerated() {
            // Alternate the corpus, so that each build has a different site to replace.
            let (corpus, target) = current == old.site ? (workspace.new, new.site) : (workspace.old, old.site)
            let started = try DossierRun.start(workspace.arguments(corpus, into: workspace.out), in: workspace.root)
            let when: String
            switch moment {
            case .afterStart(let delay):
                Thread.sleep(forTimeInterval: delay)
                when = "\(Int(delay * 1000)) ms after the start"
            case .afterStaging(let delay):
                let staging = workspace.root.appendingPathComponent(".public.building-\(started.process.processIdentifier)").path
                while started.process.isRunning && !FileManager.default.fileExists(atPath: staging) { Thread.sleep(forTimeInterval: 0.002) }
                Thread.sleep(forTimeInterval: delay)
                when = "\(Int(delay * 1000)) ms after the staging folder appeared"
            }
            started.kill()
            let run = try started.finish(killAfter: 300)
            if run.status == 128 + SIGKILL { killed += 1 }
            var site = try snapshot(workspace.out)
            var state = site == current ? "previous site" : site == target ? "new site" : "NEITHER"
            if site != current && site != target {
                // Killed while its files were being put in place: the journal says what is left to do.
                let journal = workspace.root.appendingPathComponent(".public.building-\(started.process.processIdentifier)/.dossier-update")
                #expect(FileManager.default.fileExists(atPath: journal.path), "killed \(when), public/ is a mix with no journal to finish it")
                try SiteWriter(output: workspace.out.path).finishInterruptedBuilds()
                site = try snapshot(workspace.out)
                state = site == target ? "new site once its interrupted update was finished" : "NEITHER, even with its update finished"
            }
            log.append("kill \(index + 1), \(when): exit \(run.status), \(state)")
            #expect(site == current || site == target, "killed \(when), public/ is neither complete site: \(Self.difference(site, current))")
            if site == target && site != current { replaced += 1; current = target }
        }
        print("Interrupted builds (a build over the previous site takes \(Int(length * 1000)) ms, its staged steps \(Int(write * 1000)) ms; "
              + "\(killed) killed, \(replaced) left the new site):\n  " + log.joined(separator: "\n  "))
        #expect(killed >= 7, "most kills must land inside a build, or the test shows nothing: \(log)")

        let next = try DossierRun.run(workspace.arguments(workspace.new, into: workspace.out), in: workspace.root)
        #expect(next.status == 0, "\(next.errors)")
        let rebuilt = try snapshot(workspace.out)
        #expect(rebuilt == new.site, "the next build is byte-identical to a clean one; differing: \(Self.difference(rebuilt, new.site))")
        // A search indexer orphaned by a kill would go on writing into its staging folder.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try workspace.strayEntries(besides: ["public", "reference-cached", "reference-new", "reference-old", "seeds-new", "seeds-old", "templates"]) == [],
                "staging folders of killed builds are removed")
    }

    /// Two builds of the same site at once (`dossier serve` rebuilding while the analyst runs
    /// `dossier build`): neither removes the other's staging folder, both finish, one complete site.
    @Test func twoBuildsAtOnceBothFinish() throws {
        let workspace = try Workspace()
        defer { try? FileManager.default.removeItem(at: workspace.root) }
        let new = try workspace.reference(workspace.new, name: "reference-new")
        for stagger in [0.2, 0.5] {
            let first = try DossierRun.start(workspace.arguments(workspace.new, into: workspace.out), in: workspace.root)
            Thread.sleep(forTimeInterval: stagger * new.seconds)
            let second = try DossierRun.run(workspace.arguments(workspace.new, into: workspace.out), in: workspace.root)
            let firstRun = try first.finish(killAfter: 300)
            #expect(firstRun.status == 0, "\(firstRun.errors)")
            #expect(second.status == 0, "\(second.errors)")
            #expect(try snapshot(workspace.out) == new.site)
            #expect(try workspace.strayEntries(besides: ["public", "reference-new", "seeds-new", "seeds-old", "templates"]) == [])
        }
    }
}
