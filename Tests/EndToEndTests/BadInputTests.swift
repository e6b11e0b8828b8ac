import Foundation
import Testing
import DossierCore

/// A dossier project in a temporary folder: a corpus with one ordinary source, a
/// configuration and an output folder, built in process or by the real `dossier` binary.
/// Every bad input is made here, in the test, never committed as a fixture file.
struct HostileProject {
    let root: URL
    var templates = repositoryRoot.appendingPathComponent("templates")
    var corpus: URL { root.appendingPathComponent("seeds") }
    var out: URL { root.appendingPathComponent("public") }
    var config: URL { root.appendingPathComponent("dossier.yml") }

    static let article = """
    Ministers agree grain corridor after long talks

    Foreign Minister Anna Kowalczyk met her counterpart Tomas Berger in Warsaw on Monday to discuss the grain corridor.

    “We will not accept a deal that leaves farmers behind,” Kowalczyk said after the meeting.

    """

    init() throws {
        root = try temporaryFolder()
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try write("report.txt", Self.article)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes `text` (UTF-8) to `path` in the corpus.
    func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    func write(_ path: String, bytes: [UInt8]) throws {
        let url = corpus.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Uses a copy of the default templates, so that a test can break one of them.
    mutating func copyTemplates() throws {
        templates = root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: templates)
    }

    /// A build in this process, without the search index (it has its own tests).
    @discardableResult
    func build() throws -> BuildReport {
        var options = BuildOptions(corpus: corpus.path, output: out.path, templates: templates.path, config: config.path)
        options.search = false
        return try BuildPipeline(options: options).run()
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }

    var buildArguments: [String] {
        ["build", "--corpus", corpus.path, "--out", out.path, "--templates", templates.path, "--config", config.path]
    }

    /// Runs `dossier build` (the real binary) in the project's folder.
    func runBuild(_ extra: [String] = ["--no-search"]) throws -> DossierRun {
        try DossierRun.run(buildArguments + extra, in: root)
    }

    /// What is in the project folder beside the corpus: a killed or failed build leaves no staging folder.
    func folderEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    }
}

/// One run of the `dossier` binary built beside the test bundle. Its output goes to
/// files, not pipes: a pipe read interrupted by a signal is fatal in Foundation.
struct DossierRun {
    var status: Int32
    var output: String
    var errors: String
    var seconds: Double

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dossier")
    }

    /// Runs to the end, or is killed after `timeout` seconds (a hang is a failure, not a stuck suite).
    static func run(_ arguments: [String], in folder: URL, timeout: Double = 300) throws -> DossierRun {
        try start(arguments, in: folder).finish(killAfter: timeout)
    }

    static func start(_ arguments: [String], in folder: URL) throws -> Started {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-bad-input-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let outURL = logs.appendingPathComponent("out"), errURL = logs.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = out
        process.standardError = err
        let start = Date()
        try process.run()
        return Started(process: process, logs: logs, handles: [out, err], start: start)
    }

    struct Started {
        let process: Process
        let logs: URL
        let handles: [FileHandle]
        let start: Date

        /// SIGKILL: the build gets no chance to clean up.
        func kill() {
            if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        }

        func finish(killAfter timeout: Double) throws -> DossierRun {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            kill()
            process.waitUntilExit()
            let seconds = Date().timeIntervalSince(start)
            for handle in handles { try? handle.close() }
            defer { try? FileManager.default.removeItem(at: logs) }
            let output = String(decoding: try Data(contentsOf: logs.appendingPathComponent("out")), as: UTF8.self)
            let errors = String(decoding: try Data(contentsOf: logs.appendingPathComponent("err")), as: UTF8.self)
            let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            return DossierRun(status: status, output: output, errors: errors, seconds: seconds)
        }
    }
}

/// Bytes that are not text: a PNG signature, then NULs and noise (a fixed generator, so runs repeat).
func binaryNoise(count: Int) -> [UInt8] {
    var state: UInt32 = 2_463_534_242
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    while bytes.count < count {
        state ^= state << 13; state ^= state >> 17; state ^= state << 5
        bytes.append(UInt8(truncatingIfNeeded: state))
    }
    return bytes
}

