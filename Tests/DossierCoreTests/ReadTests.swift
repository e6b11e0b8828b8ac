import Foundation
import Testing
@testable import DossierCore

/// The Read stage: bytes → `RawSource`s with stable ids, Unicode text and `\n` line endings.
@Suite struct ReadTests {
    private func file(_ path: String, _ text: String) -> CorpusReader.File {
        CorpusReader.File(path: path, bytes: Array(text.utf8))
    }

    private func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    // MARK: Decoding

    @Test func utf8ByteOrderMarkIsDropped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Grain talks resume\n".utf8)
        let result = try CorpusReader().decode([.init(path: "a.txt", bytes: bytes)])
        let source = try #require(result.sources.first)
        #expect(source.text == "Grain talks resume\n")
        #expect(source.text.unicodeScalars.first != "\u{FEFF}")
        #expect(source.decodingNotes.isEmpty)
        #expect(result.warnings.isEmpty)
    }

    @Test(arguments: [false, true])
    func utf16WithByteOrderMarkIsDecoded(bigEndian: Bool) throws {
        let text = "Zürich – “quoted” text\r\nsecond line"
        let result = try CorpusReader().decode([.init(path: "u16.txt", bytes: utf16(text, bigEndian: bigEndian))])
        let source = try #require(result.sources.first)
        #expect(source.text == "Zürich – “quoted” text\nsecond line")
        #expect(source.decodingNotes.contains { $0.contains("UTF-16") })
    }

    @Test func invalidUTF8BecomesReplacementCharacterWithANote() throws {
        // "café" written in Latin-1: the é byte (0xE9) is not valid UTF-8.
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9] + Array(" au lait".utf8)
        let result = try CorpusReader().decode([.init(path: "latin1.txt", bytes: bytes)])
        let source = try #require(result.sources.first)
        #expect(source.text == "caf\u{FFFD} au lait")
        #expect(source.decodingNotes.count == 1)
        #expect(source.decodingNotes.first?.contains("UTF-8") == true)
    }

    @Test func validUTF8HasNoDecodingNotes() throws {
        let result = try CorpusReader().decode([file("ok.txt", "Ελληνικά, русский, 中文")])
        #expect(result.sources.first?.text == "Ελληνικά, русский, 中文")
        #expect(result.sources.first?.decodingNotes == [])
    }

    @Test func crlfAndLoneCRBecomeNewlines() throws {
        let result = try CorpusReader().decode([file("eol.txt", "one\r\ntwo\rthree\n\r\nfour\r")])
        #expect(result.sources.first?.text == "one\ntwo\nthree\n\nfour\n")
    }

    @Test func binaryFileIsSkippedWithAWarningNamingIt() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
        let result = try CorpusReader().decode([
            .init(path: "images/chart.txt", bytes: png),
            file("report.txt", "A real report."),
        ])
        #expect(result.sources.map(\.id) == ["report"])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.file == "images/chart.txt")
        #expect(result.warnings.first?.description.contains("images/chart.txt") == true)
    }

    @Test func emptyAndWhitespaceOnlyFilesAreSkippedWithWarnings() throws {
        let result = try CorpusReader().decode([
            file("empty.txt", ""),
            file("blank.md", "  \n\t\n\r\n"),
            .init(path: "bom-only.txt", bytes: [0xEF, 0xBB, 0xBF]),
            file("kept.txt", "Text."),
        ])
        #expect(result.sources.map(\.file) == ["kept.txt"])
        #expect(Set(result.warnings.compactMap(\.file)) == ["empty.txt", "blank.md", "bom-only.txt"])
        #expect(result.warnings.allSatisfy { $0.message.contains("empty") })
    }

    // MARK: Ids

    @Test func idsComeFromFileNames() {
        #expect(CorpusReader.id(for: "reports/001 Kyiv.txt") == "reports-001-kyiv")
        #expect(CorpusReader.id(for: "Grain Talks.md") == "grain-talks")
        #expect(CorpusReader.id(for: "a/b/c/Deep File.html") == "a-b-c-deep-file")
        #expect(CorpusReader.id(for: "Zoë Ångström interview.txt") == "zoe-angstrom-interview")
        #expect(CorpusReader.id(for: "Europe's choice.txt") == "europes-choice")
        #expect(CorpusReader.id(for: "notes.v2.txt") == "notes-v2")
    }

    @Test func sourceKnowsItsFileAndFormat() throws {
        let result = try CorpusReader().decode([
            file("a.txt", "text"), file("b.md", "markdown"), file("c.HTML", "html"), file("d.markdown", "markdown"),
        ])
        let formats = Dictionary(uniqueKeysWithValues: result.sources.map { ($0.file, $0.format) })
        #expect(formats == ["a.txt": .text, "b.md": .markdown, "c.HTML": .html, "d.markdown": .markdown])
    }

    @Test func twoFilesWithTheSameIdThrowAnErrorNamingTheFile() throws {
        let files = [file("news/grain.txt", "First."), file("news-grain.md", "Second.")]
        let error = try #require(throws: DossierError.self) { try CorpusReader().decode(files) }
        #expect(error.file == "news-grain.md")
        #expect(error.message.contains("news-grain"))
        #expect(error.message.contains("news/grain.txt"))
    }

    @Test func sourcesAreSortedById() throws {
        let result = try CorpusReader().decode([
            file("zeta.txt", "z"), file("Alpha.txt", "a"), file("m/inner.txt", "m"), file("beta.md", "b"),
        ])
        #expect(result.sources.map(\.id) == ["alpha", "beta", "m-inner", "zeta"])
    }

    @Test func contentHashFollowsTheBytes() throws {
        let one = try CorpusReader().decode([file("a.txt", "The talks resumed.")]).sources[0]
        let same = try CorpusReader().decode([file("b.txt", "The talks resumed.")]).sources[0]
        let changed = try CorpusReader().decode([file("a.txt", "The talks resumed!")]).sources[0]
        #expect(one.contentHash == same.contentHash)
        #expect(one.contentHash != changed.contentHash)
        #expect(one.contentHash.count == 16)
        // The hash is of the bytes on disk, so a line-ending change is a change.
        let crlf = try CorpusReader().decode([file("a.txt", "The talks resumed.\r\n")]).sources[0]
        let lf = try CorpusReader().decode([file("a.txt", "The talks resumed.\n")]).sources[0]
        #expect(crlf.text == lf.text)
        #expect(crlf.contentHash != lf.contentHash)
    }

    // MARK: Reading a folder

    @Test func readFolderSkipsAnalystFilesHiddenFilesAndUnknownExtensions() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("dossier-read-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try write("top.txt", "A top-level source.")
        try write("reports/2024/nested report.md", "A nested source.")
        try write("page.html", "<p>An html source.</p>")
        try write("summaries/top.md", "---\ntitle: analyst summary\n---\n")
        try write("actors.yml", "merge: []\n")
        try write(".hidden.txt", "Not a source.")
        try write(".cache/inside.txt", "Not a source either.")
        try write("photo.jpg", "not really a photo")

        let result = try CorpusReader().read(folder: root.path)
        #expect(result.sources.map(\.id) == ["page", "reports-2024-nested-report", "top"])
        #expect(result.sources.map(\.file).contains("reports/2024/nested report.md"))
        #expect(result.sources.first { $0.id == "top" }?.text == "A top-level source.")
        let warned = result.warnings.compactMap(\.file)
        #expect(warned == ["photo.jpg"])
        #expect(!warned.contains { $0.hasPrefix("summaries") || $0.hasPrefix("actors") || $0.hasPrefix(".") })
    }

    @Test func anExcludedFolderIsNotEntered() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        for path in ["source.txt", "site/index.md", "site/sources/source.md", "sitemap/kept.txt"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("Words of \(path).".utf8).write(to: url)
        }
        // Spelled another way than the walk spells it: the same folder all the same.
        let result = try CorpusReader().read(folder: root.path, excluding: [root.path + "/./site/"])
        #expect(result.sources.map(\.file) == ["sitemap/kept.txt", "source.txt"])
        #expect(result.warnings.isEmpty)
        #expect(try CorpusReader().read(folder: root.path).sources.count == 4)
    }

    @Test func readingAMissingFolderThrows() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-missing-\(UUID().uuidString)")
        let error = try #require(throws: DossierError.self) { try CorpusReader().read(folder: missing.path) }
        #expect(error.file == missing.path)
    }

    // MARK: Records of the previous read

    /// Sets a file's modification time `seconds` before now: a file written a moment ago is not
    /// recorded (its time may not move at its next write), one written an hour ago is.
    private func age(_ file: URL, by seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: file.path)
    }

    /// A file with the stamp the previous read recorded is not read again: its source comes from
    /// the record (here a record with another hash, to tell), its text unread until `reread`. A
    /// file whose stamp changed is read; a binary or empty file is skipped from its record with
    /// the same warning; a file written in the last moments is read and not recorded.
    @Test func aFileWithItsRecordedStampIsNotReadAgain() throws {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let texts = ["a.txt": "The talks resumed on Monday.", "b.txt": "The corridor reopened.", "empty.txt": "  \n", "binary.txt": "\u{0}\u{1}\u{2}\u{0}"]
        for (name, text) in texts {
            try write(text, to: root.appendingPathComponent(name))
            try age(root.appendingPathComponent(name), by: 3600)
        }
        let first = try CorpusReader().read(folder: root.path)
        #expect(Set(first.records.keys) == Set(texts.keys))
        #expect(first.records["binary.txt"]?.outcome == .binary && first.records["empty.txt"]?.outcome == .empty && first.records["a.txt"]?.outcome == .text)
        #expect(first.sources.allSatisfy { $0.isRead })

        var known = first.records
        known["a.txt"]!.contentHash = "the recorded hash"
        // b.txt changed to the same length: only its stamp (its time) tells.
        try write("The corridor REOPENED.", to: root.appendingPathComponent("b.txt"))
        try age(root.appendingPathComponent("b.txt"), by: 1800)
        try write("Written just now.", to: root.appendingPathComponent("c.txt"))
        let second = try CorpusReader().read(folder: root.path, known: known)
        let a = try #require(second.sources.first { $0.file == "a.txt" })
        #expect(!a.isRead && a.text.isEmpty && a.contentHash == "the recorded hash", "a.txt comes from its record")
        let b = try #require(second.sources.first { $0.file == "b.txt" })
        #expect(b.isRead && b.text == "The corridor REOPENED." && b.contentHash != first.records["b.txt"]!.contentHash)
        #expect(second.warnings == first.warnings, "the skipped files are skipped again, with the same warnings")
        #expect(second.sources.map(\.id) == ["a", "b", "c"])
        #expect(second.records["c.txt"] == nil && second.records["b.txt"] != nil, "a file written a moment ago is not recorded")
        let reread = try CorpusReader.reread(a, folder: root.path)
        #expect(reread.isRead && reread.text == texts["a.txt"] && reread.contentHash == first.records["a.txt"]!.contentHash)
    }
}
