import Dispatch
import Foundation
import ReadinessTestSupport
import Testing

@testable import ReadinessCore

/// The batch's hand-off of rows from its workers to the caller: in input order, within the
/// window, whatever order the workers finish in.
struct BatchTests {
    static let rules = Paths.repositoryRoot.appendingPathComponent("rules/vic-aod-peer-workforce")
        .path
    static let examples = Paths.repositoryRoot.appendingPathComponent("assessments").path

    /// Results made out of order by several workers come out in order, each once.
    @Test func handOffGivesResultsInInputOrder() {
        let count = 400
        let handOff = OrderedHandOff<Int>(count: count, window: 5)
        let workers = DispatchGroup()
        DispatchQueue.global().async(group: workers) {
            DispatchQueue.concurrentPerform(iterations: 4) { worker in
                while let index = handOff.claim() {
                    // Some positions take longer, so later ones are often delivered first.
                    if index % 3 == worker % 3 { usleep(100) }
                    handOff.deliver(index, index * 2)
                }
            }
        }
        var taken: [Int] = []
        for index in 0..<count { taken.append(handOff.take(index)) }
        workers.wait()
        #expect(taken == (0..<count).map { $0 * 2 })
    }

    /// No worker claims a position a window or more past the last one taken: memory stays
    /// bounded while the caller is slow.
    @Test func workersStayWithinTheWindow() {
        let handOff = OrderedHandOff<Int>(count: 50, window: 3)
        let claims = Counter()
        let workers = DispatchGroup()
        DispatchQueue.global().async(group: workers) {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                while let index = handOff.claim() {
                    claims.increment()
                    handOff.deliver(index, index)
                }
            }
        }
        // The caller has taken nothing yet: only the window's three positions are claimed,
        // however long it waits (the workers may start late on a busy machine).
        claims.wait(atLeast: 3)
        usleep(50_000)
        #expect(claims.value == 3)
        _ = handOff.take(0)
        claims.wait(atLeast: 4)
        usleep(50_000)
        #expect(claims.value == 4)
        for index in 1..<50 { #expect(handOff.take(index) == index) }
        workers.wait()
        #expect(claims.value == 50)
    }