/// Sentences of plain words, `count` paragraphs, each numbered so that it can be found in the page.
func generatedParagraphs(_ count: Int, wordsEach: Int = 40) -> [String] {
    let words = ["the", "minister", "said", "talks", "would", "resume", "while", "officials", "disputed", "figures",
                 "for", "grain", "exports", "across", "region", "after", "long", "negotiations", "on", "corridor"]
    return (0..<count).map { index in
        var sentence = "Paragraph\(index) "
        for position in 0..<wordsEach { sentence += words[(index * 7 + position * 3) % words.count] + (position % 12 == 11 ? ". " : " ") }
        return sentence + "ends here."
    }
}

@Suite struct BadInputTests {
    // MARK: Files that are not text

    @Test func emptyAndBinaryFilesAreSkippedWithAWarningNamingEach() throws {
        let project = try HostileProject()
        defer { project.remove() }
        try project.write("empty.txt", "")
        try project.write("blank.md", "  \n\t\n\r\n")
        try project.write("noise.txt", bytes: binaryNoise(count: 4096))
        try project.write("chart.html", bytes: binaryNoise(count: 64))
        let run = try project.runBuild()
        #expect(run.status == 0, "skipped files do not stop the build: \(run.errors)")
        for line in ["empty.txt: warning: empty file; skipped", "blank.md: warning: empty file; skipped",
                     "noise.txt: warning: not a text file; skipped", "chart.html: warning: not a text file; skipped"] {
            #expect(run.errors.contains(line), "missing `\(line)` in:\n\(run.errors)")
        }
        #expect(run.output.contains("Built 1 sources"))
        let sources = try FileManager.default.contentsOfDirectory(atPath: project.out.appendingPathComponent("sources").path)
        #expect(sources == ["report.html"])
    }

    // MARK: Encodings and line endings

    @Test func everyEncodingAndLineEndingKeepsItsWords() throws {
        let project = try HostileProject()
        defer { project.remove() }
        func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
            var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
            for unit in text.utf16 { bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            return bytes
        }
        let twoParagraphs = "Talks in Zürich resume\r\n\r\nOfficials in Genève said the corridor would open in April.\r\n"
        // "café" in Latin-1: 0xE9 is not UTF-8; the rest of the line must survive around it.
        try project.write("latin1.txt", bytes: Array("Latin one title\n\nThe caf".utf8) + [0xE9] + Array(" au lait was served in Warsaw.\n".utf8))
        try project.write("utf16le.txt", bytes: utf16(twoParagraphs, bigEndian: false))
        try project.write("utf16be.md", bytes: utf16(twoParagraphs, bigEndian: true))
        try project.write("bom.txt", bytes: [0xEF, 0xBB, 0xBF] + Array("Byte order mark title\n\nText after a byte order mark.\n".utf8))
        try project.write("crlf.txt", "Windows line endings title\r\n\r\nFirst paragraph in Kyiv.\r\n\r\nSecond paragraph in Kyiv.\r\n")
        try project.write("cr.txt", "Classic Mac title\r\rFirst paragraph in Paris.\r\rSecond paragraph in Paris.\r")
        let report = try project.build()
        #expect(report.sources == 7)

        #expect(try project.page("sources/latin1.html").contains("The caf\u{FFFD} au lait was served in Warsaw."))
        for page in ["sources/utf16le.html", "sources/utf16be.html"] {
            let html = try project.page(page)
            #expect(html.contains("Officials in Genève said the corridor would open in April."), "\(page)")
            #expect(html.contains("Zürich"), "\(page)")
        }
        #expect(try project.page("sources/bom.html").contains("Text after a byte order mark."))
        for (page, city) in [("sources/crlf.html", "Kyiv"), ("sources/cr.html", "Paris")] {
            let html = try project.page(page)
            #expect(html.contains("First paragraph in \(city).") && html.contains("Second paragraph in \(city)."), "\(page)")
            #expect(!html.contains("First paragraph in \(city). Second"), "\(page): line endings still separate paragraphs")
        }
        // No byte-order mark or carriage return reaches any page.
        for (path, data) in try snapshot(project.out) where path.hasSuffix(".html") || path.hasSuffix(".md") {
            #expect(!data.contains(13), "\(path) has a carriage return")
            #expect(!String(decoding: data, as: UTF8.self).contains("\u{FEFF}"), "\(path) has a byte-order mark")
        }
    }

    // MARK: Size

