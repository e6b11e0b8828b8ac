import Foundation
import Testing
@testable import DossierCore

/// The page manifest (`.dossier-cache/pages.tsv`): what a build writes, the next reads back
/// as it was; anything damaged makes the whole manifest empty, so no page is reused on it.
@Suite struct PageManifestTests {
    /// The manifest in `text`, read as the build reads the file's bytes.
    static func parse(_ text: String) -> PageManifest? {
        var text = text
        return text.withUTF8 { PageManifest.parse($0) }
    }

    static let manifest = PageManifest(layout: "0f1e2d3c4b5a6978", entries: [
        "sources/a": .init(digest: "0123456789abcdef", inputs: "00112233aabbccdd", loadsScripts: true, kind: .source, content: 310..<1010,
                           title: "Talks \\ resume\tin the\nport", description: "2024-03-01 · news-report",
                           files: ["sources/a.html", "markdown/sources/a.md"],
                           stamps: [FileStamp(size: 1200, identity: 0xfedc_ba98_7654_3210), FileStamp(size: 800, identity: 1)]),
        "actors/é-name": .init(digest: "fedcba9876543210", loadsScripts: false, kind: .actor, content: 0..<0, title: "", description: "-",
                               files: ["actors/é-name.html"], stamps: [FileStamp(size: 0, identity: UInt64.max)]),
        "compare/a--b": .init(digest: "00000000000000ff", loadsScripts: false, kind: .compare, content: nil, title: "A — B", description: nil,
                              files: ["compare/a--b.html", "compare/network.svg", "markdown/compare/network.svg"],
                              stamps: [FileStamp(size: 5, identity: 2), FileStamp(size: 6, identity: 3), FileStamp(size: 7, identity: 4)]),
    ])

    static func text() throws -> String { try #require(String(data: manifest.file().contents, encoding: .utf8)) }

    @Test func aManifestReadsBackAsItWasWritten() throws {
        let text = try Self.text()
        #expect(Self.parse(text) == Self.manifest)
        // A title's tab and line break are escaped: one line per page, its fields where they belong.
        #expect(text.split(separator: "\n").count == 4)
        #expect(text.contains("\tTalks \\\\ resume\\tin the\\nport\t"))
    }

    @Test func aDamagedManifestIsEmptyNotPartlyTrusted() throws {
        let text = try Self.text()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Self.parse(String(text.dropLast())) == nil, "cut short")
        #expect(Self.parse(lines.dropLast().joined(separator: "\n") + "\n") == nil, "a line missing")
        #expect(Self.parse(text.replacingOccurrences(of: "0123456789abcdef", with: "0123456789abcde")) == nil, "a short digest")
        #expect(Self.parse(text.replacingOccurrences(of: "00112233aabbccdd", with: "00112233aabbccdG")) == nil, "inputs that are not a digest")
        #expect(Self.parse(text.replacingOccurrences(of: "\t00112233aabbccdd", with: "")) == nil, "a line without its inputs field")
        #expect(Self.parse(text.replacingOccurrences(of: ":1200:", with: ":12x0:")) == nil, "a size that is not a number")
        #expect(Self.parse(text.replacingOccurrences(of: ":fedcba9876543210", with: ":fedcba987654321g")) == nil, "an identity that is not hex")
        #expect(Self.parse(text.replacingOccurrences(of: ":1200:fedcba9876543210", with: ":1200")) == nil, "a file without its identity")
        #expect(Self.parse(text.replacingOccurrences(of: "\tscript", with: "\tscripts")) == nil, "an unknown marker")
        #expect(Self.parse(text.replacingOccurrences(of: "\tsource\t", with: "\tsourcery\t")) == nil, "an unknown kind")
        #expect(Self.parse(text.replacingOccurrences(of: "\t310+700\t", with: "\t310+\t")) == nil, "a content place without its length")
        #expect(Self.parse(text.replacingOccurrences(of: "\t310+700\t", with: "\t310-700\t")) == nil, "a content place that is not one")
        #expect(Self.parse(text.replacingOccurrences(of: "resume\\tin", with: "resume\\qin")) == nil, "an escape the manifest does not write")
        #expect(Self.parse(text.replacingOccurrences(of: "\t=2024-03-01", with: "\t2024-03-01")) == nil, "a description without its marker")
        #expect(Self.parse(text.replacingOccurrences(of: " 0f1e2d3c4b5a6978\n", with: "\n")) == nil, "a header without the layout")
        #expect(Self.parse(text.replacingOccurrences(of: "dossier-pages ", with: "dossier-page ")) == nil, "another header")
        #expect(Self.parse("") == nil)
        // Read as bytes: a field that is not UTF-8 (here the title's first byte) damages the manifest too.
        var bytes = Array(text.utf8)
        let title = try #require(bytes.indices.first { bytes[$0...].starts(with: "Talks".utf8) })
        bytes[title] = 0xFF
        #expect(bytes.withUnsafeBufferPointer { PageManifest.parse($0) } == nil, "a title that is not UTF-8")
        bytes[title] = UInt8(ascii: "T")
        #expect(bytes.withUnsafeBufferPointer { PageManifest.parse($0) } == Self.manifest)
    }

    /// A page's digest must change whenever its content does: every byte counts, wherever it
    /// falls among the eight-byte words, and so does where one part ends and the next begins.
    @Test func thePageDigestSeesEveryByteAndEveryBoundary() {
        func digest(_ parts: [String]) -> String {
            var hash = ContentHash.WordAtATime()
            for part in parts { hash.add(part) }
            return hash.digest
        }
        var seen: Set<String> = []
        let base = Array("The delegations agreed to meet again in the spring, é".utf8)
        for length in 0...base.count {
            let prefix = Array(base.prefix(length))
            #expect(seen.insert(digest([String(decoding: prefix, as: UTF8.self)])).inserted, "length \(length)")
        }
        for position in base.indices where base[position] < 0x80 {
            var changed = base
            changed[position] ^= 0x01
            #expect(seen.insert(digest([String(decoding: changed, as: UTF8.self)])).inserted, "a byte changed at \(position)")
        }
        #expect(digest(["ab", ""]) != digest(["a", "b"]) && digest(["a", "b"]) != digest(["ab"]))
        #expect(digest(["same", "parts"]) == digest(["same", "parts"]))
        #expect(digest(["x"]).count == 16 && digest(["x"]).allSatisfy(\.isHexDigit))
    }
}
