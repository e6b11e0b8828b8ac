import DossierCore
import FuzzSupport

// The extractor: a cleaned source → its summary. What it finds must point into the source
// (paragraph numbers, dates that exist), and the summary file `dossier extract` drafts from it
// must read back as the same summary with nothing taken for an analyst's edit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let (format, body) = FuzzInput.formatAndBody(Array(UnsafeRawBufferPointer(start: start, count: count))),
          let source = FuzzInput.source(body, format: format) else { return 0 }
    let clean = SourceCleaner().clean(source)
    let summary = Extractor().extract(clean, raw: source).summary

    let paragraphs = 1...max(1, clean.paragraphs.count)
    Oracle.check(summary.id == source.id && summary.file == source.file, "summary of `\(summary.id)` for `\(source.id)`")
    for quote in summary.quotes { Oracle.check(paragraphs.contains(quote.paragraph), "quote in paragraph \(quote.paragraph)") }
    for claim in summary.claims { Oracle.check(paragraphs.contains(claim.paragraph), "claim in paragraph \(claim.paragraph)") }
    for event in summary.events {
        Oracle.check(paragraphs.contains(event.paragraph), "event in paragraph \(event.paragraph)")
        Oracle.check(isDate(event.date), "event dated \(String(reflecting: event.date)) (from \(String(reflecting: event.phrase)))")
    }
    if let published = summary.published { Oracle.check(isDate(published), "published \(String(reflecting: published))") }
    for actor in summary.actors {
        Oracle.check(!actor.name.isEmpty && actor.mentions >= 1, "actor `\(actor.name)` with \(actor.mentions) mentions")
        Oracle.check(actor.paragraphs.allSatisfy(paragraphs.contains), "actor `\(actor.name)` in paragraphs \(actor.paragraphs)")
    }

    // The drafted summary file, read back and merged again, is the same summary and no edit.
    let path = "summaries/\(source.id).md"
    do {
        let draft = try SummaryMerge().merge(fresh: summary, existing: nil, path: path)
        let text = try draft.file.text()
        let reread = try SummaryFile.parse(text, path: path)
        let again = try SummaryMerge().merge(fresh: summary, existing: reread, path: path)
        Oracle.check(again.conflicts.isEmpty && again.keptEdits.isEmpty, "the untouched draft reads as edited: \(again.keptEdits)\n\(text)")
        Oracle.check(again.summary == draft.summary, "the draft reads back as another summary:\n\(text)\n\(draft.summary)\n\(again.summary)")
        let rewritten = try again.file.text()
        Oracle.check(rewritten == text, "a second extraction rewrites the untouched draft:\n\(text)\n---\n\(rewritten)")
    } catch {
        Oracle.fail("drafting the summary file failed: \(error)")
    }
    return 0
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Tolerated: a year of fewer digits (a stated date of year
/// 0261 is written `261-06-30`) and a day the month does not have (a source's "2023-02-31" is kept).
func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count), (1...4).contains(parts[0].count), parts[0].allSatisfy(\.isASCII), Int(parts[0]) != nil else { return false }
    if parts.count >= 2 { guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return false } }
    if parts.count == 3 { guard parts[2].count == 2, let day = Int(parts[2]), (1...31).contains(day) else { return false } }
    return true
}