    /// The issue asks for a 20 MB source. The pipeline handles one source on one core at about
    /// 0.5 MB/s in a release build (20 MB: ~40 s) and ~0.15 MB/s in a debug build (20 MB: 2–4 min),
    /// linearly, so the suite uses 1 MB; DOSSIER_TEST_LARGE_MB=20 runs the full size.
    static var largeMegabytes: Int { Int(ProcessInfo.processInfo.environment["DOSSIER_TEST_LARGE_MB"] ?? "") ?? 1 }

    @Test func aLargeSourceIsReadWhole() throws {
        let project = try HostileProject()
        defer { project.remove() }
        let paragraph = generatedParagraphs(1).first!
        let count = Self.largeMegabytes * 1_048_576 / (paragraph.utf8.count + 2)
        let paragraphs = generatedParagraphs(count)
        let text = "A very long report\n\n" + paragraphs.joined(separator: "\n\n") + "\n"
        try project.write("large.txt", text)
        #expect(text.utf8.count >= Self.largeMegabytes * 1_000_000)
        try project.build()
        let html = try project.page("sources/large.html")
        #expect(html.contains("Paragraph0 ") && html.contains("Paragraph\(count - 1) "), "the first and the last paragraph are on the page")
        #expect(html.contains("id=\"p-\(count)\""), "every paragraph has its anchor")
    }

    @Test func aOneMegabyteLineIsKept() throws {
        let project = try HostileProject()
        defer { project.remove() }
        var line = "Start of the only line"
        let words = generatedParagraphs(1, wordsEach: 400).first!.replacingOccurrences(of: ". ", with: " ")
        while line.utf8.count < 1_048_576 { line += " " + words }
        line += " end of the only line"
        try project.write("one-line.txt", line)
        try project.build()
        let html = try project.page("sources/one-line.html")
        #expect(html.contains("end of the only line"))
        #expect(html.utf8.count > 1_048_576)
    }

    @Test func threeThousandTinySourcesEachGetTheirPages() throws {
        let project = try HostileProject()
        defer { project.remove() }
        let names = ["Anna Kowalczyk", "Tomas Berger", "Olena Petrenko", "Marta Nowak"]
        let cities = ["Warsaw", "Berlin", "Kyiv", "Paris", "Madrid"]
        for index in 0..<3000 {
            try project.write(String(format: "batch-%d/note %04d.txt", index / 500, index),
                              "Note \(index)\n\n\(names[index % names.count]) spoke in \(cities[index % cities.count]) about item \(index).\n")
        }
        let report = try project.build()
        #expect(report.sources == 3001)
        let files = try snapshot(project.out)
        for index in stride(from: 0, to: 3000, by: 1) {
            let id = String(format: "batch-%d-note-%04d", index / 500, index)
            if files["sources/\(id).html"] == nil || files["markdown/sources/\(id).md"] == nil {
                Issue.record("no page for source \(index)")
                break
            }
        }
        #expect(files.keys.filter { $0.hasPrefix("sources/") }.count == 3001)
    }

    // MARK: Names

    @Test func twoFilesWithTheSameIdStopTheBuildAndKeepThePreviousSite() throws {
        let project = try HostileProject()
        defer { project.remove() }
        try project.build()
        let before = try snapshot(project.out)
        try project.write("A b.txt", "One text\n\nFirst source in Warsaw.\n")
        try project.write("a-b.txt", "Another text\n\nSecond source in Berlin.\n")
        let run = try project.runBuild()
        #expect(run.status == 1)
        #expect(run.errors.contains("[read] a-b.txt: error: has the same id `a-b` as A b.txt"), "\(run.errors)")
        #expect(run.errors.contains("hint: rename one of the two files"))
        #expect(try snapshot(project.out) == before, "the previous site is untouched")
        #expect(try project.folderEntries() == ["public", "seeds"], "no staging folder is left behind")
    }

