import Glibc

/// What a build knows of a file it wrote, to tell later whether the file is still the one it
/// wrote: its size, and which file it is (its inode and modification time). A page edited by
/// hand, even to the same length, or replaced by another file, no longer matches, and the next
/// build writes it again rather than keeping it. A hard link keeps both, so a page linked from
/// the previous site keeps its stamp.
public struct FileStamp: Sendable, Equatable, Codable {
    public var size: Int
    /// The inode and the modification time (to the nanosecond), hashed into one number; 0 when
    /// unknown (the file is then known by its size alone).
    public var identity: UInt64

    public init(size: Int, identity: UInt64 = 0) {
        self.size = size
        self.identity = identity
    }

    /// The stamp of the file `status` describes (`stat`, `lstat` or `fstat`).
    init(_ status: stat) {
        var hash = ContentHash.WordAtATime()
        hash.add(UInt64(status.st_ino))
        hash.add(UInt64(bitPattern: Int64(status.st_mtim.tv_sec)))
        hash.add(UInt64(bitPattern: Int64(status.st_mtim.tv_nsec)))
        self.init(size: Int(status.st_size), identity: max(hash.value, 1))
    }

    /// Whether `status` (from `lstat`) is a plain file that is still this one.
    func matches(_ status: stat) -> Bool {
        status.st_mode & S_IFMT == S_IFREG && Int(status.st_size) == size && (identity == 0 || FileStamp(status).identity == identity)
    }

    /// The stamp of the file at `path` now, if it is a plain file.
    static func of(_ path: String) -> FileStamp? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(status)
    }

    /// `size:identity`, as the page manifest keeps it after a file's path.
    var field: String { "\(size):" + ContentHash.hex(identity) }

    /// As two numbers, the identity as a signed one: the cache's format holds 64-bit signed integers.
    public init(from decoder: any Decoder) throws {
        var fields = try decoder.unkeyedContainer()
        size = try fields.decode(Int.self)
        identity = UInt64(bitPattern: try fields.decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var fields = encoder.unkeyedContainer()
        try fields.encode(size)
        try fields.encode(Int64(bitPattern: identity))
    }
}
