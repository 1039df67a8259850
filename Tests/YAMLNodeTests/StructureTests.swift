import SourceDiagnostics
import Testing
import YAMLNode

/// Mappings, sequences, positions, anchors, aliases and merge keys.
struct StructureTests {
    /// Keys keep their document order and every node knows its line and column.
    @Test func orderAndPositions() throws {
        let root = try load(
            """
            zeta: 1
            alpha:
              - first
              - {inner: [x, y]}
            mid: "text"
            """)
        let keys = root.mapping?.map { $0.key.string ?? "" }
        #expect(keys == ["zeta", "alpha", "mid"])
        #expect(root.location == SourceLocation(file: "t.yaml", line: 1, column: 1))
        let alpha = try #require(root["alpha"]?.sequence)
        #expect(alpha[0].location == SourceLocation(file: "t.yaml", line: 3, column: 5))
        #expect(alpha[1].collectionStyle == .flow)
        let inner = try #require(alpha[1]["inner"]?.sequence)
        #expect(inner[1].location == SourceLocation(file: "t.yaml", line: 4, column: 17))
        #expect(root["mid"]?.range.end == SourceLocation(file: "t.yaml", line: 5, column: 12))
    }

    /// Columns count Unicode scalars, not bytes, as editors do.
    @Test func columnsCountScalars() throws {
        let root = try load("name: \"Ngā Hau\"\nnext: é\n")
        #expect(root["next"]?.location == SourceLocation(file: "t.yaml", line: 2, column: 7))
        let emoji = try load("k: [\"😀😀\", v]\n")
        #expect(emoji["k"]?.sequence?[1].location.column == 11)
    }

    /// An alias is replaced by a copy of its anchored node.
    @Test func anchorsAndAliases() throws {
        let root = try load(
            """
            base: &b {interval_days: 30}
            copy: *b
            list: [&x 1, *x, *x]
            """)
        #expect(root["copy"]?["interval_days"]?.scalar?.value == .int(30))
        #expect(root["copy"]?.location.line == 1)
        #expect(root["list"]?.sequence?.map { $0.scalar?.value } == [.int(1), .int(1), .int(1)])
        #expect(root["base"]?.anchor == "b")
    }

    /// An anchor may be redefined; an alias takes the latest definition before it.
    @Test func redefinedAnchor() throws {
        let root = try load("a: &v 1\nb: *v\nc: &v 2\nd: *v\n")
        #expect(root["b"]?.scalar?.value == .int(1))
        #expect(root["d"]?.scalar?.value == .int(2))
    }

