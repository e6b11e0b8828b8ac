import Foundation
import Testing
import DossierCore

func copyTemplates(to url: URL) throws {
    try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("templates"), to: url)
}

@Suite(.serialized) struct TemplatesAndFailuresTests {
    @Test func editingTemplatesChangesTheOutputWithoutRecompiling() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let templates = root.appendingPathComponent("templates")
        try copyTemplates(to: templates)
        let page = templates.appendingPathComponent("page.mustache")
        try Data("{{< layout}}{{$main}}<div class=\"edited-by-test\">{{{content}}}</div>{{/main}}{{/layout}}\n".utf8).write(to: page)
        try Data("body { color: rebeccapurple; }\n".utf8).write(to: templates.appendingPathComponent("assets/style.css"))
        let out = root.appendingPathComponent("public")
        _ = try buildSeeds(into: out, templates: templates)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("<div class=\"edited-by-test\">"))
        #expect(try String(contentsOf: out.appendingPathComponent("assets/style.css"), encoding: .utf8).contains("rebeccapurple"))
    }

    @Test func aTemplateErrorStopsTheBuildAndLeavesThePreviousSite() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let templates = root.appendingPathComponent("templates")
        try copyTemplates(to: templates)
        let out = root.appendingPathComponent("public")
        _ = try buildSeeds(into: out, templates: templates)
        let before = try snapshot(out)

        try Data("<p>\n{{#page}}{{title}}\n".utf8).write(to: templates.appendingPathComponent("page.mustache"))
        do {
            _ = try buildSeeds(into: out, templates: templates)
            Issue.record("a broken template must fail the build")
        } catch let error as DossierError {
            #expect(error.file?.hasSuffix("page.mustache") == true)
            #expect(error.line != nil && error.column != nil)
            #expect(error.step == "templates")
        }
        #expect(try snapshot(out) == before, "the previous site is untouched")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["public", "templates"])
    }

    @Test func aMissingCorpusFailsWithItsPath() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = BuildOptions(corpus: root.appendingPathComponent("nope").path, output: root.appendingPathComponent("out").path,
                                   templates: repositoryRoot.appendingPathComponent("templates").path, config: root.appendingPathComponent("none.yml").path)
        #expect {
            try BuildPipeline(options: options).run()
        } throws: { error in
            (error as? DossierError)?.file?.hasSuffix("nope") == true
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test func malformedConfigIsReportedWithLineAndColumn() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("dossier.yml")
        try Data("title: Fine\nquestion: [unclosed\n".utf8).write(to: config)
        #expect {
            try DossierConfig.load(from: config.path)
        } throws: { error in
            guard let error = error as? DossierError else { return false }
            return error.file == config.path && error.line != nil && error.column != nil
        }
    }
}

@Suite struct CommandLineTests {
    /// The `dossier` binary built beside the test bundle.
    var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dossier")
    }

    @Test func extractJSONPrintsEverySourceWithTheDocumentedFields() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = root.appendingPathComponent("seeds")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("seeds"), to: corpus)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["extract", "--json", "--corpus", corpus.path]
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let sources = try #require(json["sources"] as? [[String: Any]])
        #expect(sources.count == 5)
        let fields = ["file", "id", "title", "published", "outlet", "author", "genre", "flags", "body", "removed", "comments",
                      "actors", "quotes", "events", "claims"]
        for source in sources {
            #expect(Set(source.keys) == Set(fields))
            let actors = try #require(source["actors"] as? [[String: Any]])
            for actor in actors {
                #expect(Set(actor.keys) == ["name", "kind", "forms", "roles", "mentions"])
                #expect(["person", "organisation", "state", "bloc"].contains(actor["kind"] as? String ?? ""))
            }
            for event in try #require(source["events"] as? [[String: Any]]) {
                let date = try #require(event["date"] as? String)
                #expect(date.range(of: #"^\d{4}(-\d{2}(-\d{2})?)?$"#, options: .regularExpression) != nil, "ISO-like date: \(date)")
            }
            #expect((source["body"] as? [String])?.isEmpty == false)
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(after == ["seeds"], "extract --json writes no file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
                == FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("seeds").path).sorted())
    }

    @Test func buildFailureExitsNonZeroWithTheFileInTheMessage() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let templates = root.appendingPathComponent("templates")
        try copyTemplates(to: templates)
        try Data("{{#x}}\n".utf8).write(to: templates.appendingPathComponent("layout.mustache"))
        let process = Process()
        process.executableURL = binary
        process.arguments = ["build", "--corpus", repositoryRoot.appendingPathComponent("seeds").path,
                             "--out", root.appendingPathComponent("out").path, "--templates", templates.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("layout.mustache:"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