    /// The window changes neither the rows, their order, nor the totals; progress comes every
    /// window and at the end.
    @Test func windowChangesNothingButProgress() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.rules)
        let paths = Batch.profilePaths([Self.examples])
        #expect(paths.count == 6)
        var wide = Batch(ruleSet: ruleSet)
        wide.window = 256
        var narrow = Batch(ruleSet: ruleSet)
        narrow.window = 4
        var wideRows: [Batch.Row] = []
        var narrowRows: [Batch.Row] = []
        var progress: [Int] = []
        let wideTotals = wide.run(paths, emit: { wideRows.append($0) })
        let narrowTotals = narrow.run(
            paths, emit: { narrowRows.append($0) }, progress: { done, _ in progress.append(done) })
        #expect(narrowRows == wideRows)
        #expect(narrowRows.map(\.file) == paths)
        #expect(narrowTotals == wideTotals)
        #expect(progress == [4, 6])
    }

    /// Folders are searched at any depth for `.yaml` and `.yml` files, hidden ones too; a
    /// symbolic link is listed but not followed into; a folder named like a profile is
    /// searched, not listed; a path given as a file is kept as given; all sorted.
    @Test func profilePathsWalkFolders() throws {
        let manager = FileManager.default
        let root = try TemporaryFolder("walk")
        defer { root.remove() }
        for folder in ["sub/deeper", "other", "folder.yaml"] {
            try manager.createDirectory(
                at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in [
            "a.yaml", "sub/b.yml", "sub/deeper/c.yaml", ".hidden.yaml", "other/d.yaml",
            "folder.yaml/e.yaml", "notes.txt", "sub/f.yaml.bak",
        ] {
            try "x: 1\n".write(
                to: root.appendingPathComponent(file), atomically: false, encoding: .utf8)
        }
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("linked-folder").path,
            withDestinationPath: root.appendingPathComponent("other").path)
        try manager.createSymbolicLink(
            atPath: root.appendingPathComponent("link.yaml").path,
            withDestinationPath: root.appendingPathComponent("a.yaml").path)
        let expected = [
            ".hidden.yaml", "a.yaml", "folder.yaml/e.yaml", "link.yaml", "other/d.yaml",
            "sub/b.yml", "sub/deeper/c.yaml",
        ].map { root.path + "/" + $0 }
        #expect(Batch.profilePaths([root.path]) == expected)
        #expect(Batch.profilePaths([root.path + "//"]) == expected)
        let given = root.appendingPathComponent("notes.txt").path
        #expect(
            Batch.profilePaths([given, root.path + "/sub"])
                == [
                    root.path + "/sub/b.yml", root.path + "/sub/deeper/c.yaml", given,
                ].sorted())
        #expect(Batch.profilePaths([root.path + "/nothing-here"]) == [root.path + "/nothing-here"])
    }

    /// A folder that cannot be read is named with the reason, not passed over.
    @Test func unreadableFolderIsNamed() throws {
        let deep = try DeepFolder(profile: "x: 1\n")
        defer { deep.remove() }
        let search = Batch.search([deep.root.path])
        #expect(search.profiles == [deep.root.path + "/a.yaml"])
        #expect(search.unreadableFolders.count == 1)
        #expect(search.unreadableFolders.first?.reason == "file name too long")
        #expect(search.unreadableFolders.first?.path.hasPrefix(deep.root.path + "/ddd") == true)
        #expect(Batch.profilePaths([deep.root.path]) == search.profiles)
    }

    /// Each worker's reader has allowed values of its own: decoded values are counted
    /// references to them, so no two cores take turns at one count. Field names, which no
    /// map counts, are the schema's own strings in every reader, the very strings the
    /// compiled rules select fields by (``ObjectSpec/allFieldNames``).
    @Test func readersShareOnlyFieldNames() throws {
        let ruleSet = try CompiledRuleSet.load(folder: Self.rules)
        let schema = ruleSet.ruleSet.schema
        let first = ProfileReadingPlan(schema)
        let second = ProfileReadingPlan(schema)
        func storage(_ text: String) -> UnsafePointer<UInt8>? {
            var text = text
            return text.withUTF8 { $0.baseAddress }
        }
        // Texts too long to be stored inline, which are the ones with storage to share.
        let firstNames = (0..<first.names.count).map(first.names.name)
        let secondNames = (0..<second.names.count).map(second.names.name)
        let canonical = schema.allFieldNames
        let long = firstNames.indices.filter { firstNames[$0].utf8.count > 15 }
        #expect(!long.isEmpty)
        for position in long {
            let index = try #require(canonical.firstIndex(of: firstNames[position]))
            #expect(storage(firstNames[position]) == storage(canonical[index]))
            #expect(storage(secondNames[position]) == storage(canonical[index]))
        }
        let longAllowed = first.allowedValues.indices.filter {
            first.allowedValues[$0].utf8.count > 15
        }
        #expect(!longAllowed.isEmpty)
        for position in longAllowed {
            #expect(
                storage(first.allowedValues[position]) != storage(second.allowedValues[position]))
        }
    }

    /// Each rule's domain position names the rule's own domain.
    @Test func domainPositionsMatchTheRules() throws {
        let compiled = try CompiledRuleSet.load(folder: Self.rules)
        let ruleSet = compiled.ruleSet
        #expect(compiled.domainPositions.count == ruleSet.rules.count)
        for (index, position) in compiled.domainPositions.enumerated() {
            #expect(ruleSet.domains[position].id == ruleSet.rules[index].domain)
        }
        var orphan = ruleSet
        orphan.rules[0].domain = "no-such-domain"
        #expect(Scores.domainPositions(orphan)[0] == -1)
    }

    /// No profiles: no rows, zero totals, and the workers finish.
    @Test func emptyBatch() throws {
        let batch = Batch(ruleSet: try CompiledRuleSet.load(folder: Self.rules))
        var rows = 0
        let totals = batch.run([], emit: { _ in rows += 1 })
        #expect(rows == 0)
        #expect(totals.profiles == 0)
        #expect(totals.assessed == 0)
    }
}

/// A count shared between threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    /// Waits (up to ten seconds) until the count reaches `target`.
    func wait(atLeast target: Int) {
        for _ in 0..<10_000 where value < target { usleep(1000) }
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// The header a batch reads first to count each organisation once: from a file's first bytes
/// only when the section is whole in them.
struct BatchHeaderTests {
    private func header(_ text: String, whole: Bool = true) -> [String]? {
        BatchDuplicates.header(in: Array(text.utf8), whole: whole).map {
            [$0.organisation, $0.asOf]
        }
    }

    @Test func readsTheAssessmentSection() {
        #expect(
            header("assessment:\n  organisation: Harbour\n  as_of: 2026-06-30\nstaff: {total: 3}\n")
                == ["Harbour", "2026-06-30"])
        #expect(
            header(
                "staff: {total: 3, x: [1, {a: b}]}\nassessment: {organisation: \"H: Q\", as_of: 2026-01-01}\n"
            ) == ["H: Q", "2026-01-01"])
        #expect(header("staff: {total: 3}\n") == nil)
        #expect(header("assessment: {organisation: X}\n") == nil)
        #expect(header("- a\n") == nil)
    }

    /// A prefix cut inside the section, or right after it, gives nothing (the caller reads the
    /// whole file); one that reaches past it gives the header.
    @Test func prefixesCutShortGiveNothing() {
        let text =
            "assessment:\n  organisation: Harbour AOD Services\n  as_of: 2026-06-30\nstaff:\n  total: 3\n"
        let cutInName = String(text.prefix(30))
        #expect(header(cutInName, whole: false) == nil)
        let cutAfterDate = String(text.prefix(text.count - 18))
        #expect(header(cutAfterDate, whole: false) == nil)
        #expect(
            header(String(text.prefix(text.count - 5)), whole: false) == [
                "Harbour AOD Services", "2026-06-30",
            ])
    }
}