    /// An alias to no anchor is an error with a did-you-mean.
    @Test func undefinedAlias() {
        #expect(
            renderedErrors("defaults: &defaults {a: 1}\nuse: *defualts\n") == """
                t.yaml:2:6: error[yaml.undefined-alias]: the alias `*defualts` refers to no anchor defined before it — did you mean `defaults`?
                    2 | use: *defualts
                      |      ^~~~~~~~~
                  = help: define `&defualts` on a node above this line

                """)
    }

    /// An alias inside the node it names is reported as recursive.
    @Test func recursiveAlias() {
        #expect(errorCodes("a: &r [1, *r]\n") == ["yaml.undefined-alias"])
        #expect(renderedErrors("a: &r [1, *r]\n").contains("refers to a node that contains it"))
    }

    /// A "billion laughs" file (9 levels of 9 aliases) fails fast with a clear error.
    @Test func aliasBomb() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        for level in 1..<10 {
            let previous = "*" + names[level - 1]
            text +=
                "\(names[level]): &\(names[level]) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        let rendered = renderedErrors(text)
        #expect(rendered.hasPrefix("t.yaml:"))
        #expect(
            rendered.contains(
                "error[yaml.alias-budget]: aliases in this document expand to more than 100000 nodes"
            ))
    }

    /// The alias budget is a setting: a small one stops a small expansion.
    @Test func aliasBudgetIsConfigurable() {
        let strict = YAMLLoader(limits: .init(aliasExpansion: 5, nestingDepth: 256))
        #expect(
            errorCodes("a: &a [1, 2, 3]\nb: *a\nc: *a\n", loader: strict) == ["yaml.alias-budget"])
        #expect(errorCodes("a: &a [1, 2, 3]\nb: *a\n", loader: strict) == [])
    }

    /// Nesting beyond the limit is an error, not a crash, even ten thousand levels deep.
    @Test func nestingLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(errorCodes(deep) == ["yaml.depth-limit"])
        let shallow = YAMLLoader(limits: .init(aliasExpansion: 100_000, nestingDepth: 3))
        #expect(errorCodes("a: {b: {c: 1}}\n", loader: shallow) == [])
        #expect(
            renderedErrors("a: {b: {c: [1]}}\n", loader: shallow) == """
                t.yaml:1:12: error[yaml.depth-limit]: collections are nested more than 3 levels deep
                    1 | a: {b: {c: [1]}}
                      |            ^
                  = help: flatten the structure, or raise the nesting limit if the file is trusted

                """)
    }

    /// `<<` merges one mapping; explicit keys win and merged keys keep their own positions.
    @Test func mergeOneMapping() throws {
        let root = try load(
            """
            defaults: &d
              interval_days: 30
              peer: true
            worker:
              <<: *d
              interval_days: 14
            """)
        let worker = try #require(root["worker"])
        #expect(worker["interval_days"]?.scalar?.value == .int(14))
        #expect(worker["peer"]?.scalar?.value == .bool(true))
        #expect(worker["peer"]?.location.line == 3)
        #expect(worker["<<"] == nil)
        #expect(worker.mapping?.count == 2)
    }

    /// `<<` with a list merges each mapping, earlier ones winning.
    @Test func mergeList() throws {
        let root = try load(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              w: 0
            """)
        let c = try #require(root["c"])
        #expect(c.mapping?.map { $0.key.string ?? "" } == ["x", "y", "z", "w"])
        #expect(c["y"]?.scalar?.value == .int(1))
    }

    /// A `<<` value that is not a mapping is an error.
    @Test func invalidMerge() {
        #expect(
            renderedErrors("a:\n  <<: 5\n") == """
                t.yaml:2:7: error[yaml.merge-invalid]: the merge key `<<` needs a mapping or a list of mappings, but this is a integer
                    2 |   <<: 5
                      |       ^
                  = help: point `<<` at an anchored mapping, as in `<<: *defaults`

                """)
        #expect(errorCodes("a:\n  <<: [{x: 1}, 2]\n") == ["yaml.merge-invalid"])
    }

    /// Duplicate keys are errors naming both positions, all of them reported at once.
    @Test func duplicateKeys() {
        #expect(
            renderedErrors("name: A\nsize: 3\nname: B\nsize: 4\n") == """
                t.yaml:3:1: error[yaml.duplicate-key]: the key `name` appears twice in this mapping
                    3 | name: B
                      | ^~~~
                  = note: t.yaml:1:1: `name` is first defined here
                  = help: remove one of the two entries, or rename one of them
                t.yaml:4:1: error[yaml.duplicate-key]: the key `size` appears twice in this mapping
                    4 | size: 4
                      | ^~~~
                  = note: t.yaml:2:1: `size` is first defined here
                  = help: remove one of the two entries, or rename one of them

                """)
        // Keys are compared by value: 1 and 0x1 are the same integer.
        #expect(errorCodes("{1: a, 0x1: b}") == ["yaml.duplicate-key"])
        #expect(errorCodes("{[a, b]: 1, [a, b]: 2}") == ["yaml.duplicate-key"])
        #expect(errorCodes("{'1': a, 1: b}") == [])
    }

    /// `loadDocument` demands exactly one document; `loadStream` returns them all.
    @Test func documentCounts() throws {
        #expect(
            renderedErrors("") == """
                t.yaml:1:1: error[yaml.no-document]: the file holds no YAML document (it is empty or only comments)
                    1 | 
                      | ^
                  = help: write the file's content, or name another file

                """)
        #expect(errorCodes("# only a comment\n") == ["yaml.no-document"])
        #expect(
            renderedErrors("a: 1\n---\nb: 2\n") == """
                t.yaml:2:1: error[yaml.multiple-documents]: a second YAML document starts here, but this file must hold exactly one
                    2 | ---
                      | ^
                  = help: remove the `---` line and what follows, or move that document into a file of its own

                """)
        let stream = try YAMLLoader().loadStream(
            SourceFile(path: "s.yaml", text: "a: 1\n---\nb: 2\n--- x\n"))
        #expect(stream.count == 3)
        #expect(stream[2].scalar?.value == .string("x"))
        #expect(try YAMLLoader().loadStream(SourceFile(path: "s.yaml", text: "")).isEmpty)
        #expect(try load("---\n").isNull)
    }
}
