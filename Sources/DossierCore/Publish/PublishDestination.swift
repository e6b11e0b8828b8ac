import Foundation

/// Where a publish goes: a branch of a git repository (how code hosts serve
/// static pages) or a folder a web server serves.
public enum PublishDestination: Sendable, Equatable, CustomStringConvertible {
    case git(repository: String, branch: String)
    case folder(String)

    public static let defaultBranch = "gh-pages"

    /// A URL git accepts (`https://…`, `ssh://…`, `file://…`, `git@host:path`) or
    /// a local path that is a git repository, bare or not, is a git destination;
    /// any other path is a folder, created if missing.
    public static func resolve(_ text: String, branch: String?) -> PublishDestination {
        if looksLikeURL(text) || isRepository(text) {
            return .git(repository: text, branch: branch ?? defaultBranch)
        }
        return .folder(text)
    }

    /// `scheme://…`, or git's scp-like `[user@]host:path` (a colon before any slash).
    static func looksLikeURL(_ text: String) -> Bool {
        if text.contains("://") { return true }
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        return !text[..<colon].contains("/")
    }

    /// The folder itself is a repository: it holds `.git`, or it is a bare
    /// repository (`HEAD`, `objects/`, `refs/`, as git itself checks). A folder
    /// that merely lies inside a working tree is not.
    static func isRepository(_ path: String) -> Bool {
        let fileManager = FileManager.default
        let root = URL(fileURLWithPath: path)
        if fileManager.fileExists(atPath: root.appendingPathComponent(".git").path) { return true }
        var isFolder: ObjCBool = false
        return fileManager.fileExists(atPath: root.appendingPathComponent("HEAD").path)
            && fileManager.fileExists(atPath: root.appendingPathComponent("objects").path, isDirectory: &isFolder) && isFolder.boolValue
            && fileManager.fileExists(atPath: root.appendingPathComponent("refs").path, isDirectory: &isFolder) && isFolder.boolValue
    }

    public var description: String {
        switch self {
        case let .git(repository, branch): return "branch \(branch) of \(repository)"
        case let .folder(path): return "folder \(path)"
        }
    }
}
