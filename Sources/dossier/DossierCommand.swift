import ArgumentParser
import DossierCore
import DossierServer
import Foundation

@main
struct DossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Build annotated briefing dossiers: sources in, a cross-linked static site out.",
        subcommands: [BuildCommand.self, ExtractCommand.self, CheckCommand.self, PublishCommand.self, ServeCommand.self]
    )
}

/// Prints a `DossierError` the way compilers do and exits non-zero.
func fail(_ error: Error) -> Never {
    let text = (error as? DossierError)?.description ?? "error: \(error)"
    FileHandle.standardError.write(Data(("dossier: " + text + "\n").utf8))
    Foundation.exit(1)
}

struct CorpusOptions: ParsableArguments {
    @Option(help: "The folder of sources.")
    var corpus = "seeds"

    @Option(help: "The configuration file.")
    var config = "dossier.yml"
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Build the site from the corpus, summaries and templates.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Where the site is written.")
    var out = "public"

    @Option(help: "The templates folder.")
    var templates = "templates"

    @Flag(help: "Print only errors.")
    var quiet = false

    @Option(name: .customLong("base-url"), help: "The address the site is published under (overrides base_url in dossier.yml).")
    var baseURL: String?

    @Flag(help: "Do not build the search index.")
    var noSearch = false

    @Flag(help: "Build everything afresh, ignoring what the previous build cached in the output folder.")
    var noCache = false

    // For checking the program, not for analysts: see BuildOptions.checkPageInputs.
    @Flag(help: .hidden)
    var checkPageInputs = false

    func run() throws {
        let quiet = self.quiet
        var options = BuildOptions(corpus: corpusOptions.corpus, output: out, templates: templates, config: corpusOptions.config,
                                   baseURL: baseURL)
        options.search = !noSearch
        options.cache = !noCache
        options.checkPageInputs = checkPageInputs
        let status = StatusLine(quiet: quiet)
        let pipeline = BuildPipeline(options: options, log: status.line, progress: status.progress)
        do {
            let report = try pipeline.run()
            if !quiet && report.upToDate {
                print("Up to date: \(out)/ already holds the \(report.pages) pages of \(report.sources) sources and \(report.actors) actors, "
                      + "and nothing they are built from has changed (checked in \(String(format: "%.2f", report.seconds)) s)")
            } else if !quiet {
                let unchanged = report.reused + report.reusedSources > 0
                    ? " (\(report.reusedSources) sources and \(report.reused) pages unchanged since the last build)" : ""
                print("Built \(report.sources) sources, \(report.actors) actors, \(report.pages) pages into \(out)/ in \(String(format: "%.2f", report.seconds)) s\(unchanged)")
            }
        } catch {
            fail(error)
        }
    }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Draft or refresh the summary files in CORPUS/summaries/, keeping every edit the analyst made.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Flag(help: "Print the summaries of the whole corpus as one JSON document and write no file.")
    var json = false