    /// Spaces, Unicode, quotes and shell syntax in a file name, and HTML in its text, are only ever text:
    /// nothing runs (the `x` folder beside the corpus survives) and nothing reaches a page unescaped.
    @Test func aHostileFileNameIsOnlyEverText() throws {
        let project = try HostileProject()
        defer { project.remove() }
        let canary = project.root.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: canary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: project.corpus.appendingPathComponent("x"), withIntermediateDirectories: true)
        let name = "$(rm -rf x); \"q\" ü.txt"
        try project.write(name, "Hostile <script>alert(1)</script> title\n\nThe minister spoke in Warsaw about `rm -rf x` and <b>bold</b> claims.\n")
        try project.write("x/`touch pwned` & <i>.md", "Backticks title\n\nA second source in Berlin.\n")
        let run = try project.runBuild([])  // with the search index: it holds these names too
        #expect(run.status == 0, "\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: canary.path), "nothing was executed")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("pwned").path))
        #expect(!FileManager.default.fileExists(atPath: project.corpus.appendingPathComponent("x/pwned").path))
        let html = try project.page("sources/rm-rf-x-q-u.html")
        #expect(html.contains("$(rm -rf x); &quot;q&quot; ü.txt"), "the file name is shown, escaped")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try project.page("sources/x-touch-pwned-i.html").contains("x/`touch pwned` &amp; &lt;i&gt;.md"))
        for (path, data) in try snapshot(project.out) where path.hasSuffix(".html") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("<script>alert") && !text.contains("<b>bold") && !text.contains("<i>.md"), "\(path) has raw HTML from the corpus")
        }
        // The search index holds the same text as JSON strings (search.js shows them as text only).
        let documents = try JSONSerialization.jsonObject(with: Data(contentsOf: project.out.appendingPathComponent("search/docs/0.json"))) as? [[String]]
        #expect(documents?.contains { $0[0] == "sources/rm-rf-x-q-u" && $0[1].contains("alert(1)") } == true, "\(String(describing: documents))")
    }

    // MARK: Links and special files

    @Test func linksOutsideTheCorpusBrokenLinksAndPipesAreSkipped() throws {
        let project = try HostileProject()
        defer { project.remove() }
        let outside = project.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("Private notes title\n\nTOP-SECRET words that live outside the corpus.\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        let files = FileManager.default
        try files.createSymbolicLink(atPath: project.corpus.appendingPathComponent("secret.txt").path, withDestinationPath: outside.appendingPathComponent("secret.txt").path)
        try files.createSymbolicLink(atPath: project.corpus.appendingPathComponent("elsewhere").path, withDestinationPath: outside.path)
        try files.createSymbolicLink(atPath: project.corpus.appendingPathComponent("relative.txt").path, withDestinationPath: "../outside/secret.txt")
        try files.createSymbolicLink(atPath: project.corpus.appendingPathComponent("dangling.txt").path, withDestinationPath: "/nonexistent/dossier/file.txt")
        try files.createSymbolicLink(atPath: project.corpus.appendingPathComponent("loop-a.txt").path, withDestinationPath: "loop-b.txt")
        try files.createSymbolicLink(atPath: project.corpus.appendingPathComponent("loop-b.txt").path, withDestinationPath: "loop-a.txt")
        #expect(mkfifo(project.corpus.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        // Reading the pipe would wait for a writer forever: the run's timeout turns that into a failure.
        let run = try DossierRun.run(project.buildArguments + ["--no-search"], in: project.root, timeout: 60)
        #expect(run.status == 0, "\(run.errors)")
        for line in ["secret.txt: warning: links outside the corpus folder; skipped",
                     "elsewhere: warning: links outside the corpus folder; skipped",
                     "relative.txt: warning: links outside the corpus folder; skipped",
                     "dangling.txt: warning: is a link to a file that does not exist (or a loop of links); skipped",
                     "loop-a.txt: warning: is a link to a file that does not exist (or a loop of links); skipped",
                     "pipe.txt: warning: is not a regular file (a pipe, socket or device); skipped"] {
            #expect(run.errors.contains(line), "missing `\(line)` in:\n\(run.errors)")
        }
        for (path, data) in try snapshot(project.out) {
            #expect(!String(decoding: data, as: UTF8.self).contains("TOP-SECRET"), "\(path) shows a file from outside the corpus")
        }
    }

    /// Inside the corpus, a link to a file is a source like any other; a link to a folder is not
    /// followed, or its files would be read twice.
    @Test func linksInsideTheCorpusAreReadOnce() throws {
        let project = try HostileProject()
        defer { project.remove() }
        let reports = project.corpus.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try Data("Harbour talks resume\n\nOfficials in the port city said on Monday that talks on the harbour would resume next week.\n".utf8)
            .write(to: reports.appendingPathComponent("harbour.txt"))
        try FileManager.default.createSymbolicLink(atPath: project.corpus.appendingPathComponent("again").path, withDestinationPath: "reports")
        try FileManager.default.createSymbolicLink(atPath: project.corpus.appendingPathComponent("linked.txt").path, withDestinationPath: "reports/harbour.txt")
        let run = try DossierRun.run(project.buildArguments + ["--no-search"], in: project.root, timeout: 60)
        #expect(run.status == 0, "\(run.errors)")
        let pages = try snapshot(project.out).keys
        #expect(pages.contains("sources/reports-harbour.html") && pages.contains("sources/linked.html"))
        #expect(!pages.contains { $0.hasPrefix("sources/again") }, "the linked folder's files are not read again")
    }

    // MARK: An output folder that is not a site

    struct OutputCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// `--out`, relative to the project folder (the current folder of the run).
        var out: String
        var message: String
        var testDescription: String { name }
    }

    static let outputCases = [
        OutputCase(name: "the corpus", out: "seeds", message: "seeds: error: the output folder holds"),
        OutputCase(name: "the project folder", out: ".", message: ".: error: the output folder holds"),
        OutputCase(name: "a folder of other files", out: "thesis", message: "thesis: error: the output folder is not empty and holds no site (no index.html)"),
        OutputCase(name: "a clone of a pages branch", out: "pages-clone", message: "pages-clone: error: the output folder is a git working copy (it has .git)"),
        OutputCase(name: "a file", out: "thesis/chapter.txt", message: "thesis/chapter.txt: error: the output is a file, not a folder"),
    ]

    /// The build replaces the whole output folder: a mistyped `--out` must not delete the corpus,
    /// the project or anyone's files.
    @Test(arguments: outputCases)
    func anOutputFolderThatIsNotASiteIsNeverReplaced(_ output: OutputCase) throws {
        let project = try HostileProject()
        defer { project.remove() }
        try Data("my thesis".utf8).write(to: project.root.appendingPathComponent("thesis/chapter.txt", isDirectory: false).creatingFolder())
        try Data("<html>the published site</html>".utf8).write(to: project.root.appendingPathComponent("pages-clone/index.html").creatingFolder())
        try Data("ref: refs/heads/gh-pages\n".utf8).write(to: project.root.appendingPathComponent("pages-clone/.git/HEAD").creatingFolder())
        let before = try snapshot(project.root)
        let run = try DossierRun.run(["build", "--corpus", "seeds", "--out", output.out, "--templates", project.templates.path,
                                      "--config", "dossier.yml", "--no-search"], in: project.root)
        #expect(run.status == 1)
        #expect(run.errors.contains("[write] " + output.message), "expected `\(output.message)` in:\n\(run.errors)")
        #expect(try snapshot(project.root) == before, "nothing was deleted or written")
        #expect(try project.folderEntries() == ["pages-clone", "seeds", "thesis"])
    }

    /// A site built into the corpus (`--out seeds/site`) is not read back as sources: the second
    /// build finds the one source the first did, not the first build's pages.
    @Test func aSiteBuiltInsideTheCorpusIsNotReadAsSources() throws {
        let project = try HostileProject()
        defer { project.remove() }
        let arguments = ["build", "--corpus", "seeds", "--out", "seeds/site", "--templates", project.templates.path,
                         "--config", "dossier.yml", "--no-search"]
        for round in 1...2 {
            // Changed before the second build, which would otherwise find nothing to do.
            if round == 2 { try project.write("report.txt", HostileProject.article + "Talks resume on Friday.\n") }
            let run = try DossierRun.run(arguments, in: project.root)
            #expect(run.status == 0, "build \(round): \(run.errors)")
            #expect(run.output.contains("Built 1 sources"), "build \(round): \(run.output)")
            #expect(!run.errors.contains("site/"), "build \(round) warned about the site's files: \(run.errors)")
        }
        let pages = try snapshot(project.corpus.appendingPathComponent("site")).keys
        #expect(pages.filter { $0.hasPrefix("sources/") } == ["sources/report.html"])
    }

    // MARK: Malformed YAML

    struct YAMLCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// Where the file goes, relative to the project folder.
        var path: String
        var text: String
        /// What standard error must say, after the file's path.
        var message: String
        var testDescription: String { name }
    }

    static let yamlCases = [
        YAMLCase(name: "config", path: "dossier.yml", text: "title: Fine\nquestion: [unclosed\nauthor: me\n",
                 message: "dossier.yml:3:7: error: malformed YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at line 2, column 11"),
        YAMLCase(name: "registry", path: "seeds/actors.yml", text: "actors:\n  - name: Anna Kowalczyk\n    aliases: [Kowalczyk\nignore: []\n",
                 message: "seeds/actors.yml:4:7: error: malformed YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at line 3, column 14"),
        YAMLCase(name: "summary", path: "seeds/summaries/report.md", text: "---\nsource: report.txt\ntitle: \"unclosed\ngenre: news-report\n---\n\nNotes.\n",
                 message: "seeds/summaries/report.md:4:19: error: malformed YAML: found unexpected end of stream while scanning a quoted scalar that starts at line 3, column 8"),
        YAMLCase(name: "summary, bad indentation", path: "seeds/summaries/report.md", text: "---\nsource: report.txt\ntitle: A title\n  genre: news-report\n---\n",
                 message: "seeds/summaries/report.md:4:8: error: malformed YAML: mapping values are not allowed in this context"),
    ]

    @Test(arguments: yamlCases)
    func malformedYAMLStopsTheBuildWithFileLineAndColumn(_ yaml: YAMLCase) throws {
        let project = try HostileProject()
        defer { project.remove() }
        try project.build()
        let before = try snapshot(project.out)
        let file = project.root.appendingPathComponent(yaml.path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(yaml.text.utf8).write(to: file)
        let run = try project.runBuild()
        #expect(run.status == 1)
        #expect(run.errors.contains(project.root.path + "/" + yaml.message), "expected `\(yaml.message)` in:\n\(run.errors)")
        #expect(try snapshot(project.out) == before, "the previous site is untouched")
        #expect(try project.folderEntries() == (yaml.path == "dossier.yml" ? ["dossier.yml", "public", "seeds"] : ["public", "seeds"]))
        #expect(try String(contentsOf: file, encoding: .utf8) == yaml.text, "the analyst's file is never rewritten")
    }

    // MARK: Summaries

    @Test func aSummaryWhoseSourceIsGoneIsReportedButDoesNotStopTheBuild() throws {
        let project = try HostileProject()
        defer { project.remove() }
        try project.write("summaries/removed-report.md", "---\nsource: removed-report.txt\ntitle: A report that was deleted\n---\n\nMy notes.\n")
        let run = try project.runBuild()
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("summaries/removed-report.md: warning: belongs to no source in the corpus (was it renamed or removed?); ignored"))
        #expect(!(try project.page("index.html")).contains("A report that was deleted"))
        let check = try DossierRun.run(["check", "--corpus", project.corpus.path, "--out", project.out.path, "--config", project.config.path], in: project.root)
        #expect(check.status == 1, "check reports it and fails")
        #expect(check.output.contains("removed-report.md"))
    }

    // MARK: Templates

    struct TemplateCase: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var text: String
        var message: String
        var testDescription: String { name }
    }

    static let templateCases = [
        TemplateCase(name: "unclosed section", file: "partials/footer.mustache", text: "<footer>\n  <p>{{#site}}{{title}}</p>\n</footer>\n",
                     message: "partials/footer.mustache:2:6: error: template syntax error: the section `site` is opened here but never closed"),
        TemplateCase(name: "unclosed tag", file: "partials/footer.mustache", text: "<footer>\n  <p>{{title</p>\n</footer>\n",
                     message: "partials/footer.mustache:2:13: error: template syntax error: a tag is not closed with }}"),
        TemplateCase(name: "section closed with another name", file: "partials/footer.mustache", text: "<footer>\n{{#site}}\n  <p>{{title}}</p>\n{{/page}}\n</footer>\n",
                     message: "partials/footer.mustache:4:"),
        TemplateCase(name: "missing partial", file: "partials/footer.mustache", text: "<footer>\n  <p>{{> partials/colophon}}</p>\n</footer>\n",
                     message: "partials/footer.mustache:2:6: error: the template uses `partials/colophon`, but there is no partials/colophon.mustache"),
    ]

    @Test(arguments: templateCases)
    func aBrokenTemplateStopsTheBuildWithFileLineAndColumn(_ template: TemplateCase) throws {
        var project = try HostileProject()
        defer { project.remove() }
        try project.copyTemplates()
        try project.build()
        let before = try snapshot(project.out)
        try Data(template.text.utf8).write(to: project.templates.appendingPathComponent(template.file))
        let run = try project.runBuild()
        #expect(run.status == 1)
        #expect(run.errors.contains("[templates] " + project.templates.path + "/" + template.message), "expected `\(template.message)` in:\n\(run.errors)")
        #expect(!run.errors.contains("near ``"))
        #expect(try snapshot(project.out) == before, "the previous site is untouched")
        #expect(try project.folderEntries() == ["public", "seeds", "templates"])
    }
}

