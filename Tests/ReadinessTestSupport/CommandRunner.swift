import Foundation

/// Runs the built `readiness` executable the way a user would, for end-to-end tests.
public enum CommandRunner {
    /// What one run of the tool gave.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
    }

    /// The built executable, found beside the test bundle in the build folder.
    public static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the runner is `.build/debug/<package>PackageTests.xctest`; on macOS it is
        // inside the bundle, three levels further down.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("readiness")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return Paths.repositoryRoot.appendingPathComponent(".build/debug/readiness")
    }

    /// Another executable of the package, built beside `readiness` (`readiness-bench`).
    public static func sibling(_ name: String) -> URL {
        executable.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Runs `readiness` (or `program`) with the arguments, in `directory` (the repository
    /// root by default), with `stdin` on its standard input (none by default).
    public static func run(
        _ arguments: [String], in directory: URL = Paths.repositoryRoot,
        environment: [String: String] = [:], program: URL? = nil, stdin: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a large output cannot fill a pipe and deadlock.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