    func run() throws {
        let pipeline = BuildPipeline(options: BuildOptions(corpus: corpusOptions.corpus, config: corpusOptions.config))
        do {
            if json {
                let dossier = try pipeline.analyse().dossier
                FileHandle.standardOutput.write(try ExtractionJSON.encode(dossier))
                FileHandle.standardOutput.write(Data("\n".utf8))
                return
            }
            let analysis = try pipeline.analyse(strictSummaries: false, draftingSummaries: true)
            let store = SummaryStore(corpus: corpusOptions.corpus)
            var created = 0, updated = 0, unchanged = 0
            for outcome in analysis.summaries {
                for conflict in outcome.conflicts { print("conflict: \(conflict)") }
                if outcome.unchanged { unchanged += 1; continue }
                try store.write(outcome.text, id: outcome.id)
                if outcome.created { created += 1 } else { updated += 1 }
            }
            let registry = URL(fileURLWithPath: corpusOptions.corpus).appendingPathComponent(ActorRegistryFile.fileName)
            if !FileManager.default.fileExists(atPath: registry.path) {
                try Data(ActorRegistryProposal.text(for: analysis.dossier).utf8).write(to: registry)
                print("Proposed an actor registry in \(registry.path): review it and uncomment what you confirm.")
            }
            for warning in analysis.warnings { FileHandle.standardError.write(Data((warning.description + "\n").utf8)) }
            for error in analysis.summaryErrors {
                FileHandle.standardError.write(Data(("dossier: " + error.description + "\n  (left as it is; fix it and run extract again)\n").utf8))
            }
            let kept = analysis.summaries.reduce(0) { $0 + $1.keptEdits.count }
            let conflicts = analysis.summaries.reduce(0) { $0 + $1.conflicts.count }
            print("Summaries in \(store.folder.path): \(created) created, \(updated) updated, \(unchanged) unchanged; "
                  + "\(kept) edited field\(kept == 1 ? "" : "s") kept, \(conflicts) conflict\(conflicts == 1 ? "" : "s"), "
                  + "\(analysis.summaryErrors.count) malformed")
            if !analysis.summaryErrors.isEmpty { Foundation.exit(1) }
        } catch {
            fail(error)
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check links and anchors of the built site, summary files and annotations; exit non-zero on any problem.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "The built site to check.")
    var out = "public"

    func run() throws {
        do {
            let problems = try SiteCheck(options: BuildOptions(corpus: corpusOptions.corpus, output: out, config: corpusOptions.config)).run()
            for problem in problems { print(problem) }
            print(problems.isEmpty ? "No problems found." : "\(problems.count) problem\(problems.count == 1 ? "" : "s") found.")
            if !problems.isEmpty { Foundation.exit(1) }
        } catch {
            fail(error)
        }
    }
}

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Build the site, then commit it to a git branch (static host style) or synchronise a folder with it.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "A git repository (URL or path; default branch gh-pages) or a folder. Default: publish.to in dossier.yml.")
    var to: String?

    @Option(help: "The branch of a git destination. Default: publish.branch in dossier.yml, else gh-pages.")
    var branch: String?

    @Flag(help: "List what would be added, changed and removed, and change nothing.")
    var dryRun = false

    @Option(help: "Where the site is built before it is published.")
    var out = "public"

    @Option(help: "The templates folder.")
    var templates = "templates"

    @Flag(help: "Print only the result and errors.")
    var quiet = false

    func run() throws {
        let quiet = self.quiet
        let build = BuildOptions(corpus: corpusOptions.corpus, output: out, templates: templates, config: corpusOptions.config)
        let publisher = Publisher(options: PublishOptions(build: build, to: to, branch: branch, dryRun: dryRun)) { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        do {
            let report = try publisher.run()
            if report.dryRun {
                for line in report.plan.lines { print(line) }
                print("Dry run: nothing was published to \(report.destination).")
            } else if report.plan.isEmpty && report.commit == nil {
                print("Nothing changed: \(report.destination) already holds this site (\(report.plan.unchanged) files).")
            } else if let commit = report.commit {
                print("Published to \(report.destination): commit \(commit.prefix(12)), \(report.plan.summary).")
            } else {
                print("Published to \(report.destination): \(report.plan.summary).")
            }
        } catch {
            fail(error)
        }
    }
}

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site, serve it on 127.0.0.1, rebuild when an input changes and reload open pages.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Where the site is written and served from.")
    var out = "public"

    @Option(help: "The templates folder.")
    var templates = "templates"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8000

    @Option(help: "The address to listen on. Only loopback by default; 0.0.0.0 shows the preview to the whole network.")
    var host = "127.0.0.1"

    func run() throws {
        let build = BuildOptions(corpus: corpusOptions.corpus, output: out, templates: templates, config: corpusOptions.config)
        let server = PreviewServer(options: ServeOptions(build: build, host: host, port: port, handlesSignals: true)) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        do {
            try server.runUntilStopped()
        } catch {
            fail(error)
        }
    }
}
