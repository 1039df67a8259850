import Foundation
import ReadinessTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C during `-o FILE` leaves no partial file and an existing file untouched.
struct InterruptionTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func interruptedBatchLeavesNoPartialFile(signal: Int32) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "readiness-interrupt-\(UUID().uuidString)")
        let profiles = folder.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Enough profiles (hard links to one) that the batch is still writing when signalled.
        let source = Paths.repositoryRoot.appendingPathComponent(
            "assessments/05-southern-embedded.yaml"
        ).path
        let text = try String(contentsOfFile: source, encoding: .utf8)
        for index in 0..<3_000 {
            let target = profiles.appendingPathComponent("p\(index).yaml").path
            // Each its own organisation: copies of one would count once, and finish at once.
            try text.replacingOccurrences(
                of: "organisation: Southern Lived Experience Collective",
                with: "organisation: Southern \(index)"
            ).write(toFile: target, atomically: false, encoding: .utf8)
        }
        let target = folder.appendingPathComponent("report.csv").path
        try "the previous report\n".write(toFile: target, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["batch", profiles.path, "--format", "csv", "-o", target]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let temporary = folder.appendingPathComponent(
            ".report.csv.\(process.processIdentifier).tmp"
        ).path
        // Wait (without a time limit that could fail on a slow machine) until rows are being
        // written to the temporary file, then interrupt.
        var size = 0
        while process.isRunning && size == 0 {
            usleep(5_000)
            size =
                (try? FileManager.default.attributesOfItem(atPath: temporary)[.size] as? Int) ?? 0
        }
        #expect(process.isRunning, "the batch finished before it could be interrupted")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()

        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == signal)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "the previous report\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "profiles", "report.csv",
            ])
    }

    /// A pipe or a device is written to, never replaced: a file renamed over it would take
    /// its place (once `-o /dev/null` left /dev/null a plain file). A device that refuses the
    /// bytes is an output error.
    @Test func pipesAndDevicesAreWrittenInPlace() throws {
        let folder = try TemporaryFolder("fifo")
        defer { folder.remove() }
        let fifo = folder.appendingPathComponent("rows.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader takes everything written to the pipe, as a consumer process would.
        let received = Received()
        let reader = Thread {
            received.set(FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data())
        }
        reader.start()
        let result = try CommandRunner.run([
            "batch", "assessments", "--format", "csv", "-o", fifo,
        ])
        #expect(result.status == 1)
        let text = String(decoding: received.wait(), as: UTF8.self)
        #expect(text.hasPrefix("file,organisation,"))
        #expect(text.contains("Eastside Recovery Network"))
        var status = stat()
        #expect(stat(fifo, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["rows.csv"])
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try CommandRunner.run([
                "batch", "assessments", "--format", "csv", "-o", "/dev/full",
            ])
            #expect(full.status == 73)
            #expect(full.stderr.contains("/dev/full: error[output.write]"))
            #expect(stat("/dev/full", &status) == 0)
            #expect(status.st_mode & S_IFMT == S_IFCHR)
        }
    }

    /// A special file that cannot be opened for writing (a Unix socket) is an output error
    /// naming it, and is left as it was.
    @Test func unwritableSpecialFileIsAnOutputError() throws {
        let folder = try TemporaryFolder("socket")
        defer { folder.remove() }
        let socketPath = folder.appendingPathComponent("rows.csv").path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            socketPath.utf8CString.withUnsafeBytes { raw.copyMemory(from: $0) }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        let result = try CommandRunner.run([
            "batch", "assessments", "--format", "csv", "-o", socketPath,
        ])
        #expect(result.status == 73)
        #expect(result.stderr.contains("\(socketPath): error[output.write]"))
        var status = stat()
        #expect(stat(socketPath, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFSOCK)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["rows.csv"])
    }

    /// When the finished file cannot be moved into place (the target is a folder), the
    /// temporary file is removed and the folder is untouched.
    @Test func failedOutputLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder("failed")
        defer { folder.remove() }
        // The target is a folder: the rename fails after everything was written.
        let target = folder.appendingPathComponent("report.csv")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try "x\n".write(
            to: target.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "batch", "assessments", "--format", "csv", "-o", target.path,
        ])
        #expect(result.status == 73)
        #expect(result.stderr.contains("error[output.write]: the output could not be written"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["report.csv"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: target.path) == ["keep.txt"])
    }
}

/// Bytes one thread receives and another waits for.
private final class Received: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.broadcast()
        condition.unlock()
    }

    /// The bytes, once received (or nothing after ten seconds).
    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(10)
        while data == nil, condition.wait(until: deadline) {}
        return data ?? Data()
    }
}
