import DossierCore
import FuzzSupport

// The summary-file reader: an analyst's file, as edited by hand. A file that does not parse is
// a DossierError with its place (anything else thrown is a finding too); a file that parses is
// written back and read again as the same file, and merges with an extraction.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let text = FuzzInput.summaryText(Array(UnsafeRawBufferPointer(start: start, count: count))) else { return 0 }
    let path = "summaries/fuzz.md"
    let fresh = SourceSummary(id: "fuzz", file: "fuzz.txt", title: "A title")
    let file: SummaryFile
    do {
        file = try SummaryFile.parse(text, path: path)
    } catch is DossierError {
        return 0
    } catch {
        Oracle.fail("parse threw \(type(of: error)), not a DossierError: \(error)")
    }
    do {
        let written = try file.text()
        let reread = try SummaryFile.parse(written, path: path)
        Oracle.check(reread.source == file.source, "source \(String(reflecting: file.source)) reads back as \(String(reflecting: reread.source))")
        Oracle.check(reread.extracted == file.extracted.filter { extractedFields.contains($0.key) },
                     "extracted \(file.extracted) reads back as \(reread.extracted)")
        Oracle.check(reread.annotations.map(\.withoutLine) == file.annotations.map(\.withoutLine),
                     "annotations \(file.annotations) read back as \(reread.annotations)\n\(written)")
        // Known defect, tolerated: `parse` turns "\r\n" into "\n" on every read, so notes holding
        // "\r\r\n" lose a carriage return each time the file is written and read again.
        let notes = withoutCR(file.notes.isEmpty ? "<!-- Your notes on this source, in Markdown. -->" : file.notes)
        Oracle.check(withoutCR(reread.notes) == notes, "notes \(String(reflecting: file.notes)) read back as \(String(reflecting: reread.notes))")
        let rewritten = try reread.text()
        Oracle.check(withoutCR(rewritten) == withoutCR(written),
                     "writing the file twice gives two texts: \(String(reflecting: written)) and \(String(reflecting: rewritten))")
    } catch {
        Oracle.fail("a file that parsed did not write and read back: \(error)")
    }
    // Merged with an extraction, as `dossier build` does; a field of the wrong shape is a DossierError.
    do {
        let merged = try SummaryMerge().merge(fresh: fresh, existing: file, path: path)
        _ = try SummaryFile.parse(try merged.file.text(), path: path)
    } catch is DossierError {
    } catch {
        Oracle.fail("merging threw \(type(of: error)), not a DossierError: \(error)")
    }
    return 0
}

/// The fields a summary file fingerprints (those of a fresh draft): fingerprints of other names are dropped.
let extractedFields = Set(try! SummaryMerge().merge(fresh: SourceSummary(id: "a", file: "a.txt", title: "A"), existing: nil, path: "a.md").file.extracted.keys)

func withoutCR(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" }))
}

extension Annotation {
    var withoutLine: Annotation {
        var copy = self
        copy.line = nil
        return copy
    }
}