// MARK: - What the published site may load

@Suite struct HostHeadersTests {
    @Test func theHeadersFileAllowsWhatThePagesLoadAndNothingElse() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("public")
        var options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path, output: out.path,
                                   templates: repositoryRoot.appendingPathComponent("templates").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        options.search = false
        _ = try BuildPipeline(options: options).run()
        let files = try snapshot(out)

        let headers = String(decoding: try #require(files["_headers"]), as: UTF8.self)
        let lines = headers.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "/*")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") && $0.contains(": ") }, "Netlify / Cloudflare Pages format:\n\(headers)")
        #expect(headers.contains("  X-Content-Type-Options: nosniff\n"))
        #expect(headers.contains("  Referrer-Policy: no-referrer\n"))
        let policyLine = try #require(lines.first { $0.hasPrefix("  Content-Security-Policy: ") })
        let directives = Dictionary(uniqueKeysWithValues: policyLine.dropFirst("  Content-Security-Policy: ".count)
            .split(separator: ";").map { part -> (String, [String]) in
                let words = part.split(separator: " ").map(String.init)
                return (words[0], Array(words.dropFirst()))
            })
        #expect(directives["default-src"] == ["'none'"])
        #expect(directives["style-src"] == ["'self'"])
        #expect(directives["img-src"] == ["'self'"])
        #expect(directives["frame-ancestors"] == ["'none'"])
        #expect(directives["form-action"] == ["'none'"])
        #expect(directives["base-uri"] == ["'self'"])
        let everything = directives.values.flatMap { $0 }
        #expect(!everything.contains { ["'unsafe-inline'", "'unsafe-eval'", "*", "data:", "blob:", "http:", "https:"].contains($0) || $0.contains("//") })