/// A batch from Swift concurrency: rows in order then the totals, the same as the blocking
/// run; a consumer that stops listening stops the batch; many at once share one rule set.
struct BatchEventsTests {
    private static let examples = Paths.repositoryRoot.appendingPathComponent("assessments").path

    @Test func eventsMatchTheBlockingRun() async throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let batch = Batch(ruleSet: ruleSet)
        let paths = Batch.profilePaths([Self.examples])
        var blockingRows: [Batch.Row] = []
        let blockingTotals = batch.run(paths) { blockingRows.append($0) }
        var rows: [Batch.Row] = []
        var totals: Batch.Totals?
        for await event in batch.events(paths) {
            switch event {
            case .row(let row): rows.append(row)
            case .totals(let value): totals = value
            }
        }
        #expect(rows == blockingRows)
        #expect(totals == blockingTotals)
    }

    @Test func stoppingEarlyEndsTheBatch() async throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let paths = Array(repeating: Batch.profilePaths([Self.examples]), count: 200).flatMap { $0 }
        var seen = 0
        for await event in Batch(ruleSet: ruleSet).events(paths) {
            if case .row = event { seen += 1 }
            if seen == 3 { break }
        }
        #expect(seen == 3)
    }

    @Test func concurrentBatchesShareOneRuleSet() async throws {
        let ruleSet = try CompiledRuleSet.load(folder: ShippedRuleSetTests.folder)
        let paths = Batch.profilePaths([Self.examples])
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var count = 0
                    for await event in Batch(ruleSet: ruleSet).events(paths) {
                        if case .row = event { count += 1 }
                    }
                    return count
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == Array(repeating: paths.count, count: 8))
    }
}

/// The plain-text reading of a header agrees with the YAML parser's wherever it answers, and
/// leaves every other form to the parser.
struct PlainHeaderTests {
    static let cases = [
        "assessment:\n  organisation: Harbour AOD Services\n  as_of: 2026-06-30\n  assessor: Ops\nstaff:\n",
        "assessment:\n  as_of: 2026-06-30\n  organisation: Synthetic Service 0\npeer_workers: []\n",
        "assessment:\n  organisation: \"Quoted: Name\"\n  as_of: 2026-06-30\nstaff:\n",
        "assessment:\n  organisation: Name # comment\n  as_of: 2026-06-30\nstaff:\n",
        "assessment:\n  organisation: Two\n    lines\n  as_of: 2026-06-30\nstaff:\n",
        "assessment:\n  organisation: Café Services\n  as_of: 2026-06-30\nstaff:\n",
        "assessment: {organisation: Flow, as_of: 2026-06-30}\nstaff:\n",
        "assessment:\n  organisation: Harbour\n  as_of: 2026-06-30\n",
        "assessment:\n  organisation: Harbour\n  as_of: 2026-06-30\n  # note\nstaff:\n",
        "assessment:\n  organisation: Harbour\r\n  as_of: 2026-06-30\r\nstaff:\r\n",
        "assessment:\n   organisation: Three spaces\n   as_of: 2026-06-30\nstaff:\n",
    ]

    @Test(arguments: cases)
    func agreesWithTheParser(_ text: String) {
        let bytes = Array(text.utf8)
        guard let plain = BatchDuplicates.plainHeader(in: bytes) else { return }
        let parsed = BatchDuplicates.parsedHeader(in: bytes, whole: true)
        #expect(parsed?.organisation == plain.organisation && parsed?.asOf == plain.asOf, "\(text)")
    }

    /// It answers for the common plain form (so the parser is spared), and not for the rest.
    @Test func answersOnlyForThePlainForm() {
        let answered = Self.cases.map { BatchDuplicates.plainHeader(in: Array($0.utf8)) != nil }
        #expect(
            answered == [true, true, false, false, false, false, false, false, false, false, false])
    }
}
