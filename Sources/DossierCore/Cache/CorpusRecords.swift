import Foundation

/// What the build read of each file of the corpus (`CorpusReader.FileRecord`), kept for the next
/// build in `.dossier-cache/corpus.entry` (`EntryCoding`'s form) with the program that read it:
/// another build of dossier may decode a file otherwise. A file that does not decode is no
/// record: every source is read.
enum CorpusRecords {
    static let path = BuildCache.folder + "/corpus.entry"

    struct Stored: EntryCodable {
        var program: String
        var records: [String: CorpusReader.FileRecord]

        init(program: String, records: [String: CorpusReader.FileRecord]) {
            self.program = program
            self.records = records
        }

        init(from reader: inout EntryReader) throws {
            program = try reader.read()
            let count = try reader.count()
            records = Dictionary(minimumCapacity: count)
            for _ in 0..<count { records[try reader.read() as String] = try reader.read() as CorpusReader.FileRecord }
        }

        /// In path order, so that the same records give the same bytes.
        func write(to writer: inout EntryWriter) {
            writer.write(program)
            writer.write(records.count)
            for path in records.keys.sorted() {
                writer.write(path)
                writer.write(records[path]!)
            }
        }
    }

    static func load(site: String) -> [String: CorpusReader.FileRecord] {
        guard let data = FileManager.default.contents(atPath: (site as NSString).appendingPathComponent(path)),
              let stored = try? EntryCoding.decode(Stored.self, from: data), stored.program == BuildCache.programFingerprint else { return [:] }
        return stored.records
    }

    /// Replaces the records of a site the build leaves as it is (it was up to date): the file is
    /// renamed into place whole; where it cannot be written, the next build reads those files again.
    static func refresh(site: String, with records: [String: CorpusReader.FileRecord]) {
        let target = (site as NSString).appendingPathComponent(path)
        let temporary = target + ".writing-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: file(records).contents) else { return }
        if rename(temporary, target) != 0 { unlink(temporary) }
    }

    static func file(_ records: [String: CorpusReader.FileRecord]) -> SiteFile {
        SiteFile(path: path, contents: EntryCoding.encode(Stored(program: BuildCache.programFingerprint, records: records)))
    }
}

extension CorpusReader.FileRecord: EntryCodable {
    init(from reader: inout EntryReader) throws {
        stamp = FileStamp(size: try reader.read(), identity: UInt64(bitPattern: Int64(try reader.read() as Int)))
        outcome = try reader.read()
        contentHash = try reader.read()
        decodingNotes = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(stamp.size)
        writer.write(Int(Int64(bitPattern: stamp.identity)))
        writer.write(outcome)
        writer.write(contentHash)
        writer.write(decodingNotes)
    }
}
