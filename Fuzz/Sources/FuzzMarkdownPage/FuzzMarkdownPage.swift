import DossierCore
import FuzzSupport

// The Markdown page writer and its escaping, judged on the HTML a reader gets. The input is one
// or two sources and the first one's summary file, cut at `\n%%\n` lines:
// `source A [%% summary file of A [%% source B]]`, each source's first byte picking its format.
// Every page of the dossier they make is rendered, and neither the page nor its pictures (the
// actor network's SVG) may hold a tag or attribute the page builders do not write, or a link to
// a scheme other than http(s) and mailto, whatever the sources and the analyst's file say. Each
// line of source A, escaped as Markdown text, must read as itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let parts = FuzzInput.parts(Array(UnsafeRawBufferPointer(start: start, count: count)))
    var inputs: [DossierAssembler.Input] = []
    for (index, name) in [(0, "a"), (2, "b")] where index < parts.count {
        guard let (format, body) = FuzzInput.formatAndBody(parts[index]), let raw = FuzzInput.source(body, format: format, name: name) else { continue }
        let clean = SourceCleaner().clean(raw)
        inputs.append(DossierAssembler.Input(raw: raw, clean: clean, extraction: Extractor().extract(clean, raw: raw)))
    }
    guard !inputs.isEmpty else { return 0 }

    for line in inputs[0].raw.text.split(separator: "\n").prefix(40) {
        if let problem = EscapeOracle.problem(with: String(line)) { Oracle.fail("escaping: \(problem)") }
    }

    // The analyst's file for source A, merged the way `dossier build` merges it.
    if parts.count > 1, inputs[0].raw.id == "a", let text = FuzzInput.summaryText(parts[1]),
       let file = try? SummaryFile.parse(text, path: "summaries/a.md"),
       let merged = try? SummaryMerge().merge(fresh: inputs[0].extraction.summary, existing: file, path: "summaries/a.md") {
        inputs[0].extraction.summary = merged.summary
        inputs[0].annotations = merged.file.annotations
        inputs[0].notes = merged.file.notes
    }

    let dossier: Dossier
    do {
        dossier = try DossierAssembler().assemble(inputs, config: DossierConfig())
    } catch {
        Oracle.fail("assembling sources `a` and `b` threw \(error)")  // only sources sharing a page name may
    }
    let renderer = MarkdownRenderer()
    let pages = SitePages(dossier: dossier)
    for number in 0..<pages.count {
        let page = pages.page(number)
        let html = renderer.html(from: page.markdown)
        if let problem = HTMLOracle.problem(in: html) {
            Oracle.fail("page \(page.path): \(problem)\n--- Markdown:\n\(page.markdown)")
        }
        for (name, picture) in page.pictures {
            if let problem = HTMLOracle.problem(inSVG: picture) { Oracle.fail("picture \(name) of page \(page.path): \(problem)") }
        }
    }
    return 0
}
