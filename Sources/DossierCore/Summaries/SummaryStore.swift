import Foundation

/// The summary files on disk: `<corpus>/summaries/<id>.md`.
public struct SummaryStore: Sendable {
    public let folder: URL
    /// `folder`'s path ending in "/": a build asks for the path of every source's file.
    private let folderPath: String

    public init(corpus: String) {
        folder = URL(fileURLWithPath: corpus).appendingPathComponent("summaries")
        folderPath = folder.path.endingInSlash
    }

    /// One summary file as read: its text, and the file parsed or what is wrong with it.
    public struct Loaded: Sendable {
        /// nil when the file cannot be read as text.
        public var text: String?
        public var file: Result<SummaryFile, DossierError>
    }

    public func path(for id: String) -> String {
        folderPath + id + ".md"
    }

    /// The ids of the sources with a summary file, sorted.
    public func ids() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(3)) }.sorted()
    }

    /// The text of the summary file of `id`; nil when it cannot be read as text.
    public func read(_ id: String) -> String? {
        FileManager.default.contents(atPath: path(for: id)).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The summary file of `id` as `read` gave it, parsed. Each file is parsed where its source is
    /// merged, and let go after: ten thousand files' parsed YAML held at once took over half a gigabyte.
    public func load(_ id: String, text: String?) -> Loaded {
        let path = self.path(for: id)
        guard let text else { return Loaded(text: nil, file: .failure(DossierError(file: path, "cannot read the summary file as UTF-8 text"))) }
        do {
            return Loaded(text: text, file: .success(try SummaryFile.parse(text, path: path)))
        } catch let error as DossierError {
            return Loaded(text: text, file: .failure(error))
        } catch {
            return Loaded(text: text, file: .failure(DossierError(file: path, "\(error)")))
        }
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
