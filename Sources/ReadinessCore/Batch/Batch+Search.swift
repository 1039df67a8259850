import Foundation
import SourceDiagnostics

extension Batch {
    /// What a search of the paths found: the profiles, and the folders it could not read.
    public struct Search: Sendable, Equatable {
        /// A folder that could not be searched, and why (`permission denied`).
        public struct UnreadableFolder: Sendable, Equatable {
            /// Its path.
            public var path: String
            /// Why it could not be read.
            public var reason: String
        }

        /// Every profile found, sorted.
        public var profiles: [String] = []
        /// Folders whose profiles are missing from ``profiles``.
        public var unreadableFolders: [UnreadableFolder] = []
    }

    /// Every `*.yaml`/`*.yml` file under the paths (folders searched at any depth, hidden files
    /// included, symbolic links listed but not followed into), sorted; a path that is not a
    /// folder is kept as given. A folder that cannot be read is named in the result, not
    /// passed over: its profiles would be missing from the batch without a word.
    public static func search(_ paths: [String]) -> Search {
        var search = Search()
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                var folder = path
                while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
                collectProfiles(in: folder == "/" ? "" : folder, into: &search)
            } else {
                search.profiles.append(path)
            }
        }
        search.profiles.sort()
        return search
    }

    /// The profiles of ``search(_:)``, for callers that report nothing else.
    public static func profilePaths(_ paths: [String]) -> [String] {
        search(paths).profiles
    }

    /// Adds the `.yaml` and `.yml` files in `folder` and the folders under it (hidden ones
    /// too; symbolic links are listed, not followed into) to `search`, and the folders among
    /// them that cannot be read.
    ///
    /// Read with `readdir`, which tells a folder from a file without a `stat` per entry:
    /// Foundation's enumerator cost 48,000 instructions a file, a pause of a tenth of a second
    /// before a batch of 10,000 profiles could start.
    private static func collectProfiles(in folder: String, into search: inout Search) {
        guard let directory = opendir(folder.isEmpty ? "/" : folder) else {
            search.unreadableFolders.append(
                .init(path: folder.isEmpty ? "/" : folder, reason: SourceFile.systemReason(errno)))
            return
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { bytes in
                bytes.bindMemory(to: CChar.self).baseAddress.map { String(cString: $0) } ?? ""
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            var kind = Int32(entry.pointee.d_type)
            if kind == Int32(DT_UNKNOWN) {
                // Some file systems leave the kind to `lstat`.
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                kind = (status.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : Int32(DT_REG)
            }
            if kind == Int32(DT_DIR) {
                collectProfiles(in: path, into: &search)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                search.profiles.append(path)
            }
        }
    }
}
