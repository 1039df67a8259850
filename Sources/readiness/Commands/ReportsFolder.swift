import ArgumentParser
import CEL
import Dispatch
import Foundation
import ReadinessCore
import ReadinessReport
import SourceDiagnostics

/// `batch --reports-dir`: each organisation's own HTML report in a folder, named after its
/// profile, linked from the batch's HTML page.
struct ReportsFolder {
    let folder: String
    /// Each profile's report file, by profile path.
    let files: [String: String]
    /// Each report as the batch page links it (relative to the page's folder), by profile.
    let links: [String: String]

    init(folder: String, linkedFrom page: String?, profiles: [String]) throws {
        self.folder = folder
        var files: [String: String] = [:]
        var links: [String: String] = [:]
        var used: Set<String> = []
        let pageFolder = page.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        for profile in profiles {
            // The profile's name, made unique: two folders may each hold `harbour.yaml`.
            let stem = ((profile as NSString).lastPathComponent as NSString)
                .deletingPathExtension
            var name = stem + ".html"
            var number = 2
            while used.contains(name) {
                name = "\(stem)-\(number).html"
                number += 1
            }
            used.insert(name)
            let file = (folder as NSString).appendingPathComponent(name)
            files[profile] = file
            links[profile] = Self.relative(file, from: pageFolder)
        }
        self.files = files
        self.links = links
    }

    /// `path` as seen from `folder` (both as given, relative or absolute).
    static func relative(_ path: String, from folder: String) -> String {
        let absolute = { (text: String) -> [String] in
            let full =
                text.hasPrefix("/")
                ? text : FileManager.default.currentDirectoryPath + "/" + text
            return (full as NSString).standardizingPath.split(separator: "/").map(String.init)
        }
        let target = absolute(path)
        let base = folder.isEmpty ? absolute(".") : absolute(folder)
        var common = 0
        while common < min(target.count, base.count), target[common] == base[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: base.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }

    /// Assesses every profile again in full and writes its report (atomically), on every core.
    /// A profile that cannot be assessed has no report (the batch already said why).
    func write(ruleSet: CompiledRuleSet, asOf: CELTimestamp?, waivers: WaiverList? = nil) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        } catch {
            Output.report([
                Diagnostic(
                    .error, code: "output.write",
                    message: "cannot make the reports folder (\(Self.obstacle(to: folder)))",
                    path: folder, help: "choose a folder you can write to")
            ])
            throw ExitStatus.outputFailed.code
        }
        let jobs = Array(files)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let (profile, file) = jobs[index]
            guard
                let assessment = try? Assessment.run(
                    ruleSet: ruleSet, profilePath: profile, asOf: asOf, waivers: waivers)
            else { return }
            let html = HTMLRenderer().render(
                AssessmentReport(assessment).relativizingPaths(
                    to: FileManager.default.currentDirectoryPath))
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            } catch {
                failures.add((file, error.localizedDescription))
            }
        }
        for failure in failures.all {
            Output.report([
                Diagnostic(
                    .error, code: "output.write",
                    message: "the report could not be written (\(failure.reason))",
                    path: failure.path, help: "check the folder's permissions")
            ])
        }
        if !failures.all.isEmpty { throw ExitStatus.outputFailed.code }
    }

    /// Why a folder cannot be made, in words: the first part of its path that exists, and
    /// what stands in the way there (Foundation's own message names an error number).
    static func obstacle(to folder: String) -> String {
        var existing = URL(fileURLWithPath: folder).standardizedFileURL
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing.deleteLastPathComponent()
        }
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder)
        if !isFolder.boolValue { return "\(existing.path) is a file, not a folder" }
        if !FileManager.default.isWritableFile(atPath: existing.path) {
            return "\(existing.path) is not writable by this user"
        }
        return "the system refused"
    }

    /// Problems met by concurrent writers.
    private final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(path: String, reason: String)] = []
        func add(_ item: (path: String, reason: String)) {
            lock.lock()
            items.append(item)
            lock.unlock()
        }
        var all: [(path: String, reason: String)] {
            lock.lock()
            defer { lock.unlock() }
            return items.sorted { $0.path < $1.path }
        }
    }
}