        // What the pages load, checked against the policy.
        var loadsScripts = false
        for (path, data) in files where path.hasSuffix(".html") || path.hasSuffix(".svg") {
            let page = String(decoding: data, as: UTF8.self)
            #expect(!page.contains("<style"), "\(path): a <style> element needs 'unsafe-inline'")
            #expect(page.range(of: #"<[^>]*\sstyle\s*="#, options: .regularExpression) == nil, "\(path): a style attribute needs 'unsafe-inline'")
            #expect(page.range(of: #"<[^>]*\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(path): inline event handlers are scripts")
            #expect(!page.contains("javascript:"), "\(path)")
            for element in ["<iframe", "<frame", "<object", "<embed", "<form", "<base"] {
                #expect(!page.contains(element), "\(path) has \(element)")
            }
            // Everything a page fetches (src=, and href= on <link rel=stylesheet|icon|…>) is same-origin.
            let fetched = matches(#"\ssrc="([^"]*)""#, in: page) + matches(#"<link[^>]*rel="(?:stylesheet|icon|preload|manifest)"[^>]*href="([^"]*)""#, in: page)
            for address in fetched {
                #expect(!address.contains(":") && !address.hasPrefix("//") && !address.isEmpty, "\(path) loads \(address) from another origin")
            }
            // Scripts: each from a file of the site, none inline.
            let scripts = matches(#"(<script[^>]*>)"#, in: page)
            loadsScripts = loadsScripts || !scripts.isEmpty
            for script in scripts { #expect(script.contains(" src=\""), "\(path): inline script \(script)") }
            #expect(!page.contains("<script>") && page.range(of: #"<script[^>]*>[^<]"#, options: .regularExpression) == nil, "\(path): inline script")
        }
        if loadsScripts {
            #expect(directives["script-src"] == ["'self'"], "the search box's script, from the site")
            #expect(directives["connect-src"] == ["'self'"], "the search box fetches its index from the site")
            #expect(directives["worker-src"] == nil, "no workers, no WebAssembly")
        } else {
            #expect(directives["script-src"] == nil && directives["connect-src"] == nil, "no page loads a script")
        }
        // The site's own scripts evaluate no strings (the policy has no 'unsafe-eval').
        for (path, data) in files where path.hasPrefix("assets/") && path.hasSuffix(".js") {
            let script = String(decoding: data, as: UTF8.self)
            #expect(!script.contains("eval(") && !script.contains("new Function") && !script.contains("innerHTML"), "\(path)")
        }
    }

    private func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

extension URL {
    /// The URL, once its folder exists.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
