import Foundation

/// The summary files on disk: `<corpus>/summaries/<id>.md`.
public struct SummaryStore: Sendable {
    public let folder: URL

    public init(corpus: String) {
        folder = URL(fileURLWithPath: corpus).appendingPathComponent("summaries")
    }

    public struct Loaded: Sendable {
        /// Source id → its parsed summary file.
        public var files: [String: SummaryFile]
        /// The files' text as read, to tell whether a merge changes anything.
        public var texts: [String: String]
        /// Files that could not be read or parsed, by id: never overwritten.
        public var errors: [String: DossierError]
    }

    public func path(for id: String) -> String {
        folder.appendingPathComponent(id + ".md").path
    }

    public func load() -> Loaded {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
        var files: [String: SummaryFile] = [:]
        var errors: [String: DossierError] = [:]
        var texts: [String: String] = [:]
        for name in names {
            let id = String(name.dropLast(3))
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                errors[id] = DossierError(file: path, "cannot read the summary file as UTF-8 text")
                continue
            }
            texts[id] = text
            do {
                files[id] = try SummaryFile.parse(text, path: path)
            } catch let error as DossierError {
                errors[id] = error
            } catch {
                errors[id] = DossierError(file: path, "\(error)")
            }
        }
        return Loaded(files: files, texts: texts, errors: errors)
    }

    /// Writes `text` to the summary file of `id` through a temporary file, so that
    /// a killed run never leaves a half-written summary.
    public func write(_ text: String, id: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(id + ".md")
        let temporary = folder.appendingPathComponent(".\(id).md.writing-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try Data(text.utf8).write(to: temporary)
            // rename(2) replaces the old file in one step.
            guard rename(temporary.path, target.path) == 0 else {
                throw DossierError(file: target.path, "cannot replace the summary file: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DossierError(file: target.path, "cannot write the summary file: \(error.localizedDescription)")
        }
    }
}
