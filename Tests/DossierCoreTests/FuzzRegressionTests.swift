import Testing
@testable import DossierCore

/// Inputs that crashed a fuzz target (scripts/fuzz.sh), kept so that the crash stays fixed.
@Suite struct FuzzRegressionTests {
    /// FuzzSummaryFile: a front matter closed on the line after `---` ("---\n---") made
    /// `SummaryFile.parse` slice the text backwards (a range with lowerBound > upperBound) and trap.
    @Test(arguments: ["---\n---\n", "---\n---", "---\n---\nnotes\n", "---\n---\n---\n"])
    func anEmptyFrontMatterIsAnErrorNotACrash(_ text: String) {
        let error = #expect(throws: DossierError.self) { try SummaryFile.parse(text, path: "summaries/a.md") }
        #expect(error?.description.contains("summaries/a.md") == true)
    }
}
