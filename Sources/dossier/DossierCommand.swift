import ArgumentParser
import DossierCore
import Foundation

@main
struct DossierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Build annotated briefing dossiers: sources in, a cross-linked static site out.",
        subcommands: [BuildCommand.self, ExtractCommand.self]
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

    func run() throws {
        let quiet = self.quiet
        let options = BuildOptions(corpus: corpusOptions.corpus, output: out, templates: templates, config: corpusOptions.config)
        let pipeline = BuildPipeline(options: options) { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        do {
            let report = try pipeline.run()
            if !quiet {
                print("Built \(report.sources) sources, \(report.actors) actors, \(report.pages) pages into \(out)/ in \(String(format: "%.2f", report.seconds)) s")
            }
        } catch {
            fail(error)
        }
    }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extract", abstract: "Extract summaries from the corpus.")

    @OptionGroup var corpusOptions: CorpusOptions

    @Flag(help: "Print the summaries of the whole corpus as one JSON document and write no file.")
    var json = false

    func run() throws {
        guard json else {
            fail(DossierError("writing summary files is not available yet", hint: "use `dossier extract --json`"))
        }
        let pipeline = BuildPipeline(options: BuildOptions(corpus: corpusOptions.corpus, config: corpusOptions.config))
        do {
            let dossier = try pipeline.analyse().dossier
            FileHandle.standardOutput.write(try ExtractionJSON.encode(dossier))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } catch {
            fail(error)
        }
    }
}
